using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;

namespace GoModules.Kernel.Zip;

/// <summary>The go-compatible reading of the central directory.</summary>
internal sealed partial class ZipCentralDirectory
{
    private const int GoFirstSearch = 1024;
    private const int GoSecondSearch = 65 * 1024;

    /// <summary>
    /// Reads the central directory exactly as Go's <c>archive/zip</c> does: the end record searched in the last
    /// 1 KiB, then the last 65 KiB; the zip64 end record through its locator; a non-zero base offset (bytes before
    /// the archive) with one retry at zero; headers read one after the other until one fails; the count compared
    /// modulo 65536. Names are kept as raw bytes; extra fields and comments are dropped.
    /// </summary>
    /// <param name="source">The archive.</param>
    /// <returns>The directory; dispose it to return its buffers.</returns>
    /// <exception cref="InvalidDataException">Go's reader would fail; the message is Go's.</exception>
    public static ZipCentralDirectory ReadGoCompatible(ZipSource source)
    {
        var size = source.Length;
        var (end, endOffset) = FindGoEnd(source, size);
        var baseOffset = endOffset - (long)end.DirectorySize - (long)end.DirectoryOffset;
        var start = baseOffset + (long)end.DirectoryOffset;
        if (start < 0 || start >= size)
        {
            throw Format();
        }

        var cd = new ZipCentralDirectory
        {
            DirectoryOffset = start,
            DirectorySize = (long)end.DirectorySize,
            EndRecordsOffset = endOffset,
        };
        try
        {
            var reader = new SequentialReader(source, start);
            string? failure;
            var used = 0;
            while (true)
            {
                failure = cd.ReadGoHeader(ref reader, ref used, out var entry);
                if (failure == SR.ZipNotValid && baseOffset != 0 && cd.Count == 0)
                {
                    // Some writers record offsets relative to the start of the archive data even when bytes precede
                    // it; like Go, retry once with a zero base.
                    baseOffset = 0;
                    cd.DirectoryOffset = (long)end.DirectoryOffset;
                    reader = new SequentialReader(source, (long)end.DirectoryOffset);
                    continue;
                }

                if (failure is SR.ZipNotValid or SR.ZipUnexpectedEof)
                {
                    break;
                }

                if (failure is not null)
                {
                    throw new InvalidDataException(failure);
                }

                entry.LocalHeaderOffset += baseOffset;
                cd.Add(entry);
            }

            if ((ushort)cd.Count != (ushort)end.EntriesTotal)
            {
                throw new InvalidDataException(failure);
            }

            return cd;
        }
        catch
        {
            cd.Dispose();
            throw;
        }
    }

    private static (ZipEndRecord End, long Offset) FindGoEnd(ZipSource source, long size)
    {
        var rented = ArrayPool<byte>.Shared.Rent(GoSecondSearch);
        try
        {
            foreach (var want in (ReadOnlySpan<int>)[GoFirstSearch, GoSecondSearch])
            {
                var length = (int)Math.Min(want, size);
                var buffer = rented.AsSpan(0, length);
                if (source.ReadAt(size - length, buffer) != length)
                {
                    throw new InvalidDataException(SR.ZipUnexpectedEof);
                }

                var p = ZipEndRecord.Find(buffer);
                if (p >= 0)
                {
                    var end = ZipEndRecord.Read(buffer[p..]);
                    if (end.CommentLength > buffer.Length - p - ZipRecords.EndOfCentralDirectorySize)
                    {
                        throw new InvalidDataException(SR.ZipInvalidCommentLength);
                    }

                    var endOffset = size - length + p;
                    if (end.NeedsZip64)
                    {
                        var p64 = FindGoZip64End(source, endOffset);
                        if (p64 >= 0)
                        {
                            ReadGoZip64End(source, p64, ref end);
                            endOffset = p64;
                        }
                    }

                    return (end, endOffset);
                }

                if (want != GoFirstSearch || length == size)
                {
                    break;
                }
            }

            throw Format();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static long FindGoZip64End(ZipSource source, long endOffset)
    {
        var locatorOffset = endOffset - ZipRecords.Zip64LocatorSize;
        if (locatorOffset < 0)
        {
            return -1;
        }

        Span<byte> locator = stackalloc byte[ZipRecords.Zip64LocatorSize];
        if (source.ReadAt(locatorOffset, locator) != locator.Length)
        {
            throw new InvalidDataException(SR.ZipUnexpectedEof);
        }

        return ZipEndRecord.TryReadZip64Locator(locator, out var recordOffset) ? recordOffset : -1;
    }

    private static void ReadGoZip64End(ZipSource source, long offset, ref ZipEndRecord end)
    {
        Span<byte> record = stackalloc byte[ZipRecords.Zip64EndOfCentralDirectorySize];
        if (source.ReadAt(offset, record) != record.Length)
        {
            throw new InvalidDataException(offset >= source.Length || offset < 0 ? SR.ZipEof : SR.ZipUnexpectedEof);
        }

        if (!end.TryApplyZip64(record))
        {
            throw Format();
        }
    }

    // Returns null on success, or Go's error text: not a valid zip, unexpected EOF or EOF.
    private string? ReadGoHeader(ref SequentialReader reader, ref int used, out ZipCentralEntry entry)
    {
        entry = default;
        Span<byte> header = stackalloc byte[ZipRecords.CentralHeaderSize];
        var got = reader.Read(header);
        if (got < header.Length)
        {
            return got == 0 ? SR.ZipEof : SR.ZipUnexpectedEof;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != ZipRecords.CentralHeaderSignature)
        {
            return SR.ZipNotValid;
        }

        // The whole header goes into the name buffer; only the name is kept there afterwards.
        var total = ZipCentralEntry.RecordLength(header);
        if (_bytes.Length == 0)
        {
            _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(total, 4096));
        }

        PooledArray.EnsureCapacity(ref _bytes, used, used + total);
        var record = _bytes.AsSpan(used, total);
        header.CopyTo(record);
        got = reader.Read(record[ZipRecords.CentralHeaderSize..]);
        if (got < total - ZipRecords.CentralHeaderSize)
        {
            return got == 0 ? SR.ZipEof : SR.ZipUnexpectedEof;
        }

        if (!ZipCentralEntry.TryRead(record, out entry))
        {
            return SR.ZipNotValid;
        }

        // Keep the name only, moved to the front of the record.
        record.Slice(ZipRecords.CentralHeaderSize, entry.NameLength).CopyTo(record);
        entry.NameOffset = used;
        used += entry.NameLength;
        return null;
    }

    /// <summary>Forward reads from a source with a 64 KiB window.</summary>
    private struct SequentialReader(ZipSource source, long position)
    {
        private byte[]? _window;
        private int _start;
        private int _end;
        private long _position = position;

        public int Read(Span<byte> destination)
        {
            var total = 0;
            while (total < destination.Length)
            {
                if (_start == _end)
                {
                    _window ??= new byte[64 * 1024];
                    if (destination.Length - total >= _window.Length)
                    {
                        var direct = source.ReadAt(_position, destination[total..]);
                        _position += direct;
                        return total + direct;
                    }

                    _start = 0;
                    _end = source.ReadAt(_position, _window);
                    _position += _end;
                    if (_end == 0)
                    {
                        break;
                    }
                }

                var n = Math.Min(_end - _start, destination.Length - total);
                _window.AsSpan(_start, n).CopyTo(destination[total..]);
                _start += n;
                total += n;
            }

            return total;
        }
    }
}
