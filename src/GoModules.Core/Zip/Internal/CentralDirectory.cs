using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// The central directory of a zip read from a random-access file, as Go's <c>archive/zip</c> finds it
/// (end record searched backwards, zip64 end record through its locator). Holds the directory bytes
/// in one pooled buffer; entry names are slices of it.
/// </summary>
internal sealed class CentralDirectory : IDisposable
{
    private byte[] _bytes = [];
    private CentralEntry[] _entries = [];

    private CentralDirectory()
    {
    }

    public int Count { get; private set; }

    /// <summary>Offset of the first central header in the file.</summary>
    public long DirectoryOffset { get; private set; }

    /// <summary>Size of the central directory in bytes.</summary>
    public long DirectorySize { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the bytes after the end record and its comment (if any) contain an end-record
    /// signature, so that readers could disagree on where the archive ends.
    /// </summary>
    public bool TrailingHasEndSignature { get; private set; }

    /// <summary>Offset just past the last byte of the end record (and its comment).</summary>
    public long EndOfArchive { get; private set; }

    /// <summary>Offset of the zip64 end record if there is one, else of the end record.</summary>
    public long EndRecordsOffset { get; private set; }

    public ref CentralEntry this[int index] => ref _entries[index];

    public ReadOnlySpan<byte> Name(in CentralEntry e) => _bytes.AsSpan(e.NameOffset, e.NameLength);

    public static async ValueTask<CentralDirectory> ReadAsync(SafeFileHandle file, long size, CancellationToken cancellationToken)
    {
        var cd = new CentralDirectory();
        try
        {
            await cd.LoadAsync(file, size, cancellationToken).ConfigureAwait(false);
            return cd;
        }
        catch
        {
            cd.Dispose();
            throw;
        }
    }

    private static ModuleZipException Format() => new(ModuleZipErrorKind.ZipFormat, "zip: not a valid zip file");

    private async ValueTask LoadAsync(SafeFileHandle file, long size, CancellationToken cancellationToken)
    {
        if (size < ZipRecords.EndOfCentralDirectorySize)
        {
            throw Format();
        }

        // The end record is in the last 22 + 65535 bytes.
        var tailLength = (int)Math.Min(size, ZipRecords.EndOfCentralDirectorySize + 65535L);
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        long endOffset;
        ulong records;
        ulong dirSize;
        ulong dirOffset;
        try
        {
            await ReadExactlyAsync(file, tail.AsMemory(0, tailLength), size - tailLength, cancellationToken).ConfigureAwait(false);
            var b = tail.AsSpan(0, tailLength);
            var at = -1;
            for (var i = b.Length - ZipRecords.EndOfCentralDirectorySize; i >= 0; i--)
            {
                if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6)
                {
                    var n = BinaryPrimitives.ReadUInt16LittleEndian(b[(i + ZipRecords.End.CommentLength)..]);
                    if (n + ZipRecords.EndOfCentralDirectorySize + i <= b.Length)
                    {
                        at = i;
                        break;
                    }
                }
            }

            if (at < 0)
            {
                throw Format();
            }

            var end = b[at..];
            endOffset = size - tailLength + at;
            records = BinaryPrimitives.ReadUInt16LittleEndian(end[ZipRecords.End.EntriesTotal..]);
            dirSize = BinaryPrimitives.ReadUInt32LittleEndian(end[ZipRecords.End.CentralDirectorySize..]);
            dirOffset = BinaryPrimitives.ReadUInt32LittleEndian(end[ZipRecords.End.CentralDirectoryOffset..]);
            EndOfArchive = endOffset + ZipRecords.EndOfCentralDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(end[ZipRecords.End.CommentLength..]);
            EndRecordsOffset = endOffset;
            TrailingHasEndSignature = b[(int)(at + EndOfArchive - endOffset)..].IndexOf("PK\u0005\u0006"u8) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }

        if (records == 0xFFFF || dirSize == 0xFFFF || dirOffset == 0xFFFFFFFF)
        {
            var locatorOffset = endOffset - ZipRecords.Zip64LocatorSize;
            if (locatorOffset >= 0)
            {
                var loc = new byte[ZipRecords.Zip64LocatorSize + ZipRecords.Zip64EndOfCentralDirectorySize];
                await ReadExactlyAsync(file, loc.AsMemory(0, ZipRecords.Zip64LocatorSize), locatorOffset, cancellationToken).ConfigureAwait(false);
                if (BinaryPrimitives.ReadUInt32LittleEndian(loc) == ZipRecords.Zip64LocatorSignature)
                {
                    var recordOffset = BinaryPrimitives.ReadInt64LittleEndian(loc.AsSpan(ZipRecords.End64.LocatorRecordOffset));
                    if (recordOffset < 0 || recordOffset > size - ZipRecords.Zip64EndOfCentralDirectorySize)
                    {
                        throw Format();
                    }

                    var rec = loc.AsMemory(ZipRecords.Zip64LocatorSize);
                    await ReadExactlyAsync(file, rec, recordOffset, cancellationToken).ConfigureAwait(false);
                    var r = rec.Span;
                    if (BinaryPrimitives.ReadUInt32LittleEndian(r) != ZipRecords.Zip64EndOfCentralDirectorySignature)
                    {
                        throw Format();
                    }

                    records = BinaryPrimitives.ReadUInt64LittleEndian(r[ZipRecords.End64.EntriesTotal..]);
                    dirSize = BinaryPrimitives.ReadUInt64LittleEndian(r[ZipRecords.End64.CentralDirectorySize..]);
                    dirOffset = BinaryPrimitives.ReadUInt64LittleEndian(r[ZipRecords.End64.CentralDirectoryOffset..]);
                    EndRecordsOffset = recordOffset;
                }
            }
        }

        if (dirOffset >= (ulong)size || dirSize > (ulong)size || dirOffset + dirSize > (ulong)size)
        {
            throw Format();
        }

        DirectoryOffset = (long)dirOffset;
        DirectorySize = (long)dirSize;
        _bytes = ArrayPool<byte>.Shared.Rent((int)Math.Max(dirSize, 1));
        await ReadExactlyAsync(file, _bytes.AsMemory(0, (int)dirSize), (long)dirOffset, cancellationToken).ConfigureAwait(false);
        Parse(_bytes.AsSpan(0, (int)dirSize), records);
    }

