using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Graph.Internal;

/// <summary>
/// Makes the roots consistent with the graph, as the go command does before it answers from the graph (its
/// <c>expandGraph</c> and <c>updateRoots</c> with no packages loaded): in a pruned graph every root moves to its selected
/// version until nothing moves (which may pull in requirements that were pruned out); in an unpruned graph the roots
/// become the minimal requirement list that keeps the build list.
/// </summary>
internal static class RootUpdater
{
    /// <summary>Loads the graph of <paramref name="rs"/>, updating the roots first when they are inconsistent.</summary>
    public static async Task<(RootSet Roots, RequirementGraphState Graph)> ExpandAsync(SummaryLoader loader, RootSet rs, CancellationToken cancellationToken)
    {
        if (rs.Pruning == Pruning.Workspace)
        {
            // A workspace's roots are its main modules: always consistent, never rewritten.
            return (rs, await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false));
        }

        if (rs.HasRedundantRoot(loader.Main.Path))
        {
            rs = await UpdateAsync(loader, rs, cancellationToken).ConfigureAwait(false);
        }

        var graph = await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
        if (!AllRootsSelected(graph, rs))
        {
            rs = await UpdateAsync(loader, rs, cancellationToken).ConfigureAwait(false);
            graph = await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
        }

        return (rs, graph);
    }

    private static bool AllRootsSelected(RequirementGraphState graph, RootSet rs)
    {
        foreach (var m in rs.Roots)
        {
            if (!string.Equals(graph.Selected(m.Path), m.Version, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static Task<RootSet> UpdateAsync(SummaryLoader loader, RootSet rs, CancellationToken cancellationToken)
        => rs.Pruning == Pruning.Pruned ? UpdatePrunedAsync(loader, rs, cancellationToken) : UpdateUnprunedAsync(loader, rs, cancellationToken);

    private static async Task<RootSet> UpdatePrunedAsync(SummaryLoader loader, RootSet rs, CancellationToken cancellationToken)
    {
        var roots = rs.Roots;
        var upgraded = false;
        while (true)
        {
            RequirementGraphState? graph = null;
            if (upgraded)
            {
                rs = new RootSet(Pruning.Pruned, roots, rs.Direct);
                graph = await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
            }
            else if (rs.GraphLoaded)
            {
                graph = await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
            }

            roots = new List<ModuleNode>(rs.Roots.Count);
            upgraded = false;
            var inRootPaths = new HashSet<string>(StringComparer.Ordinal) { loader.Main.Path };
            foreach (var m in rs.Roots)
            {
                if (!inRootPaths.Add(m.Path))
                {
                    continue;
                }

                var v = graph is null ? rs.RootSelected(m.Path)! : graph.Selected(m.Path);
                roots.Add(new ModuleNode(m.Path, v));
                upgraded |= !string.Equals(v, m.Version, StringComparison.Ordinal);
            }

            if (!upgraded)
            {
                break;
            }
        }

        return SameRoots(roots, rs.Roots) ? rs : new RootSet(Pruning.Pruned, roots, rs.Direct);
    }

    private static async Task<RootSet> UpdateUnprunedAsync(SummaryLoader loader, RootSet rs, CancellationToken cancellationToken)
    {
        var graph = await rs.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
        var rootPaths = new List<string>();
        var inRootPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in rs.Roots)
        {
            // A root already at its selected version stays, even when redundant (to avoid churn).
            if (!inRootPaths.Contains(root.Path) && string.Equals(graph.Selected(root.Path), root.Version, StringComparison.Ordinal))
            {
                rootPaths.Add(root.Path);
                inRootPaths.Add(root.Path);
            }
        }

        var buildList = graph.BuildList();
        var keep = buildList.GetRange(1, buildList.Count - 1);
        foreach (var m in keep)
        {
            if (rs.Direct.Contains(m.Path) && inRootPaths.Add(m.Path))
            {
                rootPaths.Add(m.Path);
            }
        }

        var roots = await MinimalRequirements.ComputeAsync(loader, graph.MainNode, rootPaths, keep, cancellationToken).ConfigureAwait(false);
        return SameRoots(roots, rs.Roots) ? rs : new RootSet(Pruning.Unpruned, roots, rs.Direct);
    }

    private static bool SameRoots(List<ModuleNode> a, List<ModuleNode> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
