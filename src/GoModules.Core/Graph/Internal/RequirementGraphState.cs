using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Graph.Internal;

/// <summary>
/// One loaded module graph: the requirements of each module version whose go.mod was followed, and the selected
/// (highest required) version of every path. Reading follows Go's graph pruning: from a pruned main module the
/// requirements of pruned dependencies are recorded but not followed; from an unpruned module everything is.
/// </summary>
internal sealed class RequirementGraphState
{
    private readonly Dictionary<ModuleNode, List<ModuleNode>> _required = [];
    private readonly Dictionary<string, string> _selected = new(StringComparer.Ordinal);
    private readonly List<ModuleNode> _roots;

    private RequirementGraphState(List<ModuleNode> roots)
    {
        _roots = roots;
        foreach (var r in roots)
        {
            if (GraphVersions.Compare(r.Path, Selected(r.Path), r.Version) < 0)
            {
                _selected[r.Path] = r.Version;
            }
        }
    }

    /// <summary>The main module (the first root; outside a workspace, the only one).</summary>
    public ModuleNode MainNode => _roots[0];

    /// <summary>The roots of the graph: the main module, or in a workspace the main modules and the go and toolchain nodes.</summary>
    public IReadOnlyList<ModuleNode> GraphRoots => _roots;

    /// <summary>Reads the graph from <paramref name="roots"/> (the main module's requirements, or a workspace's roots; sorted).</summary>
    public static Task<RequirementGraphState> ReadAsync(SummaryLoader loader, Pruning pruning, IReadOnlyList<ModuleNode> roots, CancellationToken cancellationToken)
        => ReadAsync(loader, pruning, roots, null, cancellationToken);

    /// <summary>Reads the graph, also following the requirements of the modules in <paramref name="unprune"/> when pruned.</summary>
    public static async Task<RequirementGraphState> ReadAsync(SummaryLoader loader, Pruning pruning, IReadOnlyList<ModuleNode> roots, IReadOnlySet<ModuleNode>? unprune, CancellationToken cancellationToken)
    {
        RequirementGraphState graph;
        if (pruning == Pruning.Workspace)
        {
            graph = new RequirementGraphState([.. roots]);
        }
        else
        {
            graph = new RequirementGraphState([new ModuleNode(loader.Main.Path, string.Empty)]);
            graph.Require(graph.MainNode, [.. roots]);
        }

        var reader = new Reader(graph, loader, unprune);
        foreach (var r in roots)
        {
            reader.Enqueue(r, pruning);
        }

        await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
        if (pruning == Pruning.Workspace)
        {
            await ReloadWorkspaceDependenciesAsync(graph, reader, roots, cancellationToken).ConfigureAwait(false);
        }

        return graph;
    }

