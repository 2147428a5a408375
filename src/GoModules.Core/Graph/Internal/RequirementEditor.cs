using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Graph.Internal;

/// <summary>A version the edit could not keep: the requirement chain from a root to the offending version, and the version that had to be selected instead.</summary>
internal sealed record RequirementConflict(List<ModuleNode> Path, ModuleNode Constraint);

/// <summary>
/// Edits the main module's roots so that every version in a must-select set is selected and nothing is selected above
/// it (the go command's <c>editRequirements</c>): roots that would pull a module above its constraint are downgraded,
/// one allowed version at a time, until the graph is consistent; the other roots then follow the versions the graph
/// selects for them. In an unpruned graph the result is the minimal requirement list.
/// </summary>
internal static class RequirementEditor
{
    public static async Task<(RootSet? Roots, List<RequirementConflict> Conflicts)> EditAsync(
        SummaryLoader loader,
        RootSet orig,
        IReadOnlyList<ModuleNode> mustSelect,
        Func<ModuleNode, CancellationToken, Task<ModuleNode>> previousVersion,
        CancellationToken cancellationToken)
    {
        var rootPruning = orig.Pruning;
        var origGraph = await orig.GraphAsync(loader, cancellationToken).ConfigureAwait(false);
        var selectedRoot = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rootPruning == Pruning.Pruned)
        {
            foreach (var m in orig.Roots)
            {
                selectedRoot[m.Path] = orig.RootSelected(m.Path)!;
            }
        }
        else
        {
            var bl = origGraph.BuildList();
            for (var i = 1; i < bl.Count; i++)
            {
                selectedRoot[bl[i].Path] = bl[i].Version;
            }
        }

