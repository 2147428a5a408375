using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel.Zip;

/// <summary>
/// Positional, thread-safe reads from a zip archive: the seam between the zip hashing code and
/// where the bytes live (a file handle, memory, or a seekable stream behind a lock).
/// </summary>
internal abstract class ZipSource
{
    /// <summary>Total length of the archive in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>
    /// Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns fewer only at the
    /// end of the archive. Safe to call from several threads at once.
    /// </summary>
    public int ReadAt(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length)
        {
            return 0;
        }

        if (destination.Length > Length - offset)
        {
            destination = destination[..(int)(Length - offset)];
        }

        var total = 0;
        while (total < destination.Length)
        {
            var n = ReadCore(offset + total, destination[total..]);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    protected abstract int ReadCore(long offset, Span<byte> destination);

    /// <summary>Reads from an open file handle with positional reads (pread).</summary>
    internal sealed class FileHandle(SafeFileHandle handle, long length) : ZipSource
    {
        public override long Length { get; } = length;

        protected override int ReadCore(long offset, Span<byte> destination) => RandomAccess.Read(handle, destination, offset);
    }

    /// <summary>Reads from memory.</summary>
    internal sealed class Memory(ReadOnlyMemory<byte> data) : ZipSource
    {
        public override long Length => data.Length;

        protected override int ReadCore(long offset, Span<byte> destination)
        {
            var slice = data.Span[(int)offset..];
            var n = Math.Min(slice.Length, destination.Length);
            slice[..n].CopyTo(destination);
            return n;
        }
    }

    /// <summary>Reads from a seekable stream, one reader at a time.</summary>
    internal sealed class LockedStream(Stream stream) : ZipSource
    {
        private readonly object _gate = new();

        public override long Length { get; } = stream.Length;

        protected override int ReadCore(long offset, Span<byte> destination)
        {
            lock (_gate)
            {
                stream.Position = offset;
                return stream.Read(destination);
            }
        }
    }
}
