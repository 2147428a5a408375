using System.Collections.Generic;
using GoModules.Toolchains;

namespace GoModules.Graph.Internal;

/// <summary>Version order of the module graph: semantic versions, Go versions for <c>go</c> and <c>toolchain</c>, and the main module's empty version above all.</summary>
internal static class GraphVersions
{
    public const string None = "none";

    public static bool IsToolchain(string path) => path is "go" or "toolchain";

    /// <summary>Compares two versions of <paramref name="path"/>; the empty version (a main module) is the highest.</summary>
    public static int Compare(string path, string v1, string v2)
    {
        if (v2.Length == 0)
        {
            return v1.Length == 0 ? 0 : -1;
        }

        if (v1.Length == 0)
        {
            return 1;
        }

        return ModCompare(path, v1, v2);
    }

    /// <summary>Compares two versions of <paramref name="path"/> without the main-module rule.</summary>
    public static int ModCompare(string path, string v1, string v2) => path switch
    {
        "go" => GoVersion.Compare(v1, v2),
        "toolchain" => GoVersion.Compare(ToolchainVersion(v1), ToolchainVersion(v2)),
        _ => SemVer.Compare(v1, v2),
    };

    /// <summary>Whether a version is a pre-release (for <c>go</c> and <c>toolchain</c>, a Go pre-release).</summary>
    public static bool IsPrerelease(string path, string version) => path switch
    {
        "go" => GoVersion.IsPrerelease(version),
        "toolchain" => GoVersion.IsPrerelease(ToolchainVersion(version)),
        _ => SemVer.Prerelease(version).Length != 0,
    };

    /// <summary>Sorts by path (byte order), then by version.</summary>
    public static void Sort(List<ModuleNode> list) => list.Sort(CompareNodes);

    public static int CompareNodes(ModuleNode a, ModuleNode b)
    {
        var c = string.CompareOrdinal(a.Path, b.Path);
        return c != 0 ? c : ModCompare(a.Path, a.Version, b.Version);
    }

    private static string ToolchainVersion(string name) => GoVersion.IsValid(name) ? name : GoVersion.FromToolchain(name);
}
