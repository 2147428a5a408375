using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Hashing;

namespace GoModules.Graph.Internal;

/// <summary>
/// What <c>go mod download</c> decides around the cache: which module versions the arguments (or the main module)
/// stand for, loading the module graph when they need it, and which checked hashes go.sum keeps afterwards.
/// </summary>
internal sealed class DownloadPlan
{
    private readonly ModuleCache _cache;
    private readonly IModuleFetcher _fetcher;
    private readonly MainModuleFiles? _main;
    private readonly MainModuleIndex? _index;

    public DownloadPlan(ModuleCache cache, IModuleFetcher fetcher, MainModuleFiles? main)
    {
        _cache = cache;
        _fetcher = fetcher;
        _main = main;
        _index = main is null ? null : new MainModuleIndex(main.GoMod, main.Directory);
    }

    /// <summary>Messages for standard error printed before the records (skips, "no module dependencies").</summary>
    public List<string> Notices { get; } = [];

    /// <summary>The module graph, once an argument needed it.</summary>
    public ModuleGraph? Graph { get; private set; }

    /// <summary>
    /// Resolves the arguments to the module versions to download, each with the query it came from. Replaced modules
    /// resolve to their replacements; directory replacements and the main module are skipped.
    /// </summary>
    public async Task<List<(ModuleVersion Module, string Query)>> ResolveAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var targets = new List<(ModuleVersion, string)>();
        if (args.Count == 0)
        {
            var graph = await LoadGraphAsync("go: no modules specified (see 'go help mod download')", cancellationToken).ConfigureAwait(false);
            var keys = new List<ModuleNode>();
            if (graph.IsPruned)
            {
                // Since Go 1.17 go.mod lists every module that provides a package to the main module.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var r in _main!.GoMod.Require)
                {
                    if (seen.Add(r.Path))
                    {
                        keys.Add(new ModuleNode(r.Path, graph.Selected(r.Path) ?? r.Version));
                    }
                }
            }
            else if (_main!.GoMod.Require.Count > 0)
            {
                keys.AddRange(Dependencies(graph));
            }

            if (keys.Count == 0)
            {
                Notices.Add("go: no module dependencies to download");
            }

            foreach (var key in keys)
            {
                AddTarget(targets, key, string.Empty);
            }

            return targets;
        }

        foreach (var arg in args)
        {
            var at = arg.IndexOf('@', StringComparison.Ordinal);
            var path = at < 0 ? arg : arg[..at];
            var query = at < 0 ? string.Empty : arg[(at + 1)..];
            if (_main?.GoMod.Module is { } mainModule && string.Equals(path, mainModule.Path, StringComparison.Ordinal)
                && (at < 0 || query is "upgrade" or "patch"))
            {
                Notices.Add("go: skipping download of " + arg + " that resolves to the main module");
                continue;
            }

            if (at < 0)
            {
                var graph = await LoadGraphAsync($"go: cannot match \"{arg}\": working directory is not part of a module", cancellationToken).ConfigureAwait(false);
                if (arg == "all")
                {
                    foreach (var key in Dependencies(graph))
                    {
                        AddTarget(targets, key, string.Empty);
                    }

                    continue;
                }

                var selected = graph.Selected(path)
                    ?? throw new GoModuleException($"go: module {path}: not a known dependency");
                AddTarget(targets, new ModuleNode(path, selected), string.Empty);
                continue;
            }

            var modulePath = ModulePath.Parse(path);
            if (ModuleCachePaths.TryEscapeCacheVersion(query, out _))
            {
                AddTarget(targets, new ModuleNode(path, query), string.Empty);
            }
            else
            {
                var info = await _fetcher.QueryAsync(modulePath, query, cancellationToken).ConfigureAwait(false);
                AddTarget(targets, new ModuleNode(path, info.Version), query);
            }
        }

        return targets;
    }

    /// <summary>
    /// The go.sum entries to keep, as the go command's <c>keepSums</c>: with a loaded graph, the go.mod sums of every
    /// module whose requirements are in the graph and (with <paramref name="zipSums"/>) the zip sums of the build list;
    /// without one, the sums of the main module's requirements. Replacements apply; directories have no sums.
    /// </summary>
    public Func<GoSumEntry, bool> KeepSums(bool zipSums)
    {
        var keep = new HashSet<(string, string)>();
        if (_index is null)
        {
            return _ => false;
        }

        if (Graph is null)
        {
            foreach (var r in _main!.GoMod.Require)
            {
                var actual = _index.Resolve(new ModuleNode(r.Path, r.Version));
                if (actual.Version.Length != 0)
                {
                    keep.Add((actual.Path, actual.Version + GoSumEntry.GoModSuffix));
                    if (zipSums)
                    {
                        keep.Add((actual.Path, actual.Version));
                    }
                }
            }
        }
        else
        {
            foreach (var m in Graph.Nodes())
            {
                var actual = _index.Resolve(m);
                if (actual.Version.Length != 0 && !GraphVersions.IsToolchain(m.Path) && Graph.RequiredBy(m) is not null)
                {
                    keep.Add((actual.Path, actual.Version + GoSumEntry.GoModSuffix));
                }
            }

            if (zipSums)
            {
                foreach (var m in Dependencies(Graph))
                {
                    var actual = _index.Resolve(m);
                    if (actual.Version.Length != 0)
                    {
                        keep.Add((actual.Path, actual.Version));
                    }
                }
            }
        }

        return e => keep.Contains((e.Path, e.Version));
    }

    /// <summary>Writes the kept hashes the cache checked into the main module's go.sum.</summary>
    public Task<bool> WriteGoSumAsync(Func<GoSumEntry, bool> keep, CancellationToken cancellationToken)
    {
        if (_main is null)
        {
            return Task.FromResult(false);
        }

        return GoSumUpdater.UpdateAsync(Path.Join(_main.Directory, "go.sum"), _cache.Paths, _cache.GetCheckedSums(), keep, _main.GoSum, cancellationToken);
    }

    private async Task<ModuleGraph> LoadGraphAsync(string outsideModule, CancellationToken cancellationToken)
    {
        if (_main is null)
        {
            throw new GoModuleException(outsideModule);
        }

        return Graph ??= await ModuleGraph.LoadFromGoModAsync(_main.GoMod, _main.Directory, _cache, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The build list without the main module.</summary>
    private static IEnumerable<ModuleNode> Dependencies(ModuleGraph graph)
    {
        foreach (var m in graph.BuildList())
        {
            if (m.Version.Length != 0)
            {
                yield return m;
            }
        }
    }

    private void AddTarget(List<(ModuleVersion, string)> targets, ModuleNode key, string query)
    {
        var actual = _index is null ? key : _index.Resolve(key);
        if (actual.Version.Length == 0 || (_main?.GoMod.Module is { } m && string.Equals(actual.Path, m.Path, StringComparison.Ordinal)))
        {
            return;
        }

        targets.Add((new ModuleVersion(ModulePath.Parse(actual.Path), actual.Version), query));
    }
}
