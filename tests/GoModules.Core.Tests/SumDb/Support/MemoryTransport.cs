using System.Collections.Concurrent;
using GoModules.SumDb;

namespace GoModules.Tests.SumDb.Support;

/// <summary>
/// An in-memory <see cref="IChecksumDatabaseTransport"/> that answers from a <see cref="TestChecksumDatabase"/>
/// (optionally through a tampering hook) and records every request and every write.
/// </summary>
internal sealed class MemoryTransport(TestChecksumDatabase db) : IChecksumDatabaseTransport
{
    public ConcurrentDictionary<string, byte[]> Config { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte[]> Cache { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> CacheWrites { get; } = new();

    public ConcurrentQueue<string> ConfigWrites { get; } = new();

    /// <summary>Rewrites an answer before the client sees it: (path, status, body) → (status, body).</summary>
    public Func<string, int, byte[], (int Status, byte[] Body)>? Tamper { get; set; }

    public TestChecksumDatabase Database { get; set; } = db;

    public int RemoteCount(string prefix) => Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    public ValueTask<byte[]> ReadRemoteAsync(string path, int maxLength, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(path);
        var (status, body) = Database.Serve(path);
        if (Tamper is not null)
        {
            (status, body) = Tamper(path, status, body);
        }

        if (status != 200)
        {
            throw new HttpRequestException($"reading {path}: {status}", null, (System.Net.HttpStatusCode)status);
        }

        return ValueTask.FromResult(body);
    }

    public ValueTask<byte[]> ReadConfigAsync(string file, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Config.TryGetValue(file, out var data) ? data : []);

    public ValueTask<bool> WriteConfigAsync(string file, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken = default)
    {
        lock (Config)
        {
            if (Config.TryGetValue(file, out var current) && current.Length > 0 && !current.AsSpan().SequenceEqual(oldValue.Span))
            {
                return ValueTask.FromResult(false);
            }

            Config[file] = newValue.ToArray();
            ConfigWrites.Enqueue(file);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<byte[]?> ReadCacheAsync(string file, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Cache.TryGetValue(file, out var data) ? data : null);

    public ValueTask WriteCacheAsync(string file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        Cache[file] = data.ToArray();
        CacheWrites.Enqueue(file);
        return ValueTask.CompletedTask;
    }
}
