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
    private readonly ModuleNode _main;

    private RequirementGraphState(ModuleNode main)
    {
        _main = main;
        _selected[main.Path] = main.Version;
    }

    public ModuleNode MainNode => _main;

    /// <summary>Reads the graph from <paramref name="roots"/> (the main module's requirements, sorted).</summary>
    public static async Task<RequirementGraphState> ReadAsync(SummaryLoader loader, bool pruned, IReadOnlyList<ModuleNode> roots, CancellationToken cancellationToken)
    {
        var graph = new RequirementGraphState(new ModuleNode(loader.Main.Path, string.Empty));
        graph.Require(graph._main, [.. roots]);
        var seen = new HashSet<(ModuleNode, bool)>();
        var level = new List<(ModuleNode Module, bool Pruned)>();
        foreach (var r in roots)
        {
            if (r.Version != GraphVersions.None && seen.Add((r, pruned)))
            {
                level.Add((r, pruned));
            }
        }

        var loaded = new Dictionary<ModuleNode, ModSummary>();
        while (level.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pending = new List<Task<ModSummary>>(level.Count);
            foreach (var (m, _) in level)
            {
                pending.Add(loaded.TryGetValue(m, out var s) ? Task.FromResult(s) : loader.SummaryAsync(m, cancellationToken));
            }

            var summaries = await Task.WhenAll(pending).ConfigureAwait(false);
            var next = new List<(ModuleNode, bool)>();
            for (var i = 0; i < level.Count; i++)
            {
                var (m, p) = level[i];
                var summary = summaries[i];
                if (loaded.TryAdd(m, summary))
                {
                    graph.Require(m, summary.Require);
                }

                // Dependencies of a pruned module are followed only when its own go.mod does not prune them.
                var nextPruned = p && summary.Pruned;
                if (!p || !summary.Pruned)
                {
                    foreach (var r in summary.Require)
                    {
                        if (r.Version != GraphVersions.None && seen.Add((r, nextPruned)))
                        {
                            next.Add((r, nextPruned));
                        }
                    }
                }
            }

            level = next;
        }

        return graph;
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

    /// <summary>The main module, then the selected version of every other path in the graph, sorted by path.</summary>
    public List<ModuleNode> BuildList()
    {
        var list = new List<ModuleNode>(_selected.Count) { _main };
        var rest = new List<ModuleNode>(_selected.Count);
        foreach (var (path, version) in _selected)
        {
            if (!string.Equals(path, _main.Path, StringComparison.Ordinal))
            {
                rest.Add(new ModuleNode(path, version));
            }
        }

        GraphVersions.Sort(rest);
        list.AddRange(rest);
        return list;
    }

    /// <summary>Every node other than <c>none</c> versions, breadth-first from the main module.</summary>
    public List<ModuleNode> WalkBreadthFirst()
    {
        var order = new List<ModuleNode> { _main };
        var enqueued = new HashSet<ModuleNode> { _main };
        for (var i = 0; i < order.Count; i++)
        {
            if (RequiredBy(order[i]) is { } reqs)
            {
                foreach (var r in reqs)
                {
                    if (r.Version != GraphVersions.None && enqueued.Add(r))
                    {
                        order.Add(r);
                    }
                }
            }
        }

        return order;
    }
}
