using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel.Zip;

/// <summary>
/// The central directory of a zip read from a random-access source: the entries in archive order and their raw
/// names (slices of one pooled buffer). Two readings, by what the caller needs:
/// <list type="bullet">
/// <item><see cref="ReadGoCompatible"/>: exactly as Go's <c>archive/zip</c> (and so x/mod's <c>dirhash.HashZip</c>)
/// reads it, leniencies included, with Go's error texts;</item>
/// <item><see cref="ReadAsync"/>: the strict reading of the module zip readers, which then check that the
/// directory, the end records and the entries tile the file.</item>
/// </list>
/// Both find the end records with <see cref="ZipEndRecord"/> and decode headers with <see cref="ZipCentralEntry.TryRead"/>.
/// </summary>
/// <remarks>Failures are <see cref="InvalidDataException"/>s carrying Go's text ("zip: not a valid zip file",
/// "unexpected EOF", ...); callers above wrap them in their own exception types.</remarks>
internal sealed partial class ZipCentralDirectory : IDisposable
{
    private byte[] _bytes = [];
    private ZipCentralEntry[] _entries = [];

    private ZipCentralDirectory()
    {
    }

    /// <summary>Gets the number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the offset of the first central header in the file.</summary>
    public long DirectoryOffset { get; private set; }

    /// <summary>Gets the size of the central directory in bytes, as the end records declare it.</summary>
    public long DirectorySize { get; private set; }

    /// <summary>Gets the number of directory bytes covered by the headers read (strict reading).</summary>
    public int ParsedLength { get; private set; }

    /// <summary>
    /// Gets a value indicating whether the bytes after the end record and its comment (if any) contain an end-record
    /// signature, so that readers could disagree on where the archive ends (strict reading).
    /// </summary>
    public bool TrailingHasEndSignature { get; private set; }

    /// <summary>Gets the offset just past the last byte of the end record (and its comment).</summary>
    public long EndOfArchive { get; private set; }

    /// <summary>Gets the offset of the zip64 end record if there is one, else of the end record.</summary>
    public long EndRecordsOffset { get; private set; }

    /// <summary>Gets the entry at <paramref name="index"/>.</summary>
    public ref ZipCentralEntry this[int index] => ref _entries[index];

    /// <summary>The raw name of an entry.</summary>
    public ReadOnlySpan<byte> Name(in ZipCentralEntry entry) => _bytes.AsSpan(entry.NameOffset, entry.NameLength);

    /// <summary>
    /// Reads the central directory of a file strictly: the end record (and zip64 end record through its locator)
    /// must point inside the file, the directory is read whole and its headers must parse up to the declared count
    /// (compared modulo 65536, as Go does).
    /// </summary>
    /// <param name="file">The file, open for reading.</param>
    /// <param name="size">Its length.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The directory; dispose it to return its buffers.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable zip.</exception>
    public static async ValueTask<ZipCentralDirectory> ReadAsync(SafeFileHandle file, long size, CancellationToken cancellationToken)
    {
        var cd = new ZipCentralDirectory();
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

    internal static InvalidDataException Format() => new(SR.ZipNotValid);

    private async ValueTask LoadAsync(SafeFileHandle file, long size, CancellationToken cancellationToken)
    {
        if (size < ZipRecords.EndOfCentralDirectorySize)
        {
            throw Format();
        }

        var tailLength = (int)Math.Min(size, ZipRecords.MaxEndRecordSearch);
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        long endOffset;
        ZipEndRecord end;
        try
        {
            await ReadExactlyAsync(file, tail.AsMemory(0, tailLength), size - tailLength, cancellationToken).ConfigureAwait(false);
            var b = tail.AsSpan(0, tailLength);
            var at = ZipEndRecord.Find(b);
            if (at < 0)
            {
                throw Format();
            }

            end = ZipEndRecord.Read(b[at..]);
            endOffset = size - tailLength + at;
            EndOfArchive = endOffset + ZipRecords.EndOfCentralDirectorySize + end.CommentLength;
            EndRecordsOffset = endOffset;
            TrailingHasEndSignature = b[(int)(at + EndOfArchive - endOffset)..].IndexOf("PK\u0005\u0006"u8) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }

        if (end.NeedsZip64 && endOffset >= ZipRecords.Zip64LocatorSize)
        {
            var records = new byte[ZipRecords.Zip64LocatorSize + ZipRecords.Zip64EndOfCentralDirectorySize];
            var locator = records.AsMemory(0, ZipRecords.Zip64LocatorSize);
            await ReadExactlyAsync(file, locator, endOffset - ZipRecords.Zip64LocatorSize, cancellationToken).ConfigureAwait(false);
            if (ZipEndRecord.TryReadZip64Locator(locator.Span, out var recordOffset))
            {
                if (recordOffset < 0 || recordOffset > size - ZipRecords.Zip64EndOfCentralDirectorySize)
                {
                    throw Format();
                }

                var record = records.AsMemory(ZipRecords.Zip64LocatorSize);
                await ReadExactlyAsync(file, record, recordOffset, cancellationToken).ConfigureAwait(false);
                if (!end.TryApplyZip64(record.Span))
                {
                    throw Format();
                }

                EndRecordsOffset = recordOffset;
            }
        }

        if (end.DirectoryOffset >= (ulong)size || end.DirectorySize > (ulong)size || end.DirectoryOffset + end.DirectorySize > (ulong)size)
        {
            throw Format();
        }

        DirectoryOffset = (long)end.DirectoryOffset;
        DirectorySize = (long)end.DirectorySize;
        _bytes = ArrayPool<byte>.Shared.Rent((int)Math.Max(end.DirectorySize, 1));
        await ReadExactlyAsync(file, _bytes.AsMemory(0, (int)end.DirectorySize), DirectoryOffset, cancellationToken).ConfigureAwait(false);
        Parse(_bytes.AsSpan(0, (int)end.DirectorySize), end.EntriesTotal);
    }

    private void Parse(ReadOnlySpan<byte> d, ulong declared)
    {
        _entries = ArrayPool<ZipCentralEntry>.Shared.Rent((int)Math.Min(declared, (ulong)(d.Length / ZipRecords.CentralHeaderSize)) + 1);
        var pos = 0;
        while (d.Length - pos >= ZipRecords.CentralHeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(d[pos..]) == ZipRecords.CentralHeaderSignature)
        {
            var h = d[pos..];
            var total = ZipCentralEntry.RecordLength(h);
            if (total > h.Length || !ZipCentralEntry.TryRead(h, out var e))
            {
                break;
            }

            e.NameOffset += pos;
            Add(e);
            pos += total;
        }

        // As in Go, only the low 16 bits of the count are compared.
        if ((ushort)Count != (ushort)declared)
        {
            throw Format();
        }

        ParsedLength = pos;
    }

    private void Add(in ZipCentralEntry entry)
    {
        if (_entries.Length == 0)
        {
            _entries = ArrayPool<ZipCentralEntry>.Shared.Rent(16);
        }

        PooledArray.EnsureCapacity(ref _entries, Count, Count + 1);
        _entries[Count++] = entry;
    }

    private static async ValueTask ReadExactlyAsync(SafeFileHandle file, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var n = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new InvalidDataException(SR.ZipUnexpectedEof);
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_bytes.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }

        if (_entries.Length != 0)
        {
            ArrayPool<ZipCentralEntry>.Shared.Return(_entries);
            _entries = [];
        }

        Count = 0;
    }
}
