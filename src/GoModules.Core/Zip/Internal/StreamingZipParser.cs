using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>
/// The forward-only module zip parser behind <see cref="ModuleZipReader"/>. It is fed the bytes as
/// they arrive and, for each entry, checks the name as soon as the local header is complete,
/// inflates, hashes and (optionally) extracts the data, and enforces the size limits byte by byte.
/// When the central directory arrives it is reconciled with what was streamed: the same names in
/// the same order with the same flags, method, CRC-32, sizes and offsets, the same count, the end
/// records pointing at it, and nothing before, between or after the records. A reader that trusted
/// the local headers could otherwise be shown other content than the go command (which reads the
/// central directory) would hash.
/// </summary>
internal sealed partial class StreamingZipParser : IDisposable
{
    private const int DigestSize = 32;

    private readonly EntryNameChecker _names;
    private readonly int _prefixLength;
    private readonly BackgroundFileWriter? _writer;
    private readonly bool _allowSymlinks;
    private readonly Inflater _inflater = new();
    private readonly EntrySink _sink;
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(ZipRecords.CentralHeaderSize + (3 * 65535));
    private byte[] _nameArena = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _nameArenaUsed;
    private byte[] _digests = ArrayPool<byte>.Shared.Rent(64 * DigestSize);
    private Entry[] _entries = ArrayPool<Entry>.Shared.Rent(64);
    private int _count;

    private State _state = State.Signature;
    private long _position;
    private long _compressedLeft;
    private int _cdIndex;
    private long _cdStart = -1;
    private long _zip64EndOffset = -1;
    private bool _sawZip64End;
    private long _commentLeft;
    private long _trailingLeft;
    private int _commentLength;
    private uint _trailingWindow;
    private int _currentCentralIndex = -1;
    private long _centralDeclaredTotal;

    public StreamingZipParser(string prefix, ExtractionTarget? target, bool allowSymlinks)
    {
        _names = new EntryNameChecker(prefix);
        _prefixLength = Encoding.UTF8.GetByteCount(prefix);
        _writer = target is null ? null : new BackgroundFileWriter(target);
        _allowSymlinks = allowSymlinks;
        _sink = new EntrySink(CurrentEntryName);
    }

    private enum State
    {
        Signature,
        LocalHeader,
        Data,
        Descriptor,
        CentralHeader,
        Zip64End,
        Zip64Locator,
        End,
        Comment,
        Trailing,
        Finished,
    }

    public bool IsFinished => _state == State.Finished;

    public int EntryCount => _count;

    public int FileCount { get; private set; }

    public long UncompressedSize => _names.TotalSize;

    /// <summary>Gets the number of bytes of the archive consumed so far.</summary>
    public long Position => _position;

