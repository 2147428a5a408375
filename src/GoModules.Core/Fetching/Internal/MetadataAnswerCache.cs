using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using Microsoft.Extensions.Logging;

namespace GoModules.Fetching.Internal;

/// <summary>
/// The in-memory metadata answers of one <see cref="ProxyChainFetcher"/> under a <see cref="MetadataCachePolicy"/>: with
/// <see cref="MetadataCacheMode.MaxAge"/> concurrent identical requests share one run and successful answers are kept
/// until they are too old; the other modes ask on every call. Failures and cancelled
/// runs are never kept. Bounded by <see cref="Capacity"/>.
/// </summary>
internal sealed class MetadataAnswerCache
{
    /// <summary>Answers kept at most: enough for the list and the latest query of a few thousand modules.</summary>
    internal const int Capacity = 16384;

    private readonly SingleFlight<Key, object> _flights = new(keepResults: false);
    private readonly ConcurrentDictionary<Key, Entry> _answers = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public MetadataAnswerCache(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the number of answers kept (tests).</summary>
    internal int Count => _answers.Count;

    public async ValueTask<T> GetAsync<T>(MetadataCachePolicy policy, string operation, ModulePath path, string argument, Func<CancellationToken, ValueTask<T>> fetch, CancellationToken cancellationToken)
        where T : notnull
    {
        if (policy.Mode != MetadataCacheMode.MaxAge)
        {
            // The go command's behaviour for a long-running host, and no cache at all: every call asks.
            return await fetch(cancellationToken).ConfigureAwait(false);
        }

        var key = new Key(operation, path.Value, argument);
        var maxAge = policy.Mode == MetadataCacheMode.MaxAge ? policy.MaxAgeDuration : TimeSpan.Zero;
        if (maxAge > TimeSpan.Zero && _answers.TryGetValue(key, out var entry))
        {
            if (_time.GetUtcNow() - entry.Stored < maxAge)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Metrics.CacheLookup("metadata-" + operation, hit: true);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var text = policy.ToString();
                    CoreLog.MetadataCacheHit(_logger, path.Value, operation, text);
                }
                return (T)entry.Value;
            }

            _answers.TryRemove(new KeyValuePair<Key, Entry>(key, entry));
        }

        if (maxAge > TimeSpan.Zero)
        {
            Metrics.CacheLookup("metadata-" + operation, hit: false);
        }

        var value = await _flights.RunAsync(
            key,
            async (k, ct) =>
            {
                var v = (object)await fetch(ct).ConfigureAwait(false);
                if (maxAge > TimeSpan.Zero)
                {
                    Store(k, v);
                }

                return v;
            },
            cancellationToken).ConfigureAwait(false);
        return (T)value;
    }

    /// <summary>Forgets every answer.</summary>
    public void Clear() => _answers.Clear();

    private void Store(Key key, object value)
    {
        if (_answers.Count >= Capacity)
        {
            Trim();
        }

        _answers[key] = new Entry(value, _time.GetUtcNow());
    }

    private void Trim()
    {
        // Expired answers cannot be told apart without the policy's age, which may have changed: drop the older half.
        var now = _time.GetUtcNow();
        var stamps = new List<DateTimeOffset>(_answers.Count);
        foreach (var kv in _answers)
        {
            stamps.Add(kv.Value.Stored);
        }

        if (stamps.Count < Capacity)
        {
            return;
        }

        stamps.Sort();
        var cutoff = stamps[stamps.Count / 2];
        foreach (var kv in _answers)
        {
            if (kv.Value.Stored <= cutoff || kv.Value.Stored > now)
            {
                _answers.TryRemove(kv);
            }
        }
    }

    private readonly record struct Key(string Operation, string Path, string Argument);

    private sealed record Entry(object Value, DateTimeOffset Stored);
}
