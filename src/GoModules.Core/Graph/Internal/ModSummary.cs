using System.Collections.Generic;
using GoModules.ModFile;

namespace GoModules.Graph.Internal;

/// <summary>What the graph needs from one go.mod: its module line, go line, requirements and retractions.</summary>
internal sealed class ModSummary
{
    public static readonly ModSummary Empty = new(string.Empty, null, null, [], true, string.Empty, []);

    public ModSummary(string modulePath, string? goVersion, string? toolchain, List<ModuleNode> require, bool pruned, string deprecated, IReadOnlyList<GoModRetract> retract)
    {
        ModulePath = modulePath;
        GoVersion = goVersion;
        Toolchain = toolchain;
        Require = require;
        Pruned = pruned;
        Deprecated = deprecated;
        Retract = retract;
    }

    public string ModulePath { get; }

    public string? GoVersion { get; }

    public string? Toolchain { get; }

    /// <summary>The requirements in go.mod order, then <c>go@version</c> when the go line is 1.21 or later.</summary>
    public List<ModuleNode> Require { get; }

    /// <summary>Whether the go.mod supports graph pruning (go 1.17 or later). The go and toolchain nodes count as pruned.</summary>
    public bool Pruned { get; }

    public string Deprecated { get; }

    public IReadOnlyList<GoModRetract> Retract { get; }

    public ModSummary WithRequire(List<ModuleNode> require) => new(ModulePath, GoVersion, Toolchain, require, Pruned, Deprecated, Retract);
}
