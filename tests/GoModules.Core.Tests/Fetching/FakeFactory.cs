using System.Collections.Concurrent;
using GoModules.Fetching;

namespace GoModules.Tests.Fetching;

/// <summary>Creates the fake proxies of a chain by URL.</summary>
internal sealed class FakeFactory : IModuleProxyTransportFactory
{
    public FakeFactory(params FakeProxy[] proxies)
    {
        foreach (var p in proxies)
        {
            Proxies[p.RedactedBaseUrl] = p;
        }
    }

    public ConcurrentDictionary<string, FakeProxy> Proxies { get; } = new(StringComparer.Ordinal);

    public IModuleProxyTransport Create(string proxyUrl) => Proxies[proxyUrl.TrimEnd('/')];
}
