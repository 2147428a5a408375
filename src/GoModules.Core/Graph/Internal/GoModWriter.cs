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
    /// <param name="graph">The graph before the edit (its go.mod and selected versions).</param>
    /// <param name="edited">The edited roots.</param>
    /// <param name="resolved">The version each query resolved to (<c>none</c> to remove), by module path.</param>
    /// <param name="finalBuildList">The build list after the edit.</param>
    public static (byte[] GoMod, bool Changed, List<string> Changes) Write(ModuleGraph graph, RootSet edited, IReadOnlyDictionary<string, string> resolved, IReadOnlyList<ModuleNode> finalBuildList)
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
        var finalVersions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in finalBuildList)
        {
            finalVersions[m.Path] = m.Version;
        }

        var changes = Changes(oldReqs, Requirements(file), p => graph.Selected(p) ?? string.Empty, resolved, finalVersions);
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

    private static List<(string Path, string Version)> Requirements(GoModFile f)
    {
        var reqs = new List<(string Path, string Version)>();
        foreach (var r in f.Require)
        {
            reqs.Add((r.Path, r.Version));
        }

        if (f.GoVersion is { } go)
        {
            reqs.Add(("go", go));
        }

        if (f.Toolchain is { } t)
        {
            reqs.Add(("toolchain", t));
        }

        return reqs;
    }

    /// <summary>
    /// The go command's report of changes (go first, then toolchain, then by path): of each queried module from its
    /// version before to the one resolved, of each requirement go.mod had to its version in the new build list, of each
    /// requirement go.mod now has from the version selected before; for go and toolchain, the lines of the two files.
    /// </summary>
    private static List<string> Changes(
        List<(string Path, string Version)> oldReqs,
        List<(string Path, string Version)> newReqs,
        Func<string, string> initialVersion,
        IReadOnlyDictionary<string, string> resolved,
        Dictionary<string, string> finalVersions)
    {
        var changes = new Dictionary<string, (string Old, string New)>(StringComparer.Ordinal);
        foreach (var (path, version) in resolved)
        {
            var old = initialVersion(path);
            if (!GraphVersions.IsToolchain(path) && old != version && (old.Length != 0 || version != GraphVersions.None))
            {
                changes[path] = (old, version);
            }
        }

        foreach (var (path, old) in oldReqs)
        {
            var now = finalVersions.GetValueOrDefault(path, string.Empty);
            if (!GraphVersions.IsToolchain(path) && old != now)
            {
                changes[path] = (old, now);
            }
        }

        foreach (var (path, now) in newReqs)
        {
            var old = initialVersion(path);
            if (!GraphVersions.IsToolchain(path) && old != now)
            {
                changes[path] = (old, now);
            }
        }

        foreach (var path in new[] { "go", "toolchain" })
        {
            var old = oldReqs.LastOrDefault(r => r.Path == path).Version ?? string.Empty;
            var now = newReqs.LastOrDefault(r => r.Path == path).Version ?? string.Empty;
            if (old != now)
            {
                changes[path] = (old, now);
            }
        }

        var lines = new List<string>();
        foreach (var (p, (old, now)) in changes.OrderBy(c => c.Key switch { "go" => 0, "toolchain" => 1, _ => 2 }).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            if (old.Length == 0)
            {
                lines.Add($"go: added {p} {now}");
            }
            else if (now.Length == 0 || now == GraphVersions.None)
            {
                lines.Add($"go: removed {p} {old}");
            }
            else if (GraphVersions.ModCompare(p, now, old) > 0)
            {
                lines.Add(p == "go" && GoVersion.Compare(old, "1.17") < 0 && GoVersion.Compare(now, "1.17") >= 0
                    ? $"go: upgraded {p} {old} => {now}\n\tnote: expanded dependencies to upgrade to go 1.17 or higher; run 'go mod tidy' to clean up"
                    : $"go: upgraded {p} {old} => {now}");
            }
            else
            {
                lines.Add($"go: downgraded {p} {old} => {now}");
            }
        }

        return lines;
    }
}
