using System;
using System.Buffers;
using System.IO;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Kernel.Zip;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Hashing.Internal;

/// <summary>
/// Per-thread state for hashing file contents: one pooled read buffer and one reusable SHA-256.
/// Content that fits in the buffer is hashed in one shot; longer content streams through the
/// incremental hash, so memory stays flat whatever the file size.
/// </summary>
internal sealed class HashWorker : IDisposable
{
    /// <summary>Size of the read buffer: large enough to amortise system calls, small enough for the cache.</summary>
    internal const int BufferSize = 256 * 1024;

    public const int DigestSize = 32;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private IncrementalHash? _incremental;
    private byte[]? _zipInput;
    private readonly Crc32 _crc = new();
    private ArraySegmentStream? _arrayStream;
    private SourceSegmentStream? _segmentStream;

    /// <summary>The read buffer, usable by callers between hash calls.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>A second pooled buffer holding a zip entry's local header and compressed data.</summary>
    public byte[] ZipInput => _zipInput ??= ArrayPool<byte>.Shared.Rent(BufferSize);

    /// <summary>A reusable stream over part of <see cref="ZipInput"/>.</summary>
    public ArraySegmentStream ArrayStream => _arrayStream ??= new ArraySegmentStream();

    /// <summary>A reusable stream over part of an archive that did not fit in <see cref="ZipInput"/>.</summary>
    public SourceSegmentStream SegmentStream => _segmentStream ??= new SourceSegmentStream();

    private IncrementalHash Incremental => _incremental ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes hashed from a mapping between two checks that no writer waits for the file.</summary>
    internal const int MappedChunkSize = 4 * 1024 * 1024;

    /// <summary>
    /// Files with at least this many bytes beyond the first buffer are hashed from a mapping of the page cache
    /// (where <see cref="LeasedFileMapping"/> is supported) instead of being copied into the buffer; below it
    /// the calls to set a mapping up cost more than the copy they save.
    /// </summary>
    internal const long MappedThreshold = 1024 * 1024;

    /// <summary>
    /// Hashes everything readable from <paramref name="handle"/> from offset 0 to end of file. Once the first
    /// buffer is full, the rest of a large file is hashed straight from the page cache under a read lease; if a
    /// writer comes, the lease is given up and the rest is read as usual, so the bytes hashed are those a plain
    /// read would have seen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void HashFile(SafeFileHandle handle, Span<byte> digest, CancellationToken cancellationToken)
    {
        var buffer = _buffer;
        long position = 0;
        var filled = 0;
        var streaming = false;
        var mappingTried = !LeasedFileMapping.IsSupported;
        try
        {
            while (true)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(filled), position);
                if (n == 0)
                {
                    break;
                }

                position += n;
                filled += n;
                if (filled == buffer.Length)
                {
                    Incremental.AppendData(buffer, 0, filled);
                    streaming = true;
                    filled = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!mappingTried)
                    {
                        mappingTried = true;
                        position = HashMapped(handle, position, cancellationToken);
                    }
                }
            }
        }
        catch when (streaming)
        {
            // The next file must not start from this one's bytes.
            Incremental.GetHashAndReset(digest);
            throw;
        }

        Finish(streaming, filled, digest);
    }

    /// <summary>Hashes the file from <paramref name="position"/> on through a mapping, as far as it stays safe.</summary>
    /// <returns>The position up to which the file is hashed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long HashMapped(SafeFileHandle handle, long position, CancellationToken cancellationToken)
    {
        using var lease = LeasedFileMapping.TryLease(handle, position + MappedThreshold);
        if (lease is null)
        {
            return position;
        }

        while (position < lease.Length && lease.IsIntact)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var window = lease.Map(position, (int)Math.Min(MappedChunkSize, lease.Length - position));
            if (window.IsEmpty)
            {
                break;
            }

            Incremental.AppendData(window);
            position += window.Length;
        }

        return position;
    }

    /// <summary>Hashes a stream to its end.</summary>
    public void HashStream(Stream stream, Span<byte> digest)
    {
        var buffer = _buffer;
        var filled = 0;
        var streaming = false;
        while (true)
        {
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
            {
                break;
            }

            filled += n;
            if (filled == buffer.Length)
            {
                Incremental.AppendData(buffer, 0, filled);
                streaming = true;
                filled = 0;
            }
        }

        Finish(streaming, filled, digest);
    }

    /// <summary>Hashes a stream to its end, asynchronously.</summary>
    public async ValueTask HashStreamAsync(Stream stream, Memory<byte> digest, CancellationToken cancellationToken)
    {
        var buffer = _buffer;
        var filled = 0;
        var streaming = false;
        while (true)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            filled += n;
            if (filled == buffer.Length)
            {
                Incremental.AppendData(buffer, 0, filled);
                streaming = true;
                filled = 0;
            }
        }

        Finish(streaming, filled, digest.Span);
    }

    /// <summary>
    /// Zip entry content: hashes what <paramref name="stream"/> yields while computing its CRC-32 and
    /// failing as Go's checksum reader does when it yields more than <paramref name="declaredSize"/>.
    /// </summary>
    /// <returns>The number of bytes read and their CRC-32.</returns>
    public (ulong Read, uint Crc) HashZipContent(Stream stream, ulong declaredSize, Span<byte> digest)
    {
        var buffer = _buffer;
        var filled = 0;
        var streaming = false;
        ulong total = 0;
        var crc = _crc;
        crc.Reset();
        while (true)
        {
            int n;
            try
            {
                n = stream.Read(buffer, filled, buffer.Length - filled);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException(SR.FlateCorrupt + " (" + ex.Message + ")", ex);
            }

            if (n == 0)
            {
                break;
            }

            total += (ulong)n;
            if (total > declaredSize)
            {
                throw ZipCentralDirectory.Format();
            }

            filled += n;
            if (filled == buffer.Length)
            {
                crc.Append(buffer.AsSpan(0, filled));
                Incremental.AppendData(buffer, 0, filled);
                streaming = true;
                filled = 0;
            }
        }

        crc.Append(buffer.AsSpan(0, filled));
        Finish(streaming, filled, digest);
        return (total, crc.GetCurrentHashAsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Finish(bool streaming, int filled, Span<byte> digest)
    {
        if (streaming)
        {
            Incremental.AppendData(_buffer, 0, filled);
            Incremental.GetHashAndReset(digest);
        }
        else
        {
            SHA256.HashData(_buffer.AsSpan(0, filled), digest);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _incremental?.Dispose();
        _incremental = null;
        if (_zipInput is not null)
        {
            ArrayPool<byte>.Shared.Return(_zipInput);
            _zipInput = null;
        }

        _segmentStream?.Dispose();
        _segmentStream = null;
    }
}
