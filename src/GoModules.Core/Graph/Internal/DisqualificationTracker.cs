using System.Collections.Generic;

namespace GoModules.Graph.Internal;

/// <summary>
/// Tracks which module versions cannot be kept while editing the requirements (the go command's <c>dqTracker</c>):
/// a version is disqualified, when reached pruned or unpruned, because it is above a version the edit must select,
/// or requires (directly or through versions whose requirements count) one that is.
/// </summary>
internal sealed class DisqualificationTracker(Dictionary<ModuleNode, Pruning> extendedRootPruning)
{
    private readonly Dictionary<ModuleNode, (ModuleNode? Pruned, ModuleNode? Unpruned)> _reason = [];
    private readonly Dictionary<ModuleNode, List<ModuleNode>> _requiring = [];

    public Dictionary<ModuleNode, Pruning> ExtendedRootPruning { get; } = extendedRootPruning;

    /// <summary>Records that <paramref name="m"/> requires <paramref name="r"/>; false when <paramref name="m"/> is disqualified as a result and its other requirements need not be looked at.</summary>
    public bool Require(ModuleNode m, ModuleNode r)
    {
        _reason.TryGetValue(r, out var rdq);
        if (ExtendedRootPruning.TryGetValue(r, out var rootPruning) && From(rdq, rootPruning) is not null)
        {
            // A root's own pruning decides which of its reasons counts for the modules that require it.
            Disqualify(m, Pruning.Pruned, r);
            return false;
        }

        if (rdq.Unpruned is not null)
        {
            Disqualify(m, Pruning.Unpruned, r);
            if (!ExtendedRootPruning.ContainsKey(m))
            {
                return false;
            }
        }

        if (!_requiring.TryGetValue(r, out var list))
        {
            _requiring[r] = list = [];
        }

        list.Add(m);
        return true;
    }

    /// <summary>Disqualifies <paramref name="m"/> (when reached with <paramref name="fromPruning"/>) because it is or requires <paramref name="dep"/>.</summary>
    public void Disqualify(ModuleNode m, Pruning fromPruning, ModuleNode dep)
    {
        _reason.TryGetValue(m, out var dq);
        if (From(dq, fromPruning) is not null)
        {
            return;
        }

        var isRoot = ExtendedRootPruning.TryGetValue(m, out var rootPruning);
        if (fromPruning == Pruning.Pruned)
        {
            dq.Pruned = dep;
            dq.Unpruned ??= dep;
        }
        else
        {
            dq.Unpruned = dep;
            if (isRoot && rootPruning == Pruning.Unpruned)
            {
                dq.Pruned = dep;
            }
        }

        _reason[m] = dq;
        if (!_requiring.TryGetValue(m, out var requiring))
        {
            return;
        }

        if (isRoot && (fromPruning == Pruning.Pruned || rootPruning == Pruning.Unpruned))
        {
            _requiring.Remove(m);
            foreach (var p in requiring)
            {
                Disqualify(p, Pruning.Pruned, m);
            }

            return;
        }

        if (!isRoot)
        {
            _requiring.Remove(m);
        }

        foreach (var p in requiring.ToArray())
        {
            Disqualify(p, Pruning.Unpruned, m);
        }
    }

    /// <summary>Whether <paramref name="m"/> is disqualified when reached with <paramref name="pruning"/>.</summary>
    public bool IsDisqualified(ModuleNode m, Pruning pruning) => _reason.TryGetValue(m, out var dq) && From(dq, pruning) is not null;

    /// <summary>The chain of requirements from <paramref name="m"/> to the version that disqualifies it, or empty.</summary>
    public List<ModuleNode> PathOf(ModuleNode m, Pruning pruning)
    {
        var path = new List<ModuleNode>();
        while (true)
        {
            if (ExtendedRootPruning.TryGetValue(m, out var rp) && rp == Pruning.Unpruned)
            {
                pruning = Pruning.Unpruned;
            }

            _reason.TryGetValue(m, out var dq);
            if (From(dq, pruning) is not { } dep)
            {
                return path;
            }

            path.Add(m);
            if (dep == m)
            {
                return path;
            }

            m = dep;
        }
    }

    private static ModuleNode? From((ModuleNode? Pruned, ModuleNode? Unpruned) dq, Pruning pruning) => pruning == Pruning.Unpruned ? dq.Unpruned : dq.Pruned;
}