    /// <summary>
    /// In a workspace, the dependencies of the main modules are loaded again at their selected versions (and theirs, and
    /// so on) until nothing new is selected, since the requirements of the versions first read may not be the ones used.
    /// </summary>
    private static async Task ReloadWorkspaceDependenciesAsync(RequirementGraphState graph, Reader reader, IReadOnlyList<ModuleNode> roots, CancellationToken cancellationToken)
    {
        var hasDepsInAll = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<ModuleNode>();
        foreach (var m in roots)
        {
            hasDepsInAll.Add(m.Path);
        }

        while (true)
        {
            var needs = new List<ModuleNode>();
            var needsSet = new HashSet<ModuleNode>();
            foreach (var p in hasDepsInAll)
            {
                var m = new ModuleNode(p, graph.Selected(p));
                if (!seen.Contains(m))
                {
                    if (needsSet.Add(m))
                    {
                        needs.Add(m);
                    }

                    continue;
                }

                foreach (var r in graph.RequiredBy(m) ?? [])
                {
                    var s = new ModuleNode(r.Path, graph.Selected(r.Path));
                    if (GraphVersions.ModCompare(r.Path, s.Version, r.Version) > 0 && !seen.Contains(s) && needsSet.Add(s))
                    {
                        needs.Add(s);
                    }
                }
            }

            if (needs.Count == 0)
            {
                return;
            }

            foreach (var m in needs)
            {
                reader.Enqueue(m, Pruning.Workspace);
                seen.Add(m);
                hasDepsInAll.Add(m.Path);
            }

            await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The breadth-first loading queue: each (module, pruning) once, each module's go.mod once.</summary>
    private sealed class Reader(RequirementGraphState graph, SummaryLoader loader, IReadOnlySet<ModuleNode>? unprune)
    {
        private readonly HashSet<(ModuleNode, Pruning)> _seen = [];
        private readonly Dictionary<ModuleNode, ModSummary> _loaded = [];
        private List<(ModuleNode Module, Pruning Pruning)> _level = [];

        /// <summary>The fewest modules of a level worth a worker of their own.</summary>
        private const int MinPerWorker = 48;

        private void StartReads(List<(ModuleNode Module, Pruning Pruning)> level, Task<ModSummary>[] pending, int first, int step, CancellationToken cancellationToken)
        {
            for (var i = first; i < level.Count; i += step)
            {
                var m = level[i].Module;
                pending[i] = _loaded.TryGetValue(m, out var s) ? Task.FromResult(s) : loader.SummaryAsync(m, cancellationToken);
            }
        }

        public void Enqueue(ModuleNode m, Pruning pruning)
        {
            if (m.Version != GraphVersions.None && _seen.Add((m, pruning)))
            {
                _level.Add((m, pruning));
            }
        }

        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            while (_level.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var level = _level;
                _level = [];
                var pending = new Task<ModSummary>[level.Count];
                var workers = Math.Min(Environment.ProcessorCount, level.Count / MinPerWorker);
                if (workers > 1)
                {
                    // Cached go.mod files are read and parsed on the calling thread, so a wide level is split between
                    // a few workers (one per core, as the go command's loading queue), each taking every n-th module.
                    var started = new Task[workers];
                    for (var w = 0; w < workers; w++)
                    {
                        var first = w;
                        started[w] = Task.Run(() => StartReads(level, pending, first, workers, cancellationToken), cancellationToken);
                    }

                    await Task.WhenAll(started).ConfigureAwait(false);
                }
                else
                {
                    StartReads(level, pending, 0, 1, cancellationToken);
                }

                var summaries = await Task.WhenAll(pending).ConfigureAwait(false);
                for (var i = 0; i < level.Count; i++)
                {
                    var (m, p) = level[i];
                    var summary = summaries[i];
                    if (_loaded.TryAdd(m, summary))
                    {
                        graph.Require(m, summary.Require);
                    }

                    // Requirements of a pruned module are followed only when its own go.mod does not prune them.
                    var next = p == Pruning.Unpruned || !summary.Pruned ? Pruning.Unpruned : Pruning.Pruned;
                    foreach (var r in summary.Require)
                    {
                        if (p != Pruning.Pruned || !summary.Pruned || (unprune is not null && unprune.Contains(r)))
                        {
                            Enqueue(r, next);
                        }
                    }
                }
            }
        }
    }

    private void Require(ModuleNode m, List<ModuleNode> requirements)
    {
        _required[m] = requirements;
        foreach (var dep in requirements)
        {
            if (GraphVersions.Compare(dep.Path, Selected(dep.Path), dep.Version) < 0)
            {
                _selected[dep.Path] = dep.Version;
            }
        }
    }

    /// <summary>The selected version of a path, or <c>none</c>.</summary>
    public string Selected(string path)
    {
        if (!_selected.TryGetValue(path, out var v))
        {
            return GraphVersions.None;
        }

        return v;
    }

    /// <summary>The requirements of <paramref name="m"/>, or <see langword="null"/> when its go.mod was not followed.</summary>
    public List<ModuleNode>? RequiredBy(ModuleNode m) => _required.TryGetValue(m, out var r) ? r : null;

    /// <summary>The roots (main modules) first, then the selected version of every other path in the graph, sorted by path.</summary>
    public List<ModuleNode> BuildList()
    {
        var list = new List<ModuleNode>(_selected.Count);
        var seenRoot = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in _roots)
        {
            if (seenRoot.Add(r.Path) && Selected(r.Path) is var v && v != GraphVersions.None)
            {
                list.Add(new ModuleNode(r.Path, v));
            }
        }

        var rest = new List<ModuleNode>(_selected.Count);
        foreach (var (path, version) in _selected)
        {
            if (!seenRoot.Contains(path))
            {
                rest.Add(new ModuleNode(path, version));
            }
        }

        GraphVersions.Sort(rest);
        list.AddRange(rest);
        return list;
    }

    /// <summary>Every node other than <c>none</c> versions, breadth-first from the roots.</summary>
    public List<ModuleNode> WalkBreadthFirst()
    {
        var order = new List<ModuleNode>();
        var enqueued = new HashSet<ModuleNode>();
        foreach (var r in _roots)
        {
            if (r.Version != GraphVersions.None && enqueued.Add(r))
            {
                order.Add(r);
            }
        }

        for (var i = 0; i < order.Count; i++)
        {
            foreach (var r in RequiredBy(order[i]) ?? [])
            {
                if (r.Version != GraphVersions.None && enqueued.Add(r))
                {
                    order.Add(r);
                }
            }
        }

        return order;
    }
}
