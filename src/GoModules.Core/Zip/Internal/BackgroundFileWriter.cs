using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading;
using GoModules.Kernel;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Hashes (SHA-256, for the h1 hash), creates and writes the extracted files of the streaming reader, on a thread of
/// its own once the archive proves large, so that this work (creating thousands of small files costs about as much
/// as inflating them) overlaps with inflating the next entries. Files are written strictly in the order they are
/// begun; each file's digest is kept for its entry and handed back by <see cref="CopyDigests"/> once
/// <see cref="Complete"/> has returned.
/// </summary>
/// <remarks>
/// The first <see cref="InlineBytes"/> bytes are written on the caller's thread: most module zips are small, are
/// downloaded several at a time, and a thread of their own would cost more (its creation, and the pooled buffers it
/// strands when it ends) than it saves. Past that, the reader copies each entry's bytes into pooled 64 KiB buffers;
/// at most <see cref="MaxQueued"/> commands (so about 4 MiB) wait at any time, and the reader blocks when the
/// writer falls that far behind. The first failure of the writer is raised to the reader at its next call, and by
/// <see cref="Complete"/>, which waits until every file is written and closed: only then may the extraction be
/// committed, or removed.
/// </remarks>
internal sealed class BackgroundFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MaxQueued = 64;
    private const int DigestSize = 32;
    private const long InlineBytes = 1 << 20;

    private readonly ExtractionTarget _target;
    private readonly BlockingCollection<Command> _queue = new(new ConcurrentQueue<Command>(), MaxQueued);
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    // Written by whichever thread carries out the commands (the caller until the writer thread starts, then that
    // thread only; its start orders the hand-over); read after Complete (Thread.Join orders the accesses).
    private byte[] _digests = ArrayPool<byte>.Shared.Rent(64 * DigestSize);
    private int[] _digestEntries = ArrayPool<int>.Shared.Rent(64);
    private int _digestCount;
    private ExceptionDispatchInfo? _error;
    private Thread? _thread;
    private SafeFileHandle? _file;
    private long _inlineWritten;
    private byte[]? _buffer;
    private int _buffered;
    private long _offset;
    private bool _completed;

    public BackgroundFileWriter(ExtractionTarget target)
    {
        _target = target;
    }

    private enum Kind
    {
        Open,
        Data,
        Close,
    }

    /// <summary>Starts a file at a checked, clean, relative path.</summary>
    public void BeginFile(ReadOnlySpan<byte> relativeUtf8, long size)
    {
        ThrowIfFailed();
        _offset = 0;
        if (_thread is null)
        {
            try
            {
                Open(relativeUtf8, size);
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _error, ExceptionDispatchInfo.Capture(ex));
                throw;
            }

            return;
        }

        var name = ArrayPool<byte>.Shared.Rent(relativeUtf8.Length);
        relativeUtf8.CopyTo(name);
        Add(new Command(Kind.Open, name, relativeUtf8.Length, size));
    }

    /// <summary>Appends bytes to the current file.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            var n = Math.Min(data.Length, _buffer.Length - _buffered);
            data[..n].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += n;
            data = data[n..];
            if (_buffered == _buffer.Length)
            {
                Flush();
            }
        }
    }

    /// <summary>Finishes the current file: its last bytes are written, its digest is kept for <paramref name="entry"/>, and it is sealed (0444) and closed.</summary>
    public void EndFile(int entry)
    {
        Flush();
        Add(new Command(Kind.Close, null, 0, entry));
    }

    /// <summary>Copies each file's SHA-256 into the slot of its entry (<paramref name="digests"/>, 32 bytes per entry); call after <see cref="Complete"/>.</summary>
    public void CopyDigests(Span<byte> digests)
    {
        for (var i = 0; i < _digestCount; i++)
        {
            _digests.AsSpan(i * DigestSize, DigestSize).CopyTo(digests[(_digestEntries[i] * DigestSize)..]);
        }
    }

    /// <summary>Waits until every file is written and closed; raises the writer's first failure.</summary>
    public void Complete()
    {
        Stop();
        _error?.Throw();
    }

    /// <summary>Stops after the files begun so far, keeping quiet about failures (the extraction is being abandoned).</summary>
    public void Abandon() => Stop();

    public void Dispose()
    {
        Stop();
        _queue.Dispose();
        _sha.Dispose();
        ArrayPool<byte>.Shared.Return(_digests);
        ArrayPool<int>.Shared.Return(_digestEntries);
        _digests = [];
        _digestEntries = [];
    }

    private void Stop()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _buffered = 0;
        }

        _queue.CompleteAdding();
        if (_thread is null)
        {
            _file?.Dispose();
            _file = null;
        }
        else
        {
            _thread.Join();
        }
    }

    private void Flush()
    {
        if (_buffered == 0)
        {
            return;
        }

        var buffer = _buffer!;
        _buffer = null;
        Add(new Command(Kind.Data, buffer, _buffered, _offset));
        _offset += _buffered;
        _buffered = 0;
    }

    private void Add(Command command)
    {
        ThrowIfFailed();
        if (_thread is null && _inlineWritten + command.Length > InlineBytes)
        {
            // From here on a thread of its own; the thread start orders everything written so far before its reads.
            _thread = new Thread(Run) { IsBackground = true, Name = "GoModules zip extraction" };
            _thread.Start();
        }

        if (_thread is not null)
        {
            _queue.Add(command);
            return;
        }

        if (command.Kind == Kind.Data)
        {
            _inlineWritten += command.Length;
        }

        Execute(command);
        ThrowIfFailed();
    }

    private void ThrowIfFailed() => Volatile.Read(ref _error)?.Throw();

    private void Run()
    {
        foreach (var command in _queue.GetConsumingEnumerable())
        {
            Execute(command);
        }

        _file?.Dispose();
        _file = null;
    }

    /// <summary>Carries out one command (on the writer thread, or inline before it exists); failures are kept, not thrown.</summary>
    private void Execute(Command command)
    {
        try
        {
            if (Volatile.Read(ref _error) is not null)
            {
                return;
            }

            switch (command.Kind)
            {
                case Kind.Open:
                    Open(command.Buffer.AsSpan(0, command.Length), command.Value);
                    break;
                case Kind.Data:
                    var data = command.Buffer.AsSpan(0, command.Length);
                    _sha.AppendData(data);
                    ExtractionTarget.Write(_file!, data, command.Value);
                    break;
                case Kind.Close:
                    KeepDigest((int)command.Value);
                    var f = _file!;
                    _file = null;
                    ExtractionTarget.CloseFile(f);
                    break;
            }
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _error, ExceptionDispatchInfo.Capture(ex));
        }
        finally
        {
            if (command.Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(command.Buffer);
            }
        }
    }

    private void Open(ReadOnlySpan<byte> relativeUtf8, long size)
    {
        _file?.Dispose();
        _file = null;
        _file = _target.CreateFile(relativeUtf8, size);
    }

    private void KeepDigest(int entry)
    {
        PooledArray.EnsureCapacity(ref _digestEntries, _digestCount, _digestCount + 1);
        PooledArray.EnsureCapacity(ref _digests, _digestCount * DigestSize, (_digestCount + 1) * DigestSize);

        _sha.GetHashAndReset(_digests.AsSpan(_digestCount * DigestSize, DigestSize));
        _digestEntries[_digestCount++] = entry;
    }

    private readonly record struct Command(Kind Kind, byte[]? Buffer, int Length, long Value);
}
