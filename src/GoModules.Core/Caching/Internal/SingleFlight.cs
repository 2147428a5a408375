using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace GoModules.Caching.Internal;

/// <summary>
/// De-duplicates concurrent work per key inside one process: callers asking for a key whose work is running
/// share its task. Successful results stay memoized (as the go command's <c>par.Cache</c> keeps them for the
/// life of the process); failures are forgotten once they complete, so a later call tries again.
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    public Task<TValue> RunAsync(TKey key, Func<TKey, Task<TValue>> work)
    {
        var lazy = _entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => Start(k, work)));
        return lazy.Value;
    }

    private Task<TValue> Start(TKey key, Func<TKey, Task<TValue>> work)
    {
        Task<TValue> task;
        try
        {
            task = work(key);
        }
        catch (Exception ex)
        {
            task = Task.FromException<TValue>(ex);
        }

        _ = task.ContinueWith(
            t =>
            {
                if (!t.IsCompletedSuccessfully)
                {
                    _entries.TryRemove(key, out _);
                }
            },
            TaskScheduler.Default);
        return task;
    }

    /// <summary>Forgets a memoized result (after the cache was cleaned, for example).</summary>
    public void Forget(TKey key) => _entries.TryRemove(key, out _);

    /// <summary>Forgets every memoized result.</summary>
    public void Clear() => _entries.Clear();
}
