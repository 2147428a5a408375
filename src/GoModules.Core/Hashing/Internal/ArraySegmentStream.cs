using System;
using System.IO;

namespace GoModules.Hashing.Internal;

/// <summary>A read-only stream over a slice of a byte array; reset and reused between entries.</summary>
internal sealed class ArraySegmentStream : Stream
{
    private byte[] _array = [];
    private int _position;
    private int _end;

    public void Reset(byte[] array, int offset, int count)
    {
        _array = array;
        _position = offset;
        _end = offset + count;
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
        var n = Math.Min(buffer.Length, _end - _position);
        _array.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
