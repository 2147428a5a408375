using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.ModFile;

namespace GoModules.Caching.Internal;

/// <summary>
/// What <c>go mod download</c> (Go 1.19) does around the cache: decide which module versions to download from the
/// command line and the main module, and which checked hashes to record in go.sum.
/// </summary>
internal sealed class MainModuleDownload
{
    private readonly ModuleCache _cache;
    private readonly IModuleFetcher _fetcher;

    public MainModuleDownload(ModuleCache cache, IModuleFetcher fetcher, string? moduleRoot, GoModFile? goMod, GoSumFile? goSum)
    {
        _cache = cache;
        _fetcher = fetcher;
        ModuleRoot = moduleRoot;
        GoMod = goMod;
        GoSum = goSum;
    }

    public string? ModuleRoot { get; }

    public GoModFile? GoMod { get; }

    public GoSumFile? GoSum { get; }

    /// <summary>Messages to print on standard error before the results (skips, "no module dependencies").</summary>
    public List<string> Notices { get; } = [];

    /// <summary>Finds the main module's directory: the nearest directory, from <paramref name="start"/> up, with a go.mod.</summary>
    public static string? FindModuleRoot(string start)
    {
        for (var dir = Path.GetFullPath(start); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Join(dir, "go.mod")))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>Reads the main module's go.mod (strictly) and go.sum (an absent go.sum reads as empty).</summary>
    public static async Task<(GoModFile GoMod, GoSumFile GoSum)> ReadMainModuleAsync(string root, CancellationToken cancellationToken)
    {
        var (goMod, goSum, _) = await ReadMainModuleWithBytesAsync(root, cancellationToken).ConfigureAwait(false);
        return (goMod, goSum);
    }

    /// <summary>As <see cref="ReadMainModuleAsync"/>, also returning go.sum's bytes (to parse independent copies).</summary>
    public static async Task<(GoModFile GoMod, GoSumFile GoSum, byte[] GoSumData)> ReadMainModuleWithBytesAsync(string root, CancellationToken cancellationToken)
    {
        var goModPath = Path.Join(root, "go.mod");
        var data = await File.ReadAllBytesAsync(goModPath, cancellationToken).ConfigureAwait(false);
        var goMod = GoModFile.Parse(goModPath, data);
        var goSumPath = Path.Join(root, "go.sum");
        byte[] sumData;
        try
        {
            using var locked = await LockedFile.OpenReadAsync(goSumPath, cancellationToken).ConfigureAwait(false);
            sumData = locked.ReadAll();
        }
        catch (FileNotFoundException)
        {
            sumData = [];
        }

        // A line without three fields is fatal, as in the go command since Go 1.22.
        var goSum = GoSumFile.Parse(sumData, GoSumReadMode.ThrowOnMalformedLine, goSumPath);

        return (goMod, goSum, sumData);
    }

