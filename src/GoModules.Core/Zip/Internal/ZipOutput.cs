using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Zip.Internal;

/// <summary>
/// A write-only stream over the zip destination that buffers small writes (headers, descriptors,
/// deflate output) in one pooled buffer and counts every byte, giving the offsets the central
/// directory needs without seeking.
/// </summary>
internal sealed class ZipOutput : Stream
{
    private readonly Stream _destination;
    private byte[] _buffer;
    private int _used;

    public ZipOutput(Stream destination)
    {
        _destination = destination;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>Gets the number of bytes written so far.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    /// <summary>Reserves <paramref name="size"/> bytes of the buffer for a record, flushing first if needed.</summary>
    public async ValueTask<Memory<byte>> ReserveAsync(int size, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _used < size)
        {
            await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            if (_buffer.Length < size)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(size);
            }
        }

        var m = _buffer.AsMemory(_used, size);
        _used += size;
        Written += size;
        return m;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Written += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                _destination.Write(_buffer, 0, _used);
                _used = 0;
            }

            var n = Math.Min(buffer.Length, _buffer.Length - _used);
            buffer[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            var n = Math.Min(buffer.Length, _buffer.Length - _used);
            buffer.Span[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            buffer = buffer[n..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await _destination.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
            _used = 0;
        }
    }

    public override void Flush()
    {
        // Flushing happens through FlushBufferAsync; DeflateStream's own flushes need not reach the destination.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }
}
