using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Creates and writes the extracted files of the streaming reader on a thread of its own, so that the file system
/// calls (creating thousands of small files costs about as much as inflating and hashing them) overlap with
/// inflating and hashing the next entries. Files are written strictly in the order they are begun.
/// </summary>
/// <remarks>
/// The reader copies each entry's bytes into pooled 64 KiB buffers; at most <see cref="MaxQueued"/> commands (so
/// about 16 MiB) wait at any time, and the reader blocks when the writer falls that far behind. The first failure
/// of the writer is raised to the reader at its next call, and by <see cref="Complete"/>, which waits until every
/// file is written and closed: only then may the extraction be committed, or removed.
/// </remarks>
internal sealed class BackgroundFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private const int MaxQueued = 256;
    private const long PreallocateThreshold = 1 << 20;

    private readonly ExtractionTarget _target;
    private readonly BlockingCollection<Command> _queue = new(new ConcurrentQueue<Command>(), MaxQueued);
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _error;
    private byte[]? _buffer;
    private int _buffered;
    private long _offset;
    private bool _completed;

    public BackgroundFileWriter(ExtractionTarget target)
    {
        _target = target;
        _thread = new Thread(Run) { IsBackground = true, Name = "GoModules zip extraction" };
        _thread.Start();
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
        var name = ArrayPool<byte>.Shared.Rent(relativeUtf8.Length);
        relativeUtf8.CopyTo(name);
        _offset = 0;
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

    /// <summary>Finishes the current file: its last bytes are written and it is sealed (0444) and closed.</summary>
    public void EndFile()
    {
        Flush();
        Add(new Command(Kind.Close, null, 0, 0));
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
        _thread.Join();
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
        _queue.Add(command);
    }

    private void ThrowIfFailed() => Volatile.Read(ref _error)?.Throw();

    private void Run()
    {
        SafeFileHandle? file = null;
        foreach (var command in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (Volatile.Read(ref _error) is not null)
                {
                    continue;
                }

                switch (command.Kind)
                {
                    case Kind.Open:
                        file?.Dispose();
                        file = null;
                        file = _target.CreateFile(command.Buffer.AsSpan(0, command.Length), command.Value >= PreallocateThreshold ? command.Value : 0);
                        break;
                    case Kind.Data:
                        ExtractionTarget.Write(file!, command.Buffer.AsSpan(0, command.Length), command.Value);
                        break;
                    case Kind.Close:
                        var f = file!;
                        file = null;
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

        file?.Dispose();
    }

    private readonly record struct Command(Kind Kind, byte[]? Buffer, int Length, long Value);
}
