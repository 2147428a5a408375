using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.ModFile;

namespace GoModules.Caching.Internal;

/// <summary>
/// The module requirement graph of a main module and its minimal version selection, loaded the way the go
/// command 1.19 loads it for <c>go mod download</c> and <c>go mod verify</c>: go.mod files of dependencies come
/// through the cache (verified against go.sum), replacements and exclusions of the main module apply, and when
/// the main module is at <c>go 1.17</c> or later the graph is pruned (the dependencies of a module whose own
/// go.mod is at 1.17 or later are not followed).
/// </summary>
internal sealed class RequirementGraph
{
    private readonly Dictionary<string, string> _selected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ModKey, byte> _loaded = new();

    private RequirementGraph(GoModFile main)
    {
        Main = main;
        Pruned = GoLanguageVersion.AtLeast(main.GoVersion, 1, 17);
    }

    public GoModFile Main { get; }

    /// <summary>Whether the main module's graph is pruned (go 1.17 or later).</summary>
    public bool Pruned { get; }

    /// <summary>Modules whose go.mod was read (after replacement): the go.mod sums go.sum should keep.</summary>
    public IReadOnlyCollection<ModKey> LoadedGoMods => (IReadOnlyCollection<ModKey>)_loaded.Keys;

    /// <summary>The selected version of every module in the graph (the main module excluded), sorted by path.</summary>
    public List<ModKey> BuildList()
    {
        var list = new List<ModKey>(_selected.Count);
        foreach (var (path, version) in _selected)
        {
            list.Add(new ModKey(path, version));
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return list;
    }

    /// <summary>The selected version of a module path, or <see langword="null"/> when the graph does not mention it.</summary>
    public string? Selected(string path) => _selected.TryGetValue(path, out var v) ? v : null;

    /// <summary>Applies the main module's replacements: an exact path@version replacement first, then a path-wide one.</summary>
    public static ModKey Resolve(GoModFile main, ModKey module)
    {
        GoModReplace? wildcard = null;
        foreach (var r in main.Replace)
        {
            if (!string.Equals(r.OldPath, module.Path, StringComparison.Ordinal))
            {
                continue;
            }

            if (string.Equals(r.OldVersion, module.Version, StringComparison.Ordinal))
            {
                return new ModKey(r.NewPath, r.NewVersion);
            }

            if (r.OldVersion.Length == 0)
            {
                wildcard = r;
            }
        }

        return wildcard is null ? module : new ModKey(wildcard.NewPath, wildcard.NewVersion);
    }

    /// <summary>
    /// Loads the graph from the main module's requirements. When a requirement turns out not to be the selected
    /// version of its path, the roots are moved to the selected versions and the graph is loaded again, as the
    /// go command's <c>expandGraph</c> does (the go command then also rewrites go.mod; this loader does not).
    /// </summary>
    public static async Task<RequirementGraph> LoadAsync(GoModFile main, string mainDirectory, ModuleCache cache, CancellationToken cancellationToken)
    {
        var excluded = new HashSet<ModKey>();
        foreach (var x in main.Exclude)
        {
            excluded.Add(new ModKey(x.Path, x.Version));
        }

        var roots = new List<ModKey>();
        foreach (var r in main.Require)
        {
            roots.Add(new ModKey(r.Path, r.Version));
        }

        for (var round = 0; ; round++)
        {
            var graph = new RequirementGraph(main);
            await graph.LoadFromAsync(roots, mainDirectory, cache, excluded, cancellationToken).ConfigureAwait(false);
            var updated = new List<ModKey>(roots.Count);
            var seenPaths = new HashSet<string>(StringComparer.Ordinal);
            var consistent = true;
            foreach (var root in roots)
            {
                var selected = graph.Selected(root.Path) ?? root.Version;
                consistent &= string.Equals(selected, root.Version, StringComparison.Ordinal);
                if (seenPaths.Add(root.Path))
                {
                    updated.Add(new ModKey(root.Path, selected));
                }
            }

            if (consistent || round >= 100)
            {
                return graph;
            }

            roots = updated;
        }
    }

    private async Task LoadFromAsync(List<ModKey> roots, string mainDirectory, ModuleCache cache, HashSet<ModKey> excluded, CancellationToken cancellationToken)
    {
        var graph = this;
        graph.Select(roots);

        // Breadth-first, one level at a time, loading each level's go.mod files concurrently.
        var seen = new HashSet<(ModKey, bool)>();
        var level = new List<(ModKey Module, bool Pruned)>();
        foreach (var root in roots)
        {
            if (seen.Add((root, graph.Pruned)))
            {
                level.Add((root, graph.Pruned));
            }
        }

        while (level.Count > 0)
        {
            var summaries = await Task.WhenAll(level.ConvertAll(item => graph.LoadSummaryAsync(item.Module, mainDirectory, cache, excluded, cancellationToken))).ConfigureAwait(false);
            var next = new List<(ModKey, bool)>();
            for (var i = 0; i < level.Count; i++)
            {
                var (module, pruned) = level[i];
                var summary = summaries[i];
                graph.Select(summary.Requires);

                // A pruned module's own dependencies are followed only when its go.mod does not support pruning.
                if (!pruned || !summary.Pruned)
                {
                    var nextPruned = pruned && summary.Pruned;
                    foreach (var r in summary.Requires)
                    {
                        if (seen.Add((r, nextPruned)))
                        {
                            next.Add((r, nextPruned));
                        }
                    }
                }
            }

            level = next;
        }
    }

    private void Select(IEnumerable<ModKey> requirements)
    {
        lock (_selected)
        {
            foreach (var r in requirements)
            {
                if (!_selected.TryGetValue(r.Path, out var current) || SemVer.Compare(current, r.Version) < 0)
                {
                    _selected[r.Path] = r.Version;
                }
            }
        }
    }

    private sealed record Summary(List<ModKey> Requires, bool Pruned);

    private async Task<Summary> LoadSummaryAsync(ModKey module, string mainDirectory, ModuleCache cache, HashSet<ModKey> excluded, CancellationToken cancellationToken)
    {
        var actual = Resolve(Main, module);
        byte[] data;
        string name;
        if (actual.IsDirectory)
        {
            var dir = Path.IsPathRooted(actual.Path) ? actual.Path : Path.Join(mainDirectory, actual.Path);
            name = Path.Join(dir, "go.mod");
            try
            {
                data = await File.ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GoModuleException($"{actual}: reading {name}: {ex.Message}", ex);
            }
        }
        else
        {
            var mv = new ModuleVersion(ModulePath.Parse(actual.Path), actual.Version);
            data = (await cache.GetGoModAsync(mv, cancellationToken).ConfigureAwait(false)).ToArray();
            name = "go.mod";
            _loaded.TryAdd(actual, 0);
        }

        if (!GoModFile.TryParse(name, data, GoModParseMode.Lax, out var file, out var errors))
        {
            throw new GoModuleException($"{actual}: parsing {name}: {string.Join('\n', errors)}");
        }

        if (!actual.IsDirectory)
        {
            var declared = file.Module?.Path ?? string.Empty;
            if (declared.Length == 0)
            {
                throw new GoModuleException($"{actual}: parsing go.mod: missing module line");
            }

            if (!string.Equals(declared, module.Path, StringComparison.Ordinal) && !string.Equals(declared, actual.Path, StringComparison.Ordinal))
            {
                throw new GoModuleException($"{actual}: parsing go.mod:\n\tmodule declares its path as: {declared}\n\t        but was required as: {module.Path}");
            }
        }

        var requires = new List<ModKey>(file.Require.Count);
        foreach (var r in file.Require)
        {
            var key = new ModKey(r.Path, r.Version);
            if (!excluded.Contains(key))
            {
                requires.Add(key);
            }
        }

        return new Summary(requires, GoLanguageVersion.AtLeast(file.GoVersion, 1, 17));
    }
}
