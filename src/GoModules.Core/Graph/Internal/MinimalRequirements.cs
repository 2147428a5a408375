using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Graph.Internal;

/// <summary>
/// The smallest requirement list of the main module that keeps its build list (Go's <c>mvs.Req</c>): the
/// <c>base</c> paths first, then every selected module not already implied, in reverse post-order of the graph.
/// </summary>
internal static class MinimalRequirements
{
    public static async Task<List<ModuleNode>> ComputeAsync(SummaryLoader loader, ModuleNode main, List<string> basePaths, List<ModuleNode> mainRequires, CancellationToken cancellationToken)
    {
        var reqCache = new Dictionary<ModuleNode, List<ModuleNode>> { [main] = [] };

        // The full (unpruned) graph below the main module, loaded breadth-first.
        var level = new List<ModuleNode>();
        foreach (var m in mainRequires)
        {
            if (m.Version != GraphVersions.None && !reqCache.ContainsKey(m) && !level.Contains(m))
            {
                level.Add(m);
            }
        }

        var max = new Dictionary<string, string>(StringComparer.Ordinal) { [main.Path] = main.Version };
        Raise(max, mainRequires);
        while (level.Count > 0)
        {
            var tasks = level.ConvertAll(m => loader.SummaryAsync(m, cancellationToken));
            var summaries = await Task.WhenAll(tasks).ConfigureAwait(false);
            var next = new List<ModuleNode>();
            for (var i = 0; i < level.Count; i++)
            {
                var reqs = summaries[i].Require;
                reqCache[level[i]] = reqs;
                Raise(max, reqs);
                foreach (var r in reqs)
                {
                    if (r.Version != GraphVersions.None && !reqCache.ContainsKey(r) && !next.Contains(r) && !level.Contains(r))
                    {
                        next.Add(r);
                    }
                }
            }

            level = next;
        }

        // The build list order: the main module, then by path.
        var list = new List<ModuleNode>();
        foreach (var (path, version) in max)
        {
            if (!string.Equals(path, main.Path, StringComparison.Ordinal))
            {
                list.Add(new ModuleNode(path, version));
            }
        }

        GraphVersions.Sort(list);

        var postorder = new List<ModuleNode>();
        var visited = new HashSet<ModuleNode> { main };
        foreach (var m in list)
        {
            PostOrder(m, reqCache, visited, postorder);
        }

        var have = new HashSet<ModuleNode>();
        var min = new List<ModuleNode>();
        var haveBase = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in basePaths)
        {
            if (haveBase.Add(path))
            {
                var m = new ModuleNode(path, max.TryGetValue(path, out var v) ? v : string.Empty);
                min.Add(m);
                Mark(m, reqCache, have);
            }
        }

        for (var i = postorder.Count - 1; i >= 0; i--)
        {
            var m = postorder[i];
            if (max.TryGetValue(m.Path, out var v) && string.Equals(v, m.Version, StringComparison.Ordinal) && !have.Contains(m))
            {
                min.Add(m);
                Mark(m, reqCache, have);
            }
        }

        min.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return min;
    }

    private static void Raise(Dictionary<string, string> max, List<ModuleNode> reqs)
    {
        foreach (var r in reqs)
        {
            if (!max.TryGetValue(r.Path, out var v) || GraphVersions.Compare(r.Path, v, r.Version) < 0)
            {
                max[r.Path] = r.Version;
            }
        }
    }

    private static void PostOrder(ModuleNode m, Dictionary<ModuleNode, List<ModuleNode>> reqCache, HashSet<ModuleNode> visited, List<ModuleNode> postorder)
    {
        // Iterative depth-first walk (graphs may be deep); children in requirement order.
        if (!visited.Add(m))
        {
            return;
        }

        var stack = new Stack<(ModuleNode Node, int Next)>();
        stack.Push((m, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var reqs = reqCache.TryGetValue(node, out var r) ? r : [];
            if (next < reqs.Count)
            {
                stack.Push((node, next + 1));
                var child = reqs[next];
                if (visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                postorder.Add(node);
            }
        }
    }

    private static void Mark(ModuleNode m, Dictionary<ModuleNode, List<ModuleNode>> reqCache, HashSet<ModuleNode> have)
    {
        var stack = new Stack<ModuleNode>();
        stack.Push(m);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!have.Add(node))
            {
                continue;
            }

            if (reqCache.TryGetValue(node, out var reqs))
            {
                foreach (var r in reqs)
                {
                    stack.Push(r);
                }
            }
        }
    }
}
