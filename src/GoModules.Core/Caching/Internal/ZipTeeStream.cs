using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Caching.Internal;

/// <summary>
/// The destination of a zip download: every byte goes both to the temporary zip file and, through a pipe, to the
/// one-pass <see cref="ModuleZipReader"/>, which checks, hashes and (optionally) extracts the archive while it
/// arrives, so the bytes are read exactly once.
/// </summary>
/// <remarks>
/// The stream claims to be seekable only so that a GOPROXY chain can start again from the beginning when one
/// source fails part-way and the next is tried (as the go command truncates its temporary file): moving to
/// position 0 truncates the file and restarts the reader.
/// </remarks>
internal sealed class ZipTeeStream : Stream
{
    private static readonly PipeOptions PipeSettings = new(
        pauseWriterThreshold: 4 * 1024 * 1024,
        resumeWriterThreshold: 2 * 1024 * 1024,
        minimumSegmentSize: 64 * 1024,
        useSynchronizationContext: false);

    private readonly FileStream _file;
    private readonly string _modulePath;
    private readonly string _version;
    private readonly string? _extractTo;
    private readonly CancellationToken _cancellationToken;
    private Pipe _pipe = null!;
    private Task<ModuleZipReadResult> _reader = null!;
    private long _written;
    private readonly System.Collections.Generic.List<Task> _abandoned = [];

    public ZipTeeStream(FileStream file, string modulePath, string version, string? extractTo, CancellationToken cancellationToken)
    {
        _file = file;
        _modulePath = modulePath;
        _version = version;
        _extractTo = extractTo;
        _cancellationToken = cancellationToken;
        StartReader();
    }

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set
        {
            if (value != 0)
            {
                throw new NotSupportedException(SR.ZipTeeRestartOnly);
            }

            Restart();
        }
    }

    private void StartReader()
    {
        _pipe = new Pipe(PipeSettings);
        var reader = _pipe.Reader;
        var options = new ModuleZipReadOptions { ExtractTo = _extractTo };
        _reader = Task.Run(
            async () =>
            {
                try
                {
                    return await ModuleZipReader.ReadAsync(reader, _modulePath, _version, options, _cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    await reader.CompleteAsync(ex).ConfigureAwait(false);
                    throw;
                }
            },
            _cancellationToken);
    }

    private void Restart()
    {
        Abandon();
        _file.SetLength(0);
        _file.Position = 0;
        _written = 0;
        StartReader();
    }

    /// <summary>Stops the reader; it removes its partial extraction as it fails. <see cref="DrainAsync"/> waits for that.</summary>
    public void Abandon()
    {
        _pipe.Writer.Complete(new OperationCanceledException(SR.ZipTeeAbandoned));
        _abandoned.Add(_reader);
    }

    /// <summary>Waits for every abandoned reader to finish cleaning up.</summary>
    public async Task DrainAsync()
    {
        foreach (var task in _abandoned)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Expected: the reader saw its source fail.
            }
        }

        _abandoned.Clear();
    }

    /// <summary>Signals the end of the archive and returns the reader's result (hash, sizes).</summary>
    public async Task<ModuleZipReadResult> CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        return await _reader.ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
        var flush = await _pipe.Writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            // The reader stopped early: the archive is bad. Surface its error to the download.
            await _reader.ConfigureAwait(false);
            throw new InvalidDataException(SR.ZipTeeReaderStopped);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
        => throw new NotSupportedException(SR.ZipTeeUseWriteAsync);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (offset == 0 && origin == SeekOrigin.Begin)
        {
            Position = 0;
            return 0;
        }

        if (offset == 0 && (origin == SeekOrigin.Current || (origin == SeekOrigin.End)))
        {
            return _written;
        }

        throw new NotSupportedException(SR.ZipTeeRestartOnly);
    }

    public override void SetLength(long value)
    {
        if (value == _written)
        {
            return;
        }

        if (value != 0)
        {
            throw new NotSupportedException(SR.ZipTeeRestartOnly);
        }

        Restart();
    }
}