    private void Parse(ReadOnlySpan<byte> d, ulong declared)
    {
        var capacity = (int)Math.Min(declared, (ulong)(d.Length / ZipRecords.CentralHeaderSize)) + 1;
        _entries = ArrayPool<CentralEntry>.Shared.Rent(capacity);
        var pos = 0;
        while (d.Length - pos >= ZipRecords.CentralHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(d[pos..]) == ZipRecords.CentralHeaderSignature)
        {
            var h = d[pos..];
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Central.NameLength..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Central.ExtraLength..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Central.CommentLength..]);
            var total = ZipRecords.CentralHeaderSize + nameLength + extraLength + commentLength;
            if (total > h.Length)
            {
                break;
            }

            if (!TryReadEntry(h, nameLength, extraLength, out var e))
            {
                break;
            }

            e.NameOffset = pos + ZipRecords.CentralHeaderSize;

            if (Count == _entries.Length)
            {
                var bigger = ArrayPool<CentralEntry>.Shared.Rent(Count * 2);
                _entries.AsSpan(0, Count).CopyTo(bigger);
                ArrayPool<CentralEntry>.Shared.Return(_entries);
                _entries = bigger;
            }

            _entries[Count++] = e;
            pos += total;
        }

        // As in Go, only the low 16 bits of the count are compared.
        if ((ushort)Count != (ushort)declared)
        {
            throw Format();
        }

        ParsedLength = pos;
    }

    /// <summary>Number of directory bytes covered by the headers read.</summary>
    public int ParsedLength { get; private set; }

    /// <summary>
    /// Decodes one central directory header (<paramref name="header"/> starts at its signature and holds its name and
    /// extra field), applying a zip64 extra field. Returns false when the sizes or offset the header defers to zip64
    /// are missing or truncated, as Go's reader does; <see cref="CentralEntry.NameOffset"/> is left to the caller.
    /// </summary>
    internal static bool TryReadEntry(ReadOnlySpan<byte> header, int nameLength, int extraLength, out CentralEntry entry)
    {
        entry = new CentralEntry
        {
            NameLength = nameLength,
            VersionMadeBy = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.VersionMadeBy..]),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.Flags..]),
            Method = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.Method..]),
            Crc32 = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.Crc32..]),
            CompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.CompressedSize..]),
            UncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.UncompressedSize..]),
            ExternalAttributes = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.ExternalAttributes..]),
            LocalHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.LocalHeaderOffset..]),
        };
        return ApplyZip64(ref entry, header.Slice(ZipRecords.CentralHeaderSize + nameLength, extraLength));
    }

    private static bool ApplyZip64(ref CentralEntry e, ReadOnlySpan<byte> extra)
    {
        var needU = e.UncompressedSize == uint.MaxValue;
        var needC = e.CompressedSize == uint.MaxValue;
        var needO = e.LocalHeaderOffset == uint.MaxValue;
        while (extra.Length >= 4)
        {
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            extra = extra[4..];
            if (extra.Length < size)
            {
                break;
            }

            var field = extra[..size];
            extra = extra[size..];
            if (tag != ZipRecords.Zip64ExtraId)
            {
                continue;
            }

            if (needU)
            {
                needU = false;
                if (field.Length < 8)
                {
                    return false;
                }

                e.UncompressedSize = BinaryPrimitives.ReadInt64LittleEndian(field);
                field = field[8..];
            }

            if (needC)
            {
                needC = false;
                if (field.Length < 8)
                {
                    return false;
                }

                e.CompressedSize = BinaryPrimitives.ReadInt64LittleEndian(field);
                field = field[8..];
            }

            if (needO)
            {
                needO = false;
                if (field.Length < 8)
                {
                    return false;
                }

                e.LocalHeaderOffset = BinaryPrimitives.ReadInt64LittleEndian(field);
            }
        }

        return !needC && !needO;
    }

    internal static async ValueTask ReadExactlyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, "unexpected EOF");
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    public void Dispose()
    {
        if (_bytes.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        if (_entries.Length != 0)
        {
            ArrayPool<CentralEntry>.Shared.Return(_entries);
            _entries = [];
        }
    }
}
