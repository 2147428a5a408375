using System;
using System.Collections.Generic;
using System.Linq;
using GoModules.ModFile;
using GoModules.Toolchains;

namespace GoModules.Graph.Internal;

/// <summary>
/// Writes edited roots into the main module's go.mod as the go command does after <c>go get</c>: the go and toolchain
/// lines from the go and toolchain roots, the requirements (indirect unless direct before) in the layout of the go
/// version (one block before 1.17, direct and indirect blocks from 1.17, at most two blocks from 1.27), comments kept.
/// The new text counts only when the go command would write it (see <see cref="IsDirty"/>).
/// </summary>
internal static class GoModWriter
{
    public static (byte[] GoMod, bool Changed, List<string> Changes) Write(ModuleGraph graph, RootSet edited)
    {
        var original = graph.MainModuleGoMod;
        var file = GoModFile.Parse(original.FileName, original.Format());
        var oldReqs = Requirements(file);

        var list = new List<GoModRequire>();
        string? goVersion = null;
        string? toolchain = null;
        foreach (var m in edited.Roots)
        {
            switch (m.Path)
            {
                case "go":
                    goVersion = m.Version;
                    break;
                case "toolchain":
                    toolchain = m.Version;
                    break;
                default:
                    list.Add(new GoModRequire(m.Path, m.Version, !edited.Direct.Contains(m.Path)));
                    break;
            }
        }

        goVersion ??= file.GoVersion ?? "1.16";
        if (file.GoVersion != goVersion)
        {
            file.SetGoVersion(goVersion);
        }

        toolchain ??= "go" + goVersion;
        if (toolchain == "go" + goVersion || GoVersion.Compare(GoVersion.FromToolchain(toolchain), "1.21") < 0)
        {
            file.DropToolchain();
        }
        else
        {
            file.SetToolchain(toolchain);
        }

        if (GoVersion.Compare(goVersion, "1.17") < 0)
        {
            file.SetRequire(list);
        }
        else if (GoVersion.Compare(goVersion, "1.27") < 0)
        {
            file.SetRequireSeparateIndirect(list);
        }
        else
        {
            file.SetRequireAtMostTwo(list);
        }

        file.Cleanup();
        var after = file.Format();
        var changes = Changes(oldReqs, Requirements(file));
        return (after, IsDirty(original, file), changes);
    }

    /// <summary>
    /// Whether the edit changed what the go command compares before it writes go.mod (its <c>modFileIsDirty</c>): the
    /// go and toolchain lines, and the set of requirements with their indirect markers; layout alone does not count.
    /// </summary>
    private static bool IsDirty(GoModFile original, GoModFile edited)
    {
        if (original.GoVersion != edited.GoVersion || original.Toolchain != edited.Toolchain)
        {
            return true;
        }

        var before = new Dictionary<(string, string), bool>();
        foreach (var r in original.Require)
        {
            before[(r.Path, r.Version)] = r.Indirect;
        }

        if (before.Count != edited.Require.Count)
        {
            return true;
        }

        foreach (var r in edited.Require)
        {
            if (!before.TryGetValue((r.Path, r.Version), out var indirect) || indirect != r.Indirect)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, string> Requirements(GoModFile f)
    {
        var reqs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in f.Require)
        {
            reqs[r.Path] = r.Version;
        }

        if (f.GoVersion is { } go)
        {
            reqs["go"] = go;
        }

        if (f.Toolchain is { } t)
        {
            reqs["toolchain"] = t;
        }

        return reqs;
    }

    /// <summary>The go command's report of changed requirements (go first, then toolchain, then by path).</summary>
    private static List<string> Changes(Dictionary<string, string> oldReqs, Dictionary<string, string> newReqs)
    {
        var paths = oldReqs.Keys.Union(newReqs.Keys).OrderBy(p => p switch { "go" => 0, "toolchain" => 1, _ => 2 }).ThenBy(p => p, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var p in paths)
        {
            var old = oldReqs.GetValueOrDefault(p, string.Empty);
            var now = newReqs.GetValueOrDefault(p, string.Empty);
            if (old == now)
            {
                continue;
            }

            lines.Add(old.Length == 0 ? $"go: added {p} {now}"
                : now.Length == 0 ? $"go: removed {p} {old}"
                : GraphVersions.ModCompare(p, now, old) > 0 ? $"go: upgraded {p} {old} => {now}"
                : $"go: downgraded {p} {old} => {now}");
        }

        return lines;
    }
}
