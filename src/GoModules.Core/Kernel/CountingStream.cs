using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Kernel;

/// <summary>
/// A write-only pass-through stream that counts bytes and reports progress. Over a seekable stream it can start
/// over (position or length 0 puts the inner stream back where this one began and truncates it there), so a
/// transport can restart a download that changed on the server.
/// </summary>
internal sealed class CountingStream : Stream
{
    private readonly Stream _inner;
    private readonly IProgress<long>? _progress;
    private readonly long _start;
    private long _written;

    public CountingStream(Stream inner, IProgress<long>? progress)
    {
        _inner = inner;
        _progress = progress;
        _start = inner.CanSeek ? inner.Position : -1;
    }

    public long BytesWritten => _written;

    /// <summary>Gets <see langword="null"/>: progress is reported by this stream itself, not by the source.</summary>
    public static IProgress<long>? Progress => null;

    public void Reset()
    {
        _written = 0;
        _progress?.Report(0);
    }

    public override bool CanRead => false;

    public override bool CanSeek => _start >= 0;

    public override bool CanWrite => true;

    public override long Length => CanSeek ? _written : throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => StartOver(value);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (origin != SeekOrigin.Begin)
        {
            throw new NotSupportedException();
        }

        StartOver(offset);
        return 0;
    }

    public override void SetLength(long value) => StartOver(value);

    private void StartOver(long value)
    {
        if (value != 0 || _start < 0)
        {
            throw new NotSupportedException("The stream can only start over from the beginning.");
        }

        if (_written == 0 && _inner.Position == _start)
        {
            return;
        }

        _inner.Position = _start;
        _inner.SetLength(_start);
        Reset();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _inner.Write(buffer, offset, count);
        Advance(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _inner.Write(buffer);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Length);
    }

    private void Advance(int count)
    {
        _written += count;
        _progress?.Report(_written);
    }
}
