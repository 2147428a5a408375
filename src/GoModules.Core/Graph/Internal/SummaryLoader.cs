using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.ModFile;

namespace GoModules.Graph.Internal;

/// <summary>
/// Reads go.mod summaries of module versions, once each: through the module cache (which checks go.sum) for module
/// versions, from disk for directory replacements, and made up for the <c>go</c> and <c>toolchain</c> nodes.
/// </summary>
internal sealed class SummaryLoader
{
    private readonly ConcurrentDictionary<ModuleNode, Lazy<Task<ModSummary>>> _raw = new();

    public SummaryLoader(MainModuleIndex main, ModuleCache cache)
    {
        Main = main;
        Cache = cache;
    }

    public MainModuleIndex Main { get; }

    public ModuleCache Cache { get; }

    /// <summary>The go line of every go.mod read so far, by the module actually read (the go command's rawGoVersion).</summary>
    public ConcurrentDictionary<ModuleNode, string> RawGoVersions { get; } = new();

    /// <summary>The go.mod files read through the module cache so far (what the go command would record in go.sum).</summary>
    public ConcurrentDictionary<ModuleNode, ReadOnlyMemory<byte>> GoModsRead { get; } = new();

    /// <summary>The requirements of <paramref name="m"/> as the graph follows them: replacement applied, excluded versions dropped.</summary>
    public async Task<ModSummary> SummaryAsync(ModuleNode m, CancellationToken cancellationToken)
    {
        if (GraphVersions.IsToolchain(m.Path))
        {
            return await RawAsync(m, cancellationToken).ConfigureAwait(false);
        }

        var actual = Main.Resolve(m);
        var summary = await RawAsync(actual, cancellationToken).ConfigureAwait(false);
        if (actual.Version.Length != 0 && !Main.IsMain(actual))
        {
            if (summary.ModulePath.Length == 0)
            {
                throw new GoModuleException($"{actual}: parsing go.mod: missing module line");
            }

            if (!string.Equals(summary.ModulePath, m.Path, StringComparison.Ordinal) && !string.Equals(summary.ModulePath, actual.Path, StringComparison.Ordinal))
            {
                throw new GoModuleException($"{actual}: parsing go.mod:\n\tmodule declares its path as: {summary.ModulePath}\n\t        but was required as: {m.Path}");
            }
        }

        List<ModuleNode>? kept = null;
        for (var i = 0; i < summary.Require.Count; i++)
        {
            var r = summary.Require[i];
            if (Main.IsExcluded(r))
            {
                kept ??= summary.Require.GetRange(0, i);
            }
            else
            {
                kept?.Add(r);
            }
        }

        return kept is null ? summary : summary.WithRequire(kept);
    }

    /// <summary>The go.mod summary of exactly <paramref name="actual"/>, no replacement or exclusion applied.</summary>
    public Task<ModSummary> RawAsync(ModuleNode actual, CancellationToken cancellationToken)
        => _raw.GetOrAdd(actual, a => new Lazy<Task<ModSummary>>(() => ReadAsync(a, cancellationToken))).Value;

    private async Task<ModSummary> ReadAsync(ModuleNode m, CancellationToken cancellationToken)
    {
        if (m.Path == "go")
        {
            List<ModuleNode> require = Toolchains.GoVersion.Compare(m.Version, "1.21") >= 0 ? [new ModuleNode("toolchain", "go" + m.Version)] : [];
            return new ModSummary(m.Path, null, null, require, true, string.Empty, []);
        }

        if (m.Path == "toolchain")
        {
            return ModSummary.Empty;
        }

        if (Main.IsWorkspace && Main.IsMain(m))
        {
            foreach (var module in Main.Modules)
            {
                if (string.Equals(module.Path, m.Path, StringComparison.Ordinal))
                {
                    return FromFile(m, module.File);
                }
            }
        }

        byte[] data;
        string name;
        if (m.Version.Length == 0)
        {
            name = Path.Join(Main.ReplacementDirectory(m.Path), "go.mod");
            try
            {
                data = await File.ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new GoModuleException($"{m.Path}: reading {name}: {ex.Message}", ex);
            }
        }
        else
        {
            var mv = new ModuleVersion(ModulePath.Parse(m.Path), m.Version);
            var read = await Cache.GetGoModAsync(mv, cancellationToken).ConfigureAwait(false);
            GoModsRead.TryAdd(m, read);
            data = read.ToArray();
            name = "go.mod";
        }

        if (!GoModFile.TryParse(name, data, GoModParseMode.Lax, out var file, out var errors))
        {
            throw new GoModuleException($"{m}: parsing {name}: {string.Join('\n', errors)}");
        }

        return FromFile(m, file);
    }

    /// <summary>The summary of a parsed go.mod (also used for go.mod files of directory replacements).</summary>
    public ModSummary FromFile(ModuleNode m, GoModFile file)
    {
        var requires = new List<ModuleNode>(file.Require.Count + 1);
        foreach (var r in file.Require)
        {
            requires.Add(new ModuleNode(r.Path, r.Version));
        }

        var go = file.GoVersion;
        if (go is not null)
        {
            RawGoVersions.TryAdd(m, go);
            if (Toolchains.GoVersion.Compare(go, "1.21") >= 0)
            {
                requires.Add(new ModuleNode("go", go));
            }
        }

        var pruned = go is not null && Toolchains.GoVersion.Compare(go, "1.17") >= 0;
        return new ModSummary(file.Module?.Path ?? string.Empty, go, file.Toolchain, requires, pruned, file.Module?.Deprecated ?? string.Empty, file.Retract);
    }
}