        var conflicts = new List<RequirementConflict>();
        var mustSelectVersion = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in mustSelect)
        {
            if (mustSelectVersion.TryGetValue(r.Path, out var v) && v != r.Version)
            {
                var prev = new ModuleNode(r.Path, v);
                conflicts.Add(GraphVersions.ModCompare(r.Path, v, r.Version) > 0 ? new([prev], r) : new([r], prev));
                continue;
            }

            mustSelectVersion[r.Path] = r.Version;
            selectedRoot[r.Path] = r.Version;
        }

        var roots = new List<ModuleNode>();
        var rootsDirty = true;
        var rejectedRoot = new HashSet<ModuleNode>();
        while (rootsDirty && conflicts.Count == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            roots = [.. selectedRoot.Where(static p => p.Value != GraphVersions.None).Select(static p => new ModuleNode(p.Key, p.Value))];
            GraphVersions.Sort(roots);
            var (mg, upgradedRoots) = await ExtendGraphAsync(loader, rootPruning, roots, selectedRoot, cancellationToken).ConfigureAwait(false);

            var extended = new Dictionary<ModuleNode, Pruning>();
            foreach (var m in roots.Concat(upgradedRoots))
            {
                extended[m] = await FindPruningAsync(loader, mg, rootPruning, m, cancellationToken).ConfigureAwait(false);
            }

            var t = new DisqualificationTracker(extended);
            foreach (var m in mg.WalkBreadthFirst())
            {
                if (mustSelectVersion.TryGetValue(m.Path, out var max) && GraphVersions.ModCompare(m.Path, m.Version, max) > 0)
                {
                    t.Disqualify(m, Pruning.Pruned, m);
                    continue;
                }

                if (mg.RequiredBy(m) is not { } reqs || m.Version.Length == 0)
                {
                    continue;
                }

                var above = reqs.FirstOrDefault(r => mustSelectVersion.TryGetValue(r.Path, out var rmax) && GraphVersions.ModCompare(r.Path, r.Version, rmax) > 0);
                if (above.Path is not null)
                {
                    t.Disqualify(m, Pruning.Pruned, above);
                    continue;
                }

                foreach (var r in reqs)
                {
                    if (!t.Require(m, r))
                    {
                        break;
                    }
                }
            }

            rootsDirty = false;
            foreach (var m in roots)
            {
                var path = t.PathOf(m, extended[m]);
                if (path.Count == 0)
                {
                    continue;
                }

                var last = path[^1];
                var conflict = new RequirementConflict(path, new ModuleNode(last.Path, mustSelectVersion[last.Path]));
                if (mustSelectVersion.TryGetValue(m.Path, out var mv) && mv == m.Version)
                {
                    conflicts.Add(conflict);
                    continue;
                }

                var selected = mg.Selected(m.Path);
                if (selected != m.Version)
                {
                    var u = new ModuleNode(m.Path, selected);
                    if (!t.IsDisqualified(u, extended[m]) && !rejectedRoot.Contains(u))
                    {
                        continue;
                    }
                }

                var origV = origGraph.Selected(m.Path);
                rejectedRoot.Add(m);
                var prev = m;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    prev = await previousVersion(prev, cancellationToken).ConfigureAwait(false);
                    if (GraphVersions.ModCompare(m.Path, m.Version, origV) > 0 && GraphVersions.ModCompare(m.Path, prev.Version, origV) < 0)
                    {
                        prev = new ModuleNode(m.Path, origV);
                    }

                    if (rejectedRoot.Contains(prev))
                    {
                        continue;
                    }

                    var pruning = rootPruning;
                    if (pruning == Pruning.Pruned && mg.RequiredBy(m) is not null)
                    {
                        pruning = (await loader.SummaryAsync(m, cancellationToken).ConfigureAwait(false)).Pruned ? Pruning.Pruned : Pruning.Unpruned;
                    }

                    if (prev.Version != GraphVersions.None && t.IsDisqualified(prev, pruning))
                    {
                        rejectedRoot.Add(prev);
                        continue;
                    }

                    break;
                }

                selectedRoot[m.Path] = prev.Version;
                rootsDirty = true;
            }

            if (rootsDirty)
            {
                continue;
            }

            foreach (var (p, v) in selectedRoot.ToList())
            {
                if (!mustSelectVersion.ContainsKey(p) && mg.Selected(p) is var actual && actual != v)
                {
                    selectedRoot[p] = actual;
                    rootsDirty = true;
                }
            }
        }

        if (conflicts.Count > 0)
        {
            return (null, conflicts);
        }

        if (rootPruning == Pruning.Unpruned)
        {
            var rootPaths = new List<string>();
            foreach (var m in mustSelect)
            {
                if (m.Version != GraphVersions.None && !loader.Main.IsMainPath(m.Path))
                {
                    rootPaths.Add(m.Path);
                }
            }

            foreach (var m in roots)
            {
                if (orig.RootSelected(m.Path) is { } v && (v == m.Version || orig.Direct.Contains(m.Path)))
                {
                    rootPaths.Add(m.Path);
                }
            }

            roots = await MinimalRequirements.ComputeAsync(loader, origGraph.MainNode, rootPaths, roots, cancellationToken).ConfigureAwait(false);
        }

        if (rootPruning == orig.Pruning && roots.SequenceEqual(orig.Roots))
        {
            // Unchanged roots mean an unchanged graph: the original set stays as it is, even when its selected go
            // version would call for a pruned graph (go1.27.3 converts only requirements the edit changed).
            return (orig, conflicts);
        }

        var direct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in roots)
        {
            if (orig.Direct.Contains(m.Path))
            {
                direct.Add(m.Path);
            }
        }

        var edited = new RootSet(rootPruning, roots, direct);
        if (rootPruning == Pruning.Unpruned && edited.RootSelected("go") is { } go && Toolchains.GoVersion.Compare(go, "1.17") >= 0)
        {
            // The go line moved the main module to a pruned graph: the whole unpruned build list becomes the roots.
            var bl = (await edited.GraphAsync(loader, cancellationToken).ConfigureAwait(false)).BuildList();
            edited = new RootSet(Pruning.Pruned, bl.GetRange(1, bl.Count - 1), direct);
        }
        else if (rootPruning == Pruning.Unpruned && edited.RootSelected("go") is null)
        {
            // The minimal list left the go node out (a dependency implies it): it stays a root at its selected version,
            // and the graph stays unpruned, as go1.27.3 leaves it.
            var graphGo = (await edited.GraphAsync(loader, cancellationToken).ConfigureAwait(false)).Selected("go");
            var withGo = new List<ModuleNode>(roots) { new("go", graphGo) };
            GraphVersions.Sort(withGo);
            edited = new RootSet(Pruning.Unpruned, withGo, direct);
        }

        return (edited, conflicts);
    }

    /// <summary>
    /// Reads the graph of <paramref name="roots"/>, and in a pruned graph also the requirements of every module whose
    /// selected version became a root's without its go.mod being read, until no more such modules turn up.
    /// </summary>
    private static async Task<(RequirementGraphState Graph, HashSet<ModuleNode> Upgraded)> ExtendGraphAsync(
        SummaryLoader loader, Pruning rootPruning, List<ModuleNode> roots, Dictionary<string, string> selectedRoot, CancellationToken cancellationToken)
    {
        var upgraded = new HashSet<ModuleNode>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mg = await RequirementGraphState.ReadAsync(loader, rootPruning, roots, upgraded, cancellationToken).ConfigureAwait(false);
            if (rootPruning == Pruning.Unpruned)
            {
                return (mg, upgraded);
            }

            var before = upgraded.Count;
            foreach (var p in selectedRoot.Keys)
            {
                var v = mg.Selected(p);
                if (v == GraphVersions.None)
                {
                    continue;
                }

                var m = new ModuleNode(p, v);
                if (mg.RequiredBy(m) is null)
                {
                    upgraded.Add(m);
                }
            }

            if (upgraded.Count == before)
            {
                return (mg, upgraded);
            }
        }
    }

    private static async Task<Pruning> FindPruningAsync(SummaryLoader loader, RequirementGraphState mg, Pruning rootPruning, ModuleNode m, CancellationToken cancellationToken)
    {
        if (rootPruning == Pruning.Pruned && mg.RequiredBy(m) is not null && m.Version.Length != 0 && !GraphVersions.IsToolchain(m.Path))
        {
            var summary = await loader.SummaryAsync(m, cancellationToken).ConfigureAwait(false);
            if (!summary.Pruned)
            {
                return Pruning.Unpruned;
            }
        }

        return rootPruning;
    }
}
