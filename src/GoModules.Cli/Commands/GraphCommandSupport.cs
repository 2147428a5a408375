using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Caching.Internal;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Hashing;

namespace GoModules.Cli.Commands;

/// <summary>
/// Shared plumbing of the commands that answer from the main module's graph (<c>list -m</c>, <c>mod graph</c>,
/// <c>mod why -m</c>): the main module found from the working directory, its go.sum as read before the command,
/// the module cache of GOMODCACHE checking go.mod files against go.sum and GOSUMDB, and a fetcher whose version
/// lists keep retracted versions (retractions are applied by the graph code, as the go command does).
/// </summary>
internal sealed class GraphCommandSupport : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private GraphCommandSupport(ModuleGraph graph, IModuleFetcher fetcher, GoSumFile? goSum)
    {
        Graph = graph;
        Fetcher = fetcher;
        GoSum = goSum;
    }

    public ModuleGraph Graph { get; private set; }

    public IModuleFetcher Fetcher { get; }

    public GoSumFile? GoSum { get; }

    public static async Task<GraphCommandSupport> LoadAsync(string? proxy, CancellationToken cancellationToken)
    {
        var root = MainModuleDownload.FindModuleRoot(Directory.GetCurrentDirectory())
            ?? throw new GoModuleException("go: go.mod file not found in current directory or any parent directory; see 'go help modules'");
        var env = CacheCommandSupport.Environment(proxy);
        var options = CacheCommandSupport.Options(env, modCacheRw: false);
        var owned = new List<IDisposable>();
        try
        {
            var transports = CacheCommandSupport.Transports(proxy, null, owned);
            var (goMod, goSum) = await MainModuleDownload.ReadMainModuleAsync(root, cancellationToken).ConfigureAwait(false);
            var hasGoSum = File.Exists(Path.Join(root, "go.sum"));
            options.GoSum = goSum;
            options.ChecksumVerifier ??= CacheCommandSupport.Verifier(env, transports, goSum);
            IModuleFetcher fetcher = env.ProxyChain is { } chain
                ? new ProxyChainFetcher(chain, env.NoProxyPatterns, transports) { IncludeRetracted = true }
                : CacheCommandSupport.Fetcher(env, transports);
            var cache = new ModuleCache(fetcher, options);
            var graph = await ModuleGraph.LoadFromGoModAsync(goMod, root, cache, cancellationToken).ConfigureAwait(false);
            var support = new GraphCommandSupport(graph, fetcher, hasGoSum ? goSum : null);
            support._owned.AddRange(owned);
            owned.Clear();
            return support;
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    public void Dispose()
    {
        _owned.ForEach(d => d.Dispose());
        _owned.Clear();
    }
}
