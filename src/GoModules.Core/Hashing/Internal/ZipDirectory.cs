using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;

namespace GoModules.Hashing.Internal;

/// <summary>
/// Reads the central directory of a zip archive the way Go 1.19's <c>archive/zip</c> reader does
/// (end record search in the last 1 KiB then 65 KiB, zip64 records, a non-zero base offset with the
/// retry at zero, reading headers until one fails and comparing the count modulo 65536), keeping only
/// what the h1 hash needs. Entry names are kept as raw bytes, exactly as stored.
/// </summary>
/// <remarks>This is deliberately internal and self-contained so that the streaming
/// module zip reader can replace it.</remarks>
internal sealed class ZipDirectory : IDisposable
{
    internal const string NotValidZip = "zip: not a valid zip file";
    internal const string ChecksumError = "zip: checksum error";
    internal const string UnsupportedAlgorithm = "zip: unsupported compression algorithm";
    internal const string UnexpectedEof = "unexpected EOF";

    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint DirectoryHeaderSignature = 0x02014b50;
    private const uint DirectoryEndSignature = 0x06054b50;
    private const uint Directory64LocatorSignature = 0x07064b50;
    private const uint Directory64EndSignature = 0x06064b50;
    private const int DirectoryHeaderLength = 46;
    private const int DirectoryEndLength = 22;
    private const int Directory64LocatorLength = 20;
    private const int Directory64EndLength = 56;
    internal const int LocalHeaderLength = 30;
    internal const int DataDescriptorLength = 16;

    private byte[] _names;
    private int _namesLength;

    private ZipDirectory(ZipDirectoryEntry[] entries, byte[] names, int namesLength)
    {
        Entries = entries;
        _names = names;
        _namesLength = namesLength;
    }

    /// <summary>The entries in archive (central directory) order.</summary>
    public ZipDirectoryEntry[] Entries { get; }

    /// <summary>The raw names of all entries, back to back.</summary>
    public ReadOnlySpan<byte> Names => _names.AsSpan(0, _namesLength);

    /// <summary>The raw name of <paramref name="entry"/>.</summary>
    public ReadOnlySpan<byte> NameOf(in ZipDirectoryEntry entry) => _names.AsSpan(entry.NameOffset, entry.NameLength);

    public void Dispose()
    {
        var names = _names;
        _names = [];
        _namesLength = 0;
        if (names.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(names);
        }
    }

    /// <summary>Reads the central directory of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidDataException">The archive is not a readable zip file.</exception>
    public static ZipDirectory Read(ZipSource source)
    {
        var size = source.Length;
        var (end, endOffset) = FindDirectoryEnd(source, size);
        var baseOffset = endOffset - (long)end.DirectorySize - (long)end.DirectoryOffset;
        var start = baseOffset + (long)end.DirectoryOffset;
        if (start < 0 || start >= size)
        {
            throw Format();
        }

        var entries = new List<ZipDirectoryEntry>(
            end.DirectorySize < (ulong)size && ((ulong)size - end.DirectorySize) / 30 >= end.DirectoryRecords ? (int)Math.Min(end.DirectoryRecords, 1 << 20) : 0);
        var names = new NameArena();
        try
        {
            var reader = new SequentialReader(source, start);
            string? failure;
            while (true)
            {
                failure = ReadDirectoryHeader(ref reader, ref names, out var entry);
                if (failure == NotValidZip && baseOffset != 0 && entries.Count == 0)
                {
                    // Some writers record offsets relative to the start of the archive data even when
                    // bytes precede it; like Go, retry once with a zero base.
                    baseOffset = 0;
                    reader = new SequentialReader(source, (long)end.DirectoryOffset);
                    continue;
                }

                if (failure is NotValidZip or UnexpectedEof)
                {
                    break;
                }

                if (failure is not null)
                {
                    throw new InvalidDataException(failure);
                }

                entry.HeaderOffset += baseOffset;
                entries.Add(entry);
            }

            if ((ushort)entries.Count != (ushort)end.DirectoryRecords)
            {
                throw new InvalidDataException(failure);
            }

            var (buffer, length) = names.Detach();
            return new ZipDirectory(entries.ToArray(), buffer, length);
        }
        catch
        {
            names.Dispose();
            throw;
        }
    }

