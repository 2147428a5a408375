using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Hashing.Internal;

/// <summary>
/// Runs independent per-file hashing on every core. Items are numbered in the order Go would
/// process them (sorted names); when several fail, the error of the lowest-numbered item is the
/// one reported, which is the error Go's sequential loop would have met first. Items are taken
/// largest first so that the cores finish together.
/// </summary>
internal static class ParallelHashing
{
    /// <summary>Below this many bytes in total the work runs on the calling thread.</summary>
    internal const long ParallelThreshold = 256 * 1024;

    /// <summary>Processes one item with the worker's buffers.</summary>
    public delegate void ItemBody(HashWorker worker, int item);

    /// <summary>Processes one item asynchronously.</summary>
    public delegate ValueTask AsyncItemBody(HashWorker worker, int item, CancellationToken cancellationToken);

    private static readonly AsyncLocal<int> MaxWorkersOfFlow = new();

    /// <summary>
    /// Caps the number of workers of the computations started in the current asynchronous flow (set by the public
    /// methods from <see cref="DirHashOptions.MaxDegreeOfParallelism"/>); 0 means the processor count.
    /// </summary>
    internal static int MaxWorkers
    {
        get => MaxWorkersOfFlow.Value;
        set => MaxWorkersOfFlow.Value = value;
    }

    /// <summary>Number of workers to use for <paramref name="count"/> items totalling <paramref name="totalBytes"/>.</summary>
    public static int WorkerCount(int count, long totalBytes)
    {
        if (count <= 1 || totalBytes < ParallelThreshold)
        {
            return 1;
        }

        var limit = MaxWorkers > 0 ? MaxWorkers : Environment.ProcessorCount;
        return Math.Min(limit, count);
    }

    /// <summary>
    /// Calls <paramref name="body"/> for every item in 0..count-1, scheduling by descending
    /// <paramref name="sizes"/> (null: in item order). Rethrows the failure of the lowest item.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int count, long[]? sizes, int workers, ItemBody body, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var state = new RunState(count, sizes);
        if (workers <= 1)
        {
            Work(state, body, cancellationToken);
        }
        else
        {
            // The calling thread works too; helpers come from the thread pool. A helper that starts only after the
            // caller ran out of items does nothing, so the caller waits only for helpers that are busy (never for
            // one still queued behind it). Lighter than Parallel.For, whose task machinery costs more to run and
            // to compile than the scheduling it would add here.
            var team = new Team(state, body, cancellationToken);
            for (var i = 1; i < workers; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(team, preferLocal: false);
            }

            team.RunAndWait();
        }

        cancellationToken.ThrowIfCancellationRequested();
        state.ThrowIfFailed();
    }

    /// <summary>The caller and its pool helpers working through one <see cref="RunState"/>.</summary>
    private sealed class Team(RunState state, ItemBody body, CancellationToken cancellationToken) : IThreadPoolWorkItem
    {
        private readonly object _gate = new();
        private int _busy;
        private bool _closed;

        /// <summary>A helper's turn: works unless the caller is already done.</summary>
        public void Execute()
        {
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                _busy++;
            }

            try
            {
                Work(state, body, cancellationToken);
            }
            finally
            {
                lock (_gate)
                {
                    if (--_busy == 0)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }

        /// <summary>The caller's turn: works, then lets no new helper in and waits for the busy ones.</summary>
        public void RunAndWait()
        {
            Work(state, body, cancellationToken);
            lock (_gate)
            {
                _closed = true;
                while (_busy > 0)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
    }

    /// <summary>Asynchronous form of <see cref="Run"/>.</summary>
    public static async Task RunAsync(int count, long[]? sizes, int workers, AsyncItemBody body, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        var state = new RunState(count, sizes);
        if (workers <= 1)
        {
            await WorkAsync(state, body, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var tasks = new Task[workers];
            for (var i = 0; i < workers; i++)
            {
                tasks[i] = Task.Run(() => WorkAsync(state, body, cancellationToken), cancellationToken);
            }

            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Reported below.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        state.ThrowIfFailed();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Work(RunState state, ItemBody body, CancellationToken cancellationToken)
    {
        using var worker = new HashWorker();
        while (!cancellationToken.IsCancellationRequested && state.TryTake(out var item))
        {
            try
            {
                body(worker, item);
            }
            catch (Exception ex)
            {
                state.Fail(item, ex);
            }
        }
    }

    private static async Task WorkAsync(RunState state, AsyncItemBody body, CancellationToken cancellationToken)
    {
        using var worker = new HashWorker();
        while (!cancellationToken.IsCancellationRequested && state.TryTake(out var item))
        {
            try
            {
                await body(worker, item, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                state.Fail(item, ex);
            }
        }
    }

    private sealed class RunState
    {
        private readonly int[]? _schedule;
        private readonly int _count;
        private readonly object _gate = new();
        private int _next = -1;
        private int _firstFailure = int.MaxValue;
        private Exception? _failure;

        public RunState(int count, long[]? sizes)
        {
            _count = count;
            if (sizes is not null)
            {
                _schedule = new int[count];
                var keys = new long[count];
                for (var i = 0; i < count; i++)
                {
                    _schedule[i] = i;
                    keys[i] = -sizes[i];
                }

                Array.Sort(keys, _schedule);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryTake(out int item)
        {
            while (true)
            {
                var slot = Interlocked.Increment(ref _next);
                if (slot >= _count)
                {
                    item = -1;
                    return false;
                }

                item = _schedule is null ? slot : _schedule[slot];

                // Work after a known failure cannot change the outcome.
                if (item < Volatile.Read(ref _firstFailure))
                {
                    return true;
                }
            }
        }

        public void Fail(int item, Exception ex)
        {
            lock (_gate)
            {
                if (item < _firstFailure)
                {
                    _firstFailure = item;
                    _failure = ex;
                }
            }
        }

        public void ThrowIfFailed()
        {
            if (_failure is not null)
            {
                ExceptionDispatchInfo.Capture(_failure).Throw();
            }
        }
    }
}
