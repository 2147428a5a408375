using System;
using System.Buffers;
using System.IO;
using GoModules.Kernel.Zip;

namespace GoModules.Hashing.Internal;

/// <summary>
/// A read-only stream over <c>[offset, offset + length)</c> of a <see cref="ZipSource"/>, like Go's
/// SectionReader: it ends early if the archive does. Reads go through a pooled buffer in large
/// positional reads.
/// </summary>
internal sealed class SourceSegmentStream : Stream
{
    private const int BufferSize = 256 * 1024;

    private ZipSource? _source;
    private long _next;
    private long _remaining;
    private byte[]? _buffer;
    private int _start;
    private int _end;

    public void Reset(ZipSource source, long offset, long length)
    {
        _source = source;
        _next = offset;
        _remaining = Math.Max(0, length);
        _start = _end = 0;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end)
        {
            if (_remaining == 0 || _source is null)
            {
                return 0;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            var want = (int)Math.Min(_buffer.Length, _remaining);
            var got = _source.ReadAt(_next, _buffer.AsSpan(0, want));
            if (got == 0)
            {
                _remaining = 0;
                return 0;
            }

            _next += got;
            _remaining -= got;
            _start = 0;
            _end = got;
        }

        var n = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        base.Dispose(disposing);
    }
}