    /// <summary>
    /// Resolves the arguments to the module versions to download (with the query each came from), loading the
    /// requirement graph when the arguments need it. Replaced modules resolve to their replacements; directory
    /// replacements and the main module are skipped.
    /// </summary>
    public async Task<(List<(ModuleVersion Module, string Query)> Targets, RequirementGraph? Graph)> ResolveAsync(
        IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var targets = new List<(ModuleVersion, string)>();
        RequirementGraph? graph = null;
        var main = GoMod;
        if (args.Count == 0)
        {
            if (main is null || ModuleRoot is null)
            {
                throw new GoModuleException("go: no modules specified (see 'go help mod download')");
            }

            graph = await RequirementGraph.LoadAsync(main, ModuleRoot, _cache, cancellationToken).ConfigureAwait(false);
            var keys = new List<ModKey>();
            if (GoLanguageVersion.AtLeast(main.GoVersion, 1, 17))
            {
                // Since Go 1.17 go.mod lists every module that provides a package to the main module.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var r in main.Require)
                {
                    if (seen.Add(r.Path))
                    {
                        keys.Add(new ModKey(r.Path, graph.Selected(r.Path) ?? r.Version));
                    }
                }
            }
            else if (main.Require.Count > 0)
            {
                keys.AddRange(graph.BuildList());
            }

            if (keys.Count == 0)
            {
                Notices.Add("go: no module dependencies to download");
            }

            foreach (var key in keys)
            {
                AddTarget(targets, key, string.Empty);
            }

            return (targets, graph);
        }

        foreach (var arg in args)
        {
            var at = arg.IndexOf('@', StringComparison.Ordinal);
            var path = at < 0 ? arg : arg[..at];
            var query = at < 0 ? string.Empty : arg[(at + 1)..];
            if (main?.Module is { } mainModule && string.Equals(path, mainModule.Path, StringComparison.Ordinal)
                && (at < 0 || query is "upgrade" or "patch"))
            {
                Notices.Add("go: skipping download of " + arg + " that resolves to the main module");
                continue;
            }

            if (at < 0)
            {
                if (main is null || ModuleRoot is null)
                {
                    throw new GoModuleException($"go: cannot match \"{arg}\": working directory is not part of a module");
                }

                graph ??= await RequirementGraph.LoadAsync(main, ModuleRoot, _cache, cancellationToken).ConfigureAwait(false);
                if (arg == "all")
                {
                    foreach (var key in graph.BuildList())
                    {
                        AddTarget(targets, key, string.Empty);
                    }

                    continue;
                }

                var selected = graph.Selected(path)
                    ?? throw new GoModuleException($"go: module {path}: not a known dependency");
                AddTarget(targets, new ModKey(path, selected), string.Empty);
                continue;
            }

            var modulePath = ModulePath.Parse(path);
            if (ModuleCachePaths.TryEscapeCacheVersion(query, out _))
            {
                AddTarget(targets, new ModKey(path, query), string.Empty);
            }
            else
            {
                var info = await _fetcher.QueryAsync(modulePath, query, cancellationToken).ConfigureAwait(false);
                AddTarget(targets, new ModKey(path, info.Version), query);
            }
        }

        return (targets, graph);
    }

    private void AddTarget(List<(ModuleVersion, string)> targets, ModKey key, string query)
    {
        var actual = GoMod is null ? key : RequirementGraph.Resolve(GoMod, key);
        if (actual.IsDirectory || (GoMod?.Module is { } m && string.Equals(actual.Path, m.Path, StringComparison.Ordinal)))
        {
            return;
        }

        targets.Add((new ModuleVersion(ModulePath.Parse(actual.Path), actual.Version), query));
    }

    /// <summary>
    /// The go.sum entries to keep, as the go command's <c>keepSums</c>: go.mod sums of every module whose go.mod
    /// the graph read, and (with <paramref name="zipSums"/>) zip sums of the build list; without a graph, the main
    /// module's requirements.
    /// </summary>
    public Func<GoSumEntry, bool> KeepSums(RequirementGraph? graph, bool zipSums)
    {
        var keep = new HashSet<(string, string)>();
        if (GoMod is null)
        {
            return _ => false;
        }

        if (graph is null)
        {
            foreach (var r in GoMod.Require)
            {
                var actual = RequirementGraph.Resolve(GoMod, new ModKey(r.Path, r.Version));
                if (!actual.IsDirectory)
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
            foreach (var loaded in graph.LoadedGoMods)
            {
                keep.Add((loaded.Path, loaded.Version + GoSumEntry.GoModSuffix));
            }

            if (zipSums)
            {
                foreach (var m in graph.BuildList())
                {
                    var actual = RequirementGraph.Resolve(GoMod, m);
                    if (!actual.IsDirectory)
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
        if (ModuleRoot is null)
        {
            return Task.FromResult(false);
        }

        return GoSumUpdater.UpdateAsync(Path.Join(ModuleRoot, "go.sum"), _cache.Paths, _cache.GetCheckedSums(), keep, GoSum, cancellationToken);
    }
}
