using System.Collections.Concurrent;
using GoModules.Fetching;

namespace GoModules.Tests.SumDb.Support;

/// <summary>Transports for URLs answered by delegates: (path) → (status, body). Logs "url path" for every read.</summary>
internal sealed class FakeTransports : IModuleProxyTransportFactory
{
    private readonly ConcurrentDictionary<string, Func<string, (int Status, byte[] Body)>> _servers = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Log { get; } = new();

    public FakeTransports Serve(string baseUrl, Func<string, (int Status, byte[] Body)> answer)
    {
        _servers[baseUrl.TrimEnd('/')] = answer;
        return this;
    }

    public IModuleProxyTransport Create(string proxyUrl) => new Transport(this, proxyUrl.TrimEnd('/'));

    private sealed class Transport(FakeTransports owner, string baseUrl) : IModuleProxyTransport
    {
        public string RedactedBaseUrl => baseUrl;

        public ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
        {
            owner.Log.Enqueue(baseUrl + " " + path);

            // Longest registered prefix of the full URL answers, with the rest of the URL as its path.
            var full = baseUrl + "/" + path;
            var server = owner._servers.Keys.Where(k => full.StartsWith(k + "/", StringComparison.Ordinal)).OrderByDescending(k => k.Length).FirstOrDefault();
            if (server is null)
            {
                throw new ModuleFetchException($"reading {full}: connection refused", ModuleFetchFailure.ConnectionRefused, null, full, null, null);
            }

            var (status, body) = owner._servers[server](full[server.Length..]);
            return status switch
            {
                200 => ValueTask.FromResult<ReadOnlyMemory<byte>>(body),
                404 or 410 => throw new ModuleNotFoundException($"reading {full}: {status}", ModuleFetchFailure.HttpStatus, status, full, null, null),
                _ => throw new ModuleFetchException($"reading {full}: {status}", ModuleFetchFailure.HttpStatus, status, full, null, null),
            };
        }

        public ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();
    }
}