    /// <summary>Parses as much of <paramref name="buffer"/> as possible.</summary>
    /// <param name="buffer">The unconsumed bytes.</param>
    /// <param name="isCompleted">No more bytes will come.</param>
    /// <returns>How many bytes were consumed.</returns>
    public long Process(ReadOnlySequence<byte> buffer, bool isCompleted)
    {
        long offset = 0;
        while (true)
        {
            var available = buffer.Length - offset;
            switch (_state)
            {
                case State.Finished:
                    return offset;

                case State.Signature:
                {
                    if (available < 4)
                    {
                        return Need(offset, isCompleted);
                    }

                    var sig = ReadUInt32(buffer, offset);
                    _state = sig switch
                    {
                        ZipRecords.LocalHeaderSignature when _cdStart < 0 => State.LocalHeader,
                        ZipRecords.CentralHeaderSignature => State.CentralHeader,
                        ZipRecords.Zip64EndOfCentralDirectorySignature when !_sawZip64End => State.Zip64End,
                        ZipRecords.Zip64LocatorSignature when _sawZip64End => State.Zip64Locator,
                        ZipRecords.EndOfCentralDirectorySignature => State.End,
                        _ => throw (_cdStart < 0 && _count == 0 && _position == 0
                            ? Format(SR.ZipNotValid)
                            : Mismatch(SRFormat.Format(SR.ZipUnexpectedBytes, _position))),
                    };
                    if (_state == State.CentralHeader && _cdStart < 0)
                    {
                        _cdStart = _position;
                    }

                    break;
                }

                case State.LocalHeader:
                    if (!TryLocalHeader(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Data:
                    if (!StreamData(buffer, ref offset))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Descriptor:
                    if (!TryDescriptor(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.CentralHeader:
                    if (!TryCentralHeader(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Zip64End:
                    if (!TryZip64End(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Zip64Locator:
                    if (!TryZip64Locator(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.End:
                    if (!TryEnd(buffer, ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Comment:
                    if (!SkipComment(ref offset, available))
                    {
                        return Need(offset, isCompleted);
                    }

                    break;

                case State.Trailing:
                    if (!SkipTrailing(buffer, ref offset, available, isCompleted))
                    {
                        return offset;
                    }

                    break;
            }
        }
    }

    private static long Need(long offset, bool isCompleted)
        => isCompleted
            ? throw Format(SR.ZipEndsBeforeEndRecord)
            : offset;

    /// <summary>Called after the last byte: builds the h1 hash of every entry, names sorted by UTF-8 bytes.</summary>
    public string ComputeHash()
    {
        var order = ArrayPool<int>.Shared.Rent(Math.Max(_count, 1));
        try
        {
            for (var i = 0; i < _count; i++)
            {
                order[i] = i;
            }

            var names = _nameArena;
            var entries = _entries;
            order.AsSpan(0, _count).Sort((a, b) => names.AsSpan(entries[a].NameStart, entries[a].NameLength).SequenceCompareTo(names.AsSpan(entries[b].NameStart, entries[b].NameLength)));
            using var summary = new SummaryWriter(null);
            for (var i = 0; i < _count; i++)
            {
                ref var e = ref _entries[order[i]];
                summary.AppendLine(_digests.AsSpan(order[i] * DigestSize, DigestSize), _nameArena.AsSpan(e.NameStart, e.NameLength));
            }

            return summary.Finish();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private int AddEntry(ReadOnlySpan<byte> name)
    {
        PooledArray.EnsureCapacity(ref _entries, _count, _count + 1);
        PooledArray.EnsureCapacity(ref _digests, _count * DigestSize, (_count + 1) * DigestSize);

        if (_nameArena.Length - _nameArenaUsed < name.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_nameArena.Length * 2, _nameArenaUsed + name.Length));
            _nameArena.AsSpan(0, _nameArenaUsed).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_nameArena);
            _nameArena = bigger;
        }

        name.CopyTo(_nameArena.AsSpan(_nameArenaUsed));
        _entries[_count] = new Entry { NameStart = _nameArenaUsed, NameLength = name.Length };
        _nameArenaUsed += name.Length;
        _currentCentralIndex = -1;
        return _count++;
    }

    private string CurrentEntryName()
    {
        var index = _currentCentralIndex >= 0 ? _currentCentralIndex : _count - 1;
        if (index < 0)
        {
            return "";
        }

        ref var e = ref _entries[index];
        return Encoding.UTF8.GetString(_nameArena.AsSpan(e.NameStart, e.NameLength));
    }

    private static uint ReadUInt32(ReadOnlySequence<byte> buffer, long offset)
    {
        Span<byte> b = stackalloc byte[4];
        buffer.Slice(offset, 4).CopyTo(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private static ModuleZipException Format(string message) => new(ModuleZipErrorKind.ZipFormat, message);

    /// <summary>A message about the current entry: <paramref name="format"/>'s {0} is its name.</summary>
    private string EntryMessage(string format) => SRFormat.Format(format, CurrentEntryName());

    /// <summary>An error about the current entry, naming it.</summary>
    private ModuleZipException EntryError(ModuleZipErrorKind kind, string format)
    {
        var name = CurrentEntryName();
        return new(kind, SRFormat.Format(format, name), name);
    }

    private static ModuleZipException Mismatch(string message) => new(ModuleZipErrorKind.CentralDirectoryMismatch, message);

    /// <summary>Abandons a partly written entry after a failure.</summary>
    public void Abort()
    {
        _sink.Abort();
        _writer?.Abandon();
    }

    /// <summary>Waits until every extracted file is written and closed; raises the first write failure.</summary>
    /// <remarks>Must come before <see cref="ComputeHash"/>: the writer thread hashes the extracted files.</remarks>
    public void CompleteWrites()
    {
        if (_writer is not null)
        {
            _writer.Complete();
            _writer.CopyDigests(_digests);
        }
    }

    public void Dispose()
    {
        _sink.Dispose();
        _writer?.Dispose();
        _inflater.Dispose();
        _names.Dispose();
        ArrayPool<byte>.Shared.Return(_scratch);
        ArrayPool<byte>.Shared.Return(_nameArena);
        ArrayPool<byte>.Shared.Return(_digests);
        ArrayPool<Entry>.Shared.Return(_entries);
        _scratch = [];
        _nameArena = [];
        _digests = [];
        _entries = [];
    }

    private struct Entry
    {
        public int NameStart;
        public int NameLength;
        public long LocalOffset;
        public ushort Flags;
        public ushort Method;
        public bool Zip64;
        public uint DeclaredCrc;
        public uint RecordedCrc;
        public uint ActualCrc;
        public long DeclaredCompressed;
        public long DeclaredUncompressed;
        public long ActualCompressed;
        public long ActualUncompressed;
        public int DescriptorLength;
        public bool IsFile;
    }
}
