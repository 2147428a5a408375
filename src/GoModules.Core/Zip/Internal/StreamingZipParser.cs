using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GoModules.Hashing.Internal;
using GoModules.Kernel;

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
internal sealed class StreamingZipParser : IDisposable
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
                            ? Format("zip: not a valid zip file")
                            : Mismatch(string.Create(CultureInfo.InvariantCulture, $"unexpected bytes at offset {_position} (not a zip record)"))),
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
                {
                    var n = Math.Min(available, _commentLeft);
                    offset += n;
                    _position += n;
                    _commentLeft -= n;
                    if (_commentLeft > 0)
                    {
                        return Need(offset, isCompleted);
                    }

                    // Bytes after the end record are ignored, as the go command's zip reader does, but only while a
                    // reader that looks for the end record from the back of the file finds this same record: the
                    // trailing bytes must hold no end-record signature and leave this record within the last
                    // 22 + 65535 bytes, where such a reader searches.
                    _trailingLeft = ushort.MaxValue - _commentLength;
                    _trailingWindow = 0;
                    _state = State.Trailing;
                    break;
                }

                case State.Trailing:
                {
                    if (available > _trailingLeft)
                    {
                        throw Mismatch("trailing bytes after the end of the archive: too many for the end record to be found from the back");
                    }

                    foreach (var segment in buffer.Slice(offset))
                    {
                        foreach (var b in segment.Span)
                        {
                            _trailingWindow = (_trailingWindow >> 8) | ((uint)b << 24);
                            if (_trailingWindow == ZipRecords.EndOfCentralDirectorySignature)
                            {
                                throw Mismatch("trailing bytes after the end of the archive hold another end of central directory record");
                            }
                        }
                    }

                    offset += available;
                    _position += available;
                    _trailingLeft -= available;
                    if (!isCompleted)
                    {
                        return offset;
                    }

                    _state = State.Finished;
                    break;
                }
            }
        }
    }

    private static long Need(long offset, bool isCompleted)
        => isCompleted
            ? throw Format("zip: not a valid zip file (the archive ends before its end of central directory record)")
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

    private bool TryLocalHeader(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.LocalHeaderSize)
        {
            return false;
        }

        var fixedPart = _scratch.AsSpan(0, ZipRecords.LocalHeaderSize);
        buffer.Slice(offset, ZipRecords.LocalHeaderSize).CopyTo(fixedPart);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Local.NameLength..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Local.ExtraLength..]);
        var total = ZipRecords.LocalHeaderSize + nameLength + extraLength;
        if (available < total)
        {
            return false;
        }

        var h = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(h);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Flags..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Method..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.Crc32..]);
        long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.CompressedSize..]);
        long usize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.UncompressedSize..]);
        var name = h.Slice(ZipRecords.LocalHeaderSize, nameLength);
        var zip64 = ApplyLocalZip64(h.Slice(ZipRecords.LocalHeaderSize + nameLength, extraLength), ref usize, ref csize);

        // Record the entry first so that errors can name it.
        var index = AddEntry(name);
        ref var e = ref _entries[index];
        e.LocalOffset = _position;
        e.Flags = flags;
        e.Method = method;
        e.Zip64 = zip64;

        if ((flags & (ZipRecords.FlagEncrypted | ZipRecords.FlagStrongEncryption)) != 0)
        {
            throw new ModuleZipException(ModuleZipErrorKind.Encrypted, CurrentEntryName() + ": encrypted entries are not supported", CurrentEntryName());
        }

        if (method is not (ZipRecords.MethodStored or ZipRecords.MethodDeflated))
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnsupportedCompression, CurrentEntryName() + ": zip: unsupported compression algorithm", CurrentEntryName());
        }

        var verdict = _names.Check(name, out var relative, out var error);
        if (verdict == EntryVerdict.Invalid)
        {
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, error!.ToString(), error.Path, [error]);
        }

        var hasDescriptor = (flags & ZipRecords.FlagDataDescriptor) != 0;
        var sizesKnown = !hasDescriptor || (method == ZipRecords.MethodStored && csize != 0);
        if (hasDescriptor && method == ZipRecords.MethodStored && csize == 0)
        {
            // Nothing delimits the data of such an entry in a stream (the go command never writes one).
            throw Format(CurrentEntryName() + ": stored entry with a data descriptor and no size cannot be read from a stream");
        }

        if (sizesKnown && method == ZipRecords.MethodStored && csize != usize)
        {
            throw Format(CurrentEntryName() + ": stored entry with different compressed and uncompressed sizes");
        }

        // Limits: what the header declares is checked now; the bytes themselves as they arrive.
        long limit;
        EntrySink.LimitKind limitKind;
        var fileLimit = verdict == EntryVerdict.File ? EntryNameChecker.FileLimit(relative) : -1;
        var budget = ModuleZipLimits.MaxZipFile - _names.TotalSize;
        if (!hasDescriptor)
        {
            // The total first: the go command reports a module that is too large before any file error.
            if (usize > budget)
            {
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, CurrentEntryName() + ": " + ModuleZipValidator.ContentsTooLargeMessage, CurrentEntryName());
            }

            if (fileLimit >= 0 && usize > fileLimit)
            {
                var fe = EntryNameChecker.FileTooLarge(name, relative);
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            limit = usize;
            limitKind = EntrySink.LimitKind.Declared;
        }
        else if (fileLimit >= 0 && fileLimit < budget)
        {
            limit = fileLimit;
            limitKind = EntrySink.LimitKind.FileLimit;
        }
        else
        {
            limit = budget;
            limitKind = EntrySink.LimitKind.Budget;
        }

        e.DeclaredCrc = crc;
        e.DeclaredCompressed = sizesKnown ? csize : -1;
        e.DeclaredUncompressed = hasDescriptor ? -1 : usize;
        var extract = false;
        if (verdict == EntryVerdict.File)
        {
            e.IsFile = true;
            FileCount++;
            if (_writer is not null)
            {
                _writer.BeginFile(relative, hasDescriptor ? 0 : usize);
                extract = true;
            }
        }

        _sink.Begin(null, extract ? _writer : null, limit, limitKind);
        _compressedLeft = sizesKnown ? csize : long.MaxValue;
        _inflater.Reset();
        offset += total;
        _position += total;
        _state = State.Data;
        return true;
    }

    private bool StreamData(ReadOnlySequence<byte> buffer, ref long offset)
    {
        ref var e = ref _entries[_count - 1];
        var rest = buffer.Slice(offset);
        if (_compressedLeft < rest.Length)
        {
            rest = rest.Slice(0, _compressedLeft);
        }

        if (e.Method == ZipRecords.MethodStored)
        {
            foreach (var segment in rest)
            {
                _sink.Write(segment.Span);
            }

            offset += rest.Length;
            _position += rest.Length;
            _compressedLeft -= rest.Length;
            e.ActualCompressed += rest.Length;
            if (_compressedLeft > 0)
            {
                return false;
            }

            FinishData(ref e);
            return true;
        }

        long taken = 0;
        var done = false;
        foreach (var segment in rest)
        {
            var span = segment.Span;
            while (true)
            {
                InflateStatus status;
                int consumed;
                try
                {
                    status = _inflater.Inflate(span, out consumed);
                }
                catch (InvalidOperationException ex)
                {
                    throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, CurrentEntryName() + ": zip: not a valid zip file (" + ex.Message + ")", CurrentEntryName(), null, ex);
                }

                taken += consumed;
                span = span[consumed..];
                _sink.Write(_inflater.Pending);
                _inflater.MarkDrained();
                if (status == InflateStatus.Done)
                {
                    done = true;
                    break;
                }

                if (status == InflateStatus.NeedsInput)
                {
                    break;
                }
            }

            if (done)
            {
                break;
            }
        }

        if (done)
        {
            var unused = _inflater.TakeUnusedInput();
            if (unused > taken)
            {
                throw Format(CurrentEntryName() + ": corrupt deflate stream");
            }

            taken -= unused;
        }

        offset += taken;
        _position += taken;
        e.ActualCompressed += taken;
        if (_compressedLeft != long.MaxValue)
        {
            _compressedLeft -= taken;
        }

        if (!done)
        {
            if (_compressedLeft == 0)
            {
                throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, CurrentEntryName() + ": unexpected EOF (compressed data ends before the deflate stream)", CurrentEntryName());
            }

            return false;
        }

        if (_compressedLeft is not 0 and not long.MaxValue)
        {
            throw Mismatch(CurrentEntryName() + ": deflate stream ends before its declared compressed size");
        }

        FinishData(ref e);
        return true;
    }

    private void FinishData(ref Entry e)
    {
        e.ActualCrc = _sink.Crc;
        e.ActualUncompressed = _sink.Written;
        _sink.End(_digests.AsSpan((_count - 1) * DigestSize, DigestSize), _count - 1);
        if (e.DeclaredUncompressed < 0)
        {
            // Sizes came with the descriptor: count the real size now (it fitted the budget).
            _names.TryAddSize(e.ActualUncompressed);
        }
        else if (e.ActualUncompressed != e.DeclaredUncompressed)
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, CurrentEntryName() + ": unexpected EOF (entry is shorter than its declared size)", CurrentEntryName());
        }

        if ((e.Flags & ZipRecords.FlagDataDescriptor) != 0)
        {
            _state = State.Descriptor;
            return;
        }

        CheckCrc(ref e, e.DeclaredCrc);
        e.RecordedCrc = e.DeclaredCrc;
        _state = State.Signature;
    }

    private void CheckCrc(ref Entry e, uint recorded)
    {
        // As in Go, a recorded CRC-32 of zero is not checked against the data.
        if (recorded != 0 && recorded != e.ActualCrc)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ChecksumMismatch, CurrentEntryName() + ": zip: checksum error", CurrentEntryName());
        }
    }

    private bool TryDescriptor(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        ref var e = ref _entries[_count - 1];
        var sizeLength = e.Zip64 ? 8 : 4;
        if (available < 4)
        {
            return false;
        }

        // The signature is optional. When the first word equals it, it is the signature, unless
        // the data's CRC-32 happens to have that value and the unsigned form is the one that fits.
        var first = ReadUInt32(buffer, offset);
        var withSignature = first == ZipRecords.DataDescriptorSignature;
        var length = (withSignature ? 4 : 0) + 4 + (2 * sizeLength);
        if (available < length)
        {
            return false;
        }

        var d = _scratch.AsSpan(0, length);
        buffer.Slice(offset, length).CopyTo(d);
        ReadDescriptor(withSignature ? d[4..] : d, sizeLength, out var crc, out var csize, out var usize);
        if (withSignature && e.ActualCrc == ZipRecords.DataDescriptorSignature
            && (crc != e.ActualCrc || csize != e.ActualCompressed || usize != e.ActualUncompressed))
        {
            withSignature = false;
            length -= 4;
            ReadDescriptor(d[..length], sizeLength, out crc, out csize, out usize);
        }

        if (csize != e.ActualCompressed || usize != e.ActualUncompressed)
        {
            throw Mismatch(CurrentEntryName() + ": data descriptor sizes differ from the data");
        }

        CheckCrc(ref e, crc);
        e.RecordedCrc = crc;
        e.DescriptorLength = length;
        offset += length;
        _position += length;
        _state = State.Signature;
        return true;
    }

    private static void ReadDescriptor(ReadOnlySpan<byte> d, int sizeLength, out uint crc, out long csize, out long usize)
    {
        crc = BinaryPrimitives.ReadUInt32LittleEndian(d);
        csize = sizeLength == 8 ? BinaryPrimitives.ReadInt64LittleEndian(d[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        usize = sizeLength == 8 ? BinaryPrimitives.ReadInt64LittleEndian(d[(4 + sizeLength)..]) : BinaryPrimitives.ReadUInt32LittleEndian(d[(4 + sizeLength)..]);
    }

    private bool TryCentralHeader(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.CentralHeaderSize)
        {
            return false;
        }

        var fixedPart = _scratch.AsSpan(0, ZipRecords.CentralHeaderSize);
        buffer.Slice(offset, ZipRecords.CentralHeaderSize).CopyTo(fixedPart);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.NameLength..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.ExtraLength..]);
        var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.CommentLength..]);
        var total = ZipRecords.CentralHeaderSize + nameLength + extraLength + commentLength;
        if (available < total)
        {
            return false;
        }

        var h = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(h);
        if (_cdIndex >= _count)
        {
            throw Mismatch("central directory lists more entries than the archive holds");
        }

        ref var e = ref _entries[_cdIndex];
        if (!CentralDirectory.TryReadEntry(h, nameLength, extraLength, out var c))
        {
            throw Format("central directory entry " + _cdIndex.ToString(CultureInfo.InvariantCulture) + " has a missing or truncated zip64 extra field");
        }

        var name = h.Slice(ZipRecords.CentralHeaderSize, nameLength);
        _currentCentralIndex = _cdIndex;
        if (!name.SequenceEqual(_nameArena.AsSpan(e.NameStart, e.NameLength)))
        {
            throw Mismatch("central directory entry " + _cdIndex.ToString(CultureInfo.InvariantCulture) + " is named " + Encoding.UTF8.GetString(name) + ", but the local header says " + CurrentEntryName());
        }

        if (c.Method != e.Method || ((c.Flags ^ e.Flags) & (ZipRecords.FlagDataDescriptor | ZipRecords.FlagEncrypted)) != 0)
        {
            throw Mismatch(CurrentEntryName() + ": central directory method or flags differ from the local header");
        }

        // Report what the go command (which trusts the central directory) would have seen: first
        // the limits on the declared sizes, then the data that disagrees with them.
        if (e.IsFile)
        {
            var relative = _nameArena.AsSpan(e.NameStart + _prefixLength, e.NameLength - _prefixLength);
            var limit = EntryNameChecker.FileLimit(relative);
            if (limit >= 0 && c.UncompressedSize > limit)
            {
                var fe = EntryNameChecker.FileTooLarge(_nameArena.AsSpan(e.NameStart, e.NameLength), relative);
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            if (c.UncompressedSize < 0 || c.UncompressedSize > ModuleZipLimits.MaxZipFile - _centralDeclaredTotal)
            {
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, CurrentEntryName() + ": " + ModuleZipValidator.ContentsTooLargeMessage, CurrentEntryName());
            }

            _centralDeclaredTotal += c.UncompressedSize;
        }

        if (c.UncompressedSize < e.ActualUncompressed)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, CurrentEntryName() + ": zip: not a valid zip file (the entry yields more data than the central directory declares)", CurrentEntryName());
        }

        if (c.UncompressedSize > e.ActualUncompressed)
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, CurrentEntryName() + ": unexpected EOF (the entry is shorter than the central directory declares)", CurrentEntryName());
        }

        if (c.Crc32 != e.RecordedCrc)
        {
            throw c.Crc32 != 0 && c.Crc32 != e.ActualCrc
                ? new ModuleZipException(ModuleZipErrorKind.ChecksumMismatch, CurrentEntryName() + ": zip: checksum error (central directory)", CurrentEntryName())
                : Mismatch(CurrentEntryName() + ": central directory CRC-32 differs from the local header");
        }

        if (c.CompressedSize != e.ActualCompressed)
        {
            throw Mismatch(CurrentEntryName() + ": central directory compressed size differs from the data");
        }

        if (c.LocalHeaderOffset != e.LocalOffset)
        {
            throw Mismatch(CurrentEntryName() + ": central directory offset differs from the entry's position");
        }

        if (c.IsSymbolicLink && !_allowSymlinks)
        {
            var fe = new ModuleZipFileError(CurrentEntryName(), ModuleZipFileErrorKind.SymbolicLink, "symbolic link entries are not allowed");
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
        }

        _cdIndex++;
        offset += total;
        _position += total;
        _state = State.Signature;
        return true;
    }

    private int _currentCentralIndex = -1;
    private long _centralDeclaredTotal;

    private void RequireDirectoryComplete()
    {
        if (_cdIndex != _count)
        {
            throw Mismatch("central directory lists fewer entries than the archive holds");
        }

        if (_cdStart < 0)
        {
            _cdStart = _position; // empty directory
        }
    }

    private bool TryZip64End(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.Zip64EndOfCentralDirectorySize)
        {
            return false;
        }

        RequireDirectoryComplete();
        var head = _scratch.AsSpan(0, 12);
        buffer.Slice(offset, 12).CopyTo(head);
        var recordSize = BinaryPrimitives.ReadInt64LittleEndian(head[4..]);
        if (recordSize < ZipRecords.Zip64EndOfCentralDirectorySize - 12 || recordSize > 65536)
        {
            throw Mismatch("malformed zip64 end of central directory record");
        }

        var total = 12 + (int)recordSize;
        if (available < total)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(r);
        var entries = BinaryPrimitives.ReadInt64LittleEndian(r[ZipRecords.End64.EntriesTotal..]);
        var entriesOnDisk = BinaryPrimitives.ReadInt64LittleEndian(r[ZipRecords.End64.EntriesOnDisk..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(r[ZipRecords.End64.CentralDirectorySize..]);
        var start = BinaryPrimitives.ReadInt64LittleEndian(r[ZipRecords.End64.CentralDirectoryOffset..]);
        if (entries != _count || entriesOnDisk != _count || start != _cdStart || size != _position - _cdStart)
        {
            throw Mismatch("zip64 end of central directory record disagrees with the archive");
        }

        _zip64EndOffset = _position;
        _sawZip64End = true;
        offset += total;
        _position += total;
        _state = State.Signature;
        return true;
    }

    private bool TryZip64Locator(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.Zip64LocatorSize)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, ZipRecords.Zip64LocatorSize);
        buffer.Slice(offset, ZipRecords.Zip64LocatorSize).CopyTo(r);
        if (BinaryPrimitives.ReadInt64LittleEndian(r[ZipRecords.End64.LocatorRecordOffset..]) != _zip64EndOffset)
        {
            throw Mismatch("zip64 locator points elsewhere");
        }

        offset += ZipRecords.Zip64LocatorSize;
        _position += ZipRecords.Zip64LocatorSize;
        _state = State.Signature;
        return true;
    }

    private bool TryEnd(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.EndOfCentralDirectorySize)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, ZipRecords.EndOfCentralDirectorySize);
        buffer.Slice(offset, ZipRecords.EndOfCentralDirectorySize).CopyTo(r);
        if (!_sawZip64End)
        {
            RequireDirectoryComplete();
        }

        var disk = BinaryPrimitives.ReadUInt16LittleEndian(r[ZipRecords.End.DiskNumber..]);
        var cdDisk = BinaryPrimitives.ReadUInt16LittleEndian(r[ZipRecords.End.CentralDirectoryDisk..]);
        var onDisk = BinaryPrimitives.ReadUInt16LittleEndian(r[ZipRecords.End.EntriesOnDisk..]);
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(r[ZipRecords.End.EntriesTotal..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(r[ZipRecords.End.CentralDirectorySize..]);
        long start = BinaryPrimitives.ReadUInt32LittleEndian(r[ZipRecords.End.CentralDirectoryOffset..]);
        var cdEnd = _sawZip64End ? _zip64EndOffset : _position;
        var ok = disk == 0 && cdDisk == 0
            && (entries == _count || (_sawZip64End && entries == 0xFFFF)) && onDisk == entries
            && (start == _cdStart || (_sawZip64End && start == 0xFFFFFFFF))
            && (size == cdEnd - _cdStart || (_sawZip64End && size == 0xFFFFFFFF));
        if (!ok)
        {
            throw Mismatch("end of central directory record disagrees with the archive");
        }

        _commentLeft = BinaryPrimitives.ReadUInt16LittleEndian(r[ZipRecords.End.CommentLength..]);
        _commentLength = (int)_commentLeft;
        offset += ZipRecords.EndOfCentralDirectorySize;
        _position += ZipRecords.EndOfCentralDirectorySize;
        _state = State.Comment;
        return true;
    }

    private static bool ApplyLocalZip64(ReadOnlySpan<byte> extra, ref long usize, ref long csize)
    {
        var found = false;
        while (extra.Length >= 4)
        {
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            extra = extra[4..];
            if (extra.Length < size)
            {
                throw Format("malformed extra field in a local header");
            }

            var field = extra[..size];
            extra = extra[size..];
            if (tag != ZipRecords.Zip64ExtraId)
            {
                continue;
            }

            found = true;
            if (usize == uint.MaxValue && field.Length >= 8)
            {
                usize = BinaryPrimitives.ReadInt64LittleEndian(field);
                field = field[8..];
            }

            if (csize == uint.MaxValue && field.Length >= 8)
            {
                csize = BinaryPrimitives.ReadInt64LittleEndian(field);
            }
        }

        if (usize < 0 || csize < 0 || usize == uint.MaxValue && !found)
        {
            throw Format("malformed sizes in a local header");
        }

        return found;
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
