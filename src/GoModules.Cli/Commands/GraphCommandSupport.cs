using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
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

    private GraphCommandSupport(ModuleGraph graph, ModuleCache cache, IModuleFetcher fetcher, GoSumFile? goSum)
    {
        Graph = graph;
        Cache = cache;
        Fetcher = fetcher;
        GoSum = goSum;
    }

    public ModuleGraph Graph { get; private set; }

    public IModuleFetcher Fetcher { get; }

    public ModuleCache Cache { get; }

    public GoSumFile? GoSum { get; }

    public static async Task<GraphCommandSupport> LoadAsync(string? proxy, CancellationToken cancellationToken)
    {
        var workFile = FindWorkFile();
        var root = workFile is not null ? Path.GetDirectoryName(workFile)! : MainModuleFiles.FindDirectory(Directory.GetCurrentDirectory())
            ?? throw new GoModuleException("go: go.mod file not found in current directory or any parent directory; see 'go help modules'");
        var env = CacheCommandSupport.Environment(proxy);
        var options = CacheCommandSupport.Options(env, modCacheRw: false);
        var owned = new List<IDisposable>();
        try
        {
            var transports = CacheCommandSupport.Transports(proxy, null, owned);
            GoModules.ModFile.GoModFile? goMod = null;
            GoSumFile goSum;
            bool hasGoSum;
            if (workFile is null)
            {
                var main = await MainModuleFiles.ReadAsync(root, cancellationToken).ConfigureAwait(false);
                (goMod, goSum, hasGoSum) = (main.GoMod, main.GoSum, main.HasGoSum);
            }
            else
            {
                var sums = await MainModuleFiles.ReadWorkspaceSumsAsync(workFile, cancellationToken).ConfigureAwait(false);
                (goSum, hasGoSum) = (sums ?? new GoSumFile(), sums is not null);
            }

            options.GoSum = goSum;
            options.ChecksumVerifier ??= CacheCommandSupport.Verifier(env, transports, goSum);
            IModuleFetcher fetcher = ProxyChain.TryFromEnvironment(env, out var chain, out _)
                ? new ProxyChainFetcher(chain, env.NoProxyPatterns, transports) { IncludeRetracted = true }
                : CacheCommandSupport.Fetcher(env, transports);
            var cache = new ModuleCache(fetcher, options);
            var graph = workFile is null
                ? await ModuleGraph.LoadFromGoModAsync(goMod!, root, cache, cancellationToken).ConfigureAwait(false)
                : await ModuleGraph.LoadWorkspaceAsync(workFile, cache, cancellationToken).ConfigureAwait(false);
            var support = new GraphCommandSupport(graph, cache, fetcher, hasGoSum ? goSum : null);
            support._owned.AddRange(owned);
            owned.Clear();
            return support;
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    /// <summary>The go.work file in effect: GOWORK (off, or an absolute path), else the nearest go.work from the working directory up.</summary>
    public static string? FindWorkFile()
    {
        var gowork = System.Environment.GetEnvironmentVariable("GOWORK");
        if (gowork == "off")
        {
            return null;
        }

        if (!string.IsNullOrEmpty(gowork))
        {
            if (!Path.IsPathFullyQualified(gowork))
            {
                throw new GoModuleException("go: invalid GOWORK: not an absolute path");
            }

            return gowork;
        }

        for (var dir = Directory.GetCurrentDirectory(); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Join(dir, "go.work");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _owned.ForEach(d => d.Dispose());
        _owned.Clear();
    }
}
