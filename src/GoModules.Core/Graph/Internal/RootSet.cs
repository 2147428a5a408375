using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Graph.Internal;

/// <summary>
/// The roots of the graph (the main module's requirements, plus <c>go</c> and <c>toolchain</c>), sorted, with the set of
/// direct paths; its graph is read once, on first use (the go command's <c>Requirements</c>).
/// </summary>
internal sealed class RootSet
{
    private readonly Dictionary<string, string> _maxRootVersion = new(StringComparer.Ordinal);
    private RequirementGraphState? _graph;

    public RootSet(Pruning pruning, List<ModuleNode> roots, HashSet<string> direct)
    {
        Pruning = pruning;
        Roots = roots;
        Direct = direct;
        foreach (var m in roots)
        {
            if (!_maxRootVersion.TryGetValue(m.Path, out var v) || GraphVersions.ModCompare(m.Path, v, m.Version) < 0)
            {
                _maxRootVersion[m.Path] = m.Version;
            }
        }
    }

    public Pruning Pruning { get; }

    public List<ModuleNode> Roots { get; }

    public HashSet<string> Direct { get; }

    public bool GraphLoaded => _graph is not null;

    /// <summary>The highest root version of a path, or <see langword="null"/> when the path is not a root.</summary>
    public string? RootSelected(string path) => _maxRootVersion.TryGetValue(path, out var v) ? v : null;

    public async Task<RequirementGraphState> GraphAsync(SummaryLoader loader, CancellationToken cancellationToken)
        => _graph ??= await RequirementGraphState.ReadAsync(loader, Pruning, Roots, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether some path appears twice among the roots, or a root names the main module.</summary>
    public bool HasRedundantRoot(string mainPath)
    {
        for (var i = 0; i < Roots.Count; i++)
        {
            if (string.Equals(Roots[i].Path, mainPath, StringComparison.Ordinal) || (i > 0 && string.Equals(Roots[i].Path, Roots[i - 1].Path, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
