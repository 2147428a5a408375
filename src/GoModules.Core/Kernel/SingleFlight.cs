using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

#if GOMODULES_HTTP
namespace GoModules.Http.Internal; // compiled into GoModules.Http as shared source
#else
namespace GoModules.Kernel;
#endif

/// <summary>
/// De-duplicates concurrent work per key inside one process, the one place where GoModules shares work between
/// callers (cache downloads and metadata, checksum-database lookups, version-control operations). Callers asking
/// for a key whose work is running share it; the work runs with a token of its own (see <see cref="SharedRun{T}"/>)
/// that is cancelled only when the last waiting caller has given up, so one caller's cancellation never cancels
/// another caller's answer. Successful results stay memoized (as the go command's <c>par.Cache</c> keeps them for
/// the life of the process) unless the instance is created not to keep them; failures and abandoned runs are
/// forgotten, so a later call tries again.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The result type.</typeparam>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, SharedRun<TValue>> _runs;
    private readonly bool _keepResults;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="comparer">The key comparer, or null for the default.</param>
    /// <param name="keepResults">Whether successful results stay memoized (otherwise only running work is shared).</param>
    public SingleFlight(IEqualityComparer<TKey>? comparer = null, bool keepResults = true)
    {
        _runs = new ConcurrentDictionary<TKey, SharedRun<TValue>>(comparer);
        _keepResults = keepResults;
    }

    /// <summary>
    /// Gets the result for <paramref name="key"/>: a memoized one, the one of a running shared run, or that of a new
    /// run of <paramref name="work"/>, which receives the run's own token.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (this caller stops
    /// waiting; the work goes on for other callers).</exception>
    public Task<TValue> RunAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> work, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<TValue>(cancellationToken);
            }

            if (_runs.TryGetValue(key, out var run))
            {
                var task = run.Task;
                if (task.IsCompletedSuccessfully && _keepResults)
                {
                    return task;
                }

                if (!task.IsCompleted && run.TryJoin())
                {
                    return run.WaitAsync(cancellationToken);
                }

                // Failed, abandoned by all its callers, or a result not to keep: start afresh.
                _runs.TryRemove(new KeyValuePair<TKey, SharedRun<TValue>>(key, run));
                continue;
            }

            var created = new SharedRun<TValue>();
            if (!_runs.TryAdd(key, created))
            {
                continue;
            }

            created.TryJoin();
            var result = created.WaitAsync(cancellationToken);
            _ = created.Task.ContinueWith(
                (t, state) =>
                {
                    var (flight, k, r) = ((SingleFlight<TKey, TValue>, TKey, SharedRun<TValue>))state!;
                    if (!flight._keepResults || !t.IsCompletedSuccessfully)
                    {
                        flight._runs.TryRemove(new KeyValuePair<TKey, SharedRun<TValue>>(k, r));
                    }
                },
                (this, key, created),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            created.Start(ct => work(key, ct));
            return result;
        }
    }

    /// <summary>Forgets a memoized result or a running run (after the cache was cleaned, for example).</summary>
    public void Forget(TKey key) => _runs.TryRemove(key, out _);

    /// <summary>Forgets the result for <paramref name="key"/> only if its work completed successfully (a stale result); a running run is kept.</summary>
    public void ForgetCompleted(TKey key)
    {
        if (_runs.TryGetValue(key, out var run) && run.Task.IsCompletedSuccessfully)
        {
            _runs.TryRemove(new KeyValuePair<TKey, SharedRun<TValue>>(key, run));
        }
    }

    /// <summary>Forgets every memoized result.</summary>
    public void Clear() => _runs.Clear();
}