    internal static InvalidDataException Format() => new(NotValidZip);

    private struct DirectoryEnd
    {
        public ulong DirectoryRecords;
        public ulong DirectorySize;
        public ulong DirectoryOffset;
    }

    private static (DirectoryEnd End, long Offset) FindDirectoryEnd(ZipSource source, long size)
    {
        byte[]? rented = null;
        try
        {
            ReadOnlySpan<byte> block = default;
            long endOffset = -1;
            foreach (var want in (ReadOnlySpan<long>)[1024, 65 * 1024])
            {
                var length = (int)Math.Min(want, size);
                if (rented is null || rented.Length < length)
                {
                    if (rented is not null)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }

                    rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                }

                var buffer = rented.AsSpan(0, length);
                var read = source.ReadAt(size - length, buffer);
                if (read != length)
                {
                    throw new InvalidDataException(UnexpectedEof);
                }

                var p = FindSignatureInBlock(buffer);
                if (p >= 0)
                {
                    block = buffer[p..];
                    endOffset = size - length + p;
                    break;
                }

                if (want != 1024 || length == size)
                {
                    throw Format();
                }
            }

            if (endOffset < 0)
            {
                throw Format();
            }

            var b = block[4..];
            var end = new DirectoryEnd
            {
                DirectoryRecords = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]),
                DirectorySize = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]),
                DirectoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]),
            };
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(b[16..]);
            if (commentLength > b.Length - 18)
            {
                throw new InvalidDataException("zip: invalid comment length");
            }

            if (end.DirectoryRecords == 0xFFFF || end.DirectorySize == 0xFFFF || end.DirectoryOffset == 0xFFFFFFFF)
            {
                var p64 = FindDirectory64End(source, endOffset);
                if (p64 >= 0)
                {
                    endOffset = p64;
                    ReadDirectory64End(source, p64, ref end);
                }
            }

            return (end, endOffset);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int FindSignatureInBlock(ReadOnlySpan<byte> b)
    {
        for (var i = b.Length - DirectoryEndLength; i >= 0; i--)
        {
            if (b[i] == (byte)'P' && b[i + 1] == (byte)'K' && b[i + 2] == 0x05 && b[i + 3] == 0x06)
            {
                var n = b[i + DirectoryEndLength - 2] | (b[i + DirectoryEndLength - 1] << 8);
                if (n + DirectoryEndLength + i <= b.Length)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static long FindDirectory64End(ZipSource source, long directoryEndOffset)
    {
        var locatorOffset = directoryEndOffset - Directory64LocatorLength;
        if (locatorOffset < 0)
        {
            return -1;
        }

        Span<byte> buf = stackalloc byte[Directory64LocatorLength];
        if (source.ReadAt(locatorOffset, buf) != buf.Length)
        {
            throw new InvalidDataException(UnexpectedEof);
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(buf) != Directory64LocatorSignature
            || BinaryPrimitives.ReadUInt32LittleEndian(buf[4..]) != 0
            || BinaryPrimitives.ReadUInt32LittleEndian(buf[16..]) != 1)
        {
            return -1;
        }

        return (long)BinaryPrimitives.ReadUInt64LittleEndian(buf[8..]);
    }

    private static void ReadDirectory64End(ZipSource source, long offset, ref DirectoryEnd end)
    {
        Span<byte> buf = stackalloc byte[Directory64EndLength];
        if (source.ReadAt(offset, buf) != buf.Length)
        {
            throw new InvalidDataException(offset >= source.Length || offset < 0 ? "EOF" : UnexpectedEof);
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(buf) != Directory64EndSignature)
        {
            throw Format();
        }

        end.DirectoryRecords = BinaryPrimitives.ReadUInt64LittleEndian(buf[32..]);
        end.DirectorySize = BinaryPrimitives.ReadUInt64LittleEndian(buf[40..]);
        end.DirectoryOffset = BinaryPrimitives.ReadUInt64LittleEndian(buf[48..]);
    }

    // Returns null on success, or Go's error text: NotValidZip, UnexpectedEof or "EOF".
    private static string? ReadDirectoryHeader(ref SequentialReader reader, ref NameArena names, out ZipDirectoryEntry entry)
    {
        entry = default;
        Span<byte> header = stackalloc byte[DirectoryHeaderLength];
        var got = reader.Read(header);
        if (got < header.Length)
        {
            return got == 0 ? "EOF" : UnexpectedEof;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != DirectoryHeaderSignature)
        {
            return NotValidZip;
        }

        entry.Flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        entry.Method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        entry.Crc32 = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        var compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        var uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        entry.CompressedSize = compressed;
        entry.UncompressedSize = uncompressed;
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        var headerOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        entry.HeaderOffset = headerOffset;

        var variable = nameLength + extraLength + commentLength;
        var nameStart = names.Reserve(variable);
        var tail = names.Span(nameStart, variable);
        got = reader.Read(tail);
        if (got < variable)
        {
            names.Truncate(nameStart);
            return got == 0 ? "EOF" : UnexpectedEof;
        }

        entry.NameOffset = nameStart;
        entry.NameLength = nameLength;

        var needUncompressed = uncompressed == uint.MaxValue;
        var needCompressed = compressed == uint.MaxValue;
        var needOffset = headerOffset == uint.MaxValue;
        ReadOnlySpan<byte> extra = tail.Slice(nameLength, extraLength);
        while (extra.Length >= 4)
        {
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int fieldSize = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            extra = extra[4..];
            if (extra.Length < fieldSize)
            {
                break;
            }

            var field = extra[..fieldSize];
            extra = extra[fieldSize..];
            if (tag != 0x0001)
            {
                continue;
            }

            if (needUncompressed)
            {
                needUncompressed = false;
                if (field.Length < 8)
                {
                    names.Truncate(nameStart);
                    return NotValidZip;
                }

                entry.UncompressedSize = BinaryPrimitives.ReadUInt64LittleEndian(field);
                field = field[8..];
            }

            if (needCompressed)
            {
                needCompressed = false;
                if (field.Length < 8)
                {
                    names.Truncate(nameStart);
                    return NotValidZip;
                }

                entry.CompressedSize = BinaryPrimitives.ReadUInt64LittleEndian(field);
                field = field[8..];
            }

            if (needOffset)
            {
                needOffset = false;
                if (field.Length < 8)
                {
                    names.Truncate(nameStart);
                    return NotValidZip;
                }

                entry.HeaderOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
            }
        }

        // Only the name is kept; drop the extra field and comment from the arena.
        names.Truncate(nameStart + nameLength);
        if (needCompressed || needOffset)
        {
            names.Truncate(nameStart);
            return NotValidZip;
        }

        return null;
    }

    /// <summary>Forward reads from a source with a pooled 64 KiB window.</summary>
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

    /// <summary>A growing pooled byte buffer holding the names.</summary>
    private struct NameArena : IDisposable
    {
        private byte[]? _buffer;
        private int _length;

        public int Reserve(int count)
        {
            var start = _length;
            var needed = _length + count;
            if (_buffer is null || _buffer.Length < needed)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, (_buffer?.Length ?? 0) * 2)));
                if (_buffer is not null)
                {
                    _buffer.AsSpan(0, _length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_buffer);
                }

                _buffer = bigger;
            }

            _length = needed;
            return start;
        }

        public readonly Span<byte> Span(int start, int count) => _buffer.AsSpan(start, count);

        public void Truncate(int length) => _length = length;

        public (byte[] Buffer, int Length) Detach()
        {
            var result = (_buffer ?? [], _length);
            _buffer = null;
            _length = 0;
            return result;
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
    }
}
