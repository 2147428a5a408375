using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Graph.Internal;
using GoModules.ModFile;

namespace GoModules.Graph;

/// <summary>
/// The module graph of a main module and its build list, as the go command computes them: minimal version selection
/// over the requirements of the main module and its dependencies, with module graph pruning (a main module at
/// <c>go 1.17</c> or later does not follow the requirements of dependencies that are themselves at 1.17 or later),
/// the main module's <c>replace</c> (module and directory, version-specific and wildcard) and <c>exclude</c>
/// directives (a requirement on an excluded version is dropped), and the <c>go</c> and <c>toolchain</c> lines as the
/// <c>go</c> and <c>toolchain</c> nodes. Inconsistent roots are made consistent as the go command does before it
/// answers (its go.mod is not rewritten here).
/// </summary>
/// <remarks>
/// Dependencies' go.mod files are read through a <see cref="ModuleCache"/>, which checks them against go.sum when its
/// options carry one (see <see cref="ModuleCacheOptions.GoSum"/>). See https://go.dev/ref/mod#graph-pruning and
/// https://go.dev/ref/mod#minimal-version-selection.
/// </remarks>
public sealed class ModuleGraph
{
    private readonly RootSet _roots;
    private readonly RequirementGraphState _state;

    private ModuleGraph(SummaryLoader loader, RootSet roots, RequirementGraphState state)
    {
        Loader = loader;
        _roots = roots;
        _state = state;
    }

    /// <summary>Gets the main module's path.</summary>
    public string MainModulePath => Loader.Main.Path;

    /// <summary>Gets the main module's directory.</summary>
    public string MainModuleDirectory => Loader.Main.Directory;

    /// <summary>Gets the main module's go.mod.</summary>
    public GoModFile MainModuleGoMod => Loader.Main.File;

    /// <summary>Gets the paths of the main modules: one, or a workspace's modules in go.work order.</summary>
    public IReadOnlyList<string> MainModulePaths => Loader.Main.Modules.Select(static m => m.Path).ToList();

    /// <summary>Gets a value indicating whether the graph is pruned (the main module is at <c>go 1.17</c> or later).</summary>
    public bool IsPruned => _roots.Pruning != Pruning.Unpruned;

    /// <summary>Gets the roots of the graph: the main module's requirements once consistent, with the <c>go</c> (and <c>toolchain</c>) nodes, sorted.</summary>
    public IReadOnlyList<ModuleNode> Roots => _roots.Roots;

    internal SummaryLoader Loader { get; }

    internal RootSet RootSet => _roots;

    /// <summary>Loads the graph of the main module in <paramref name="moduleDirectory"/> (its go.mod, parsed strictly).</summary>
    /// <param name="moduleDirectory">The main module's directory.</param>
    /// <param name="cache">The module cache through which dependencies' go.mod files are read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The loaded graph.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moduleDirectory"/> or <paramref name="cache"/> is <see langword="null"/>.</exception>
    /// <exception cref="GoModParseException">The main module's go.mod is invalid.</exception>
    /// <exception cref="IOException">The main module's go.mod cannot be read.</exception>
    /// <exception cref="GoModuleException">A dependency's go.mod cannot be fetched, verified or parsed (the message names the module and version).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<ModuleGraph> LoadAsync(string moduleDirectory, ModuleCache cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moduleDirectory);
        var directory = Path.GetFullPath(moduleDirectory);
        var name = Path.Join(directory, "go.mod");
        var data = await File.ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false);
        return await LoadFromGoModAsync(GoModFile.Parse(name, data), directory, cache, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the graph of a main module whose go.mod is already parsed.</summary>
    /// <param name="goMod">The main module's go.mod.</param>
    /// <param name="moduleDirectory">The main module's directory (directory replacements are relative to it).</param>
    /// <param name="cache">The module cache through which dependencies' go.mod files are read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The loaded graph.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="GoModuleException">The go.mod has no module line, or a dependency's go.mod cannot be fetched, verified or parsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<ModuleGraph> LoadFromGoModAsync(GoModFile goMod, string moduleDirectory, ModuleCache cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(goMod);
        ArgumentNullException.ThrowIfNull(moduleDirectory);
        ArgumentNullException.ThrowIfNull(cache);
        var main = new MainModuleIndex(goMod, Path.GetFullPath(moduleDirectory));
        var loader = new SummaryLoader(main, cache);
        var roots = new List<ModuleNode>(goMod.Require.Count + 2);
        var direct = new HashSet<string>(StringComparer.Ordinal) { "go" };
        foreach (var r in goMod.Require)
        {
            var node = new ModuleNode(r.Path, r.Version);
            if (main.IsExcluded(node))
            {
                continue;
            }

            roots.Add(node);
            if (!r.Indirect)
            {
                direct.Add(r.Path);
            }
        }

        roots.Add(new ModuleNode("go", main.EffectiveGoVersion));
        if (goMod.Toolchain is { Length: > 0 } toolchain)
        {
            roots.Add(new ModuleNode("toolchain", toolchain));
        }

        GraphVersions.Sort(roots);
        var (rs, state) = await RootUpdater.ExpandAsync(loader, new RootSet(main.Pruned ? Pruning.Pruned : Pruning.Unpruned, roots, direct), cancellationToken).ConfigureAwait(false);
        return new ModuleGraph(loader, rs, state);
    }

    /// <summary>
    /// Loads the graph of a workspace (go.work): its <c>use</c> modules are the main modules, its <c>go</c> and
    /// <c>toolchain</c> lines the go and toolchain nodes, and its <c>replace</c> directives come before the modules' own.
    /// </summary>
    /// <param name="goWorkFile">The go.work file.</param>
    /// <param name="cache">The module cache through which dependencies' go.mod files are read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The loaded graph.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="IOException">go.work or a module's go.mod cannot be read.</exception>
    /// <exception cref="GoModuleException">go.work is invalid, or a go.mod cannot be fetched, verified or parsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<ModuleGraph> LoadWorkspaceAsync(string goWorkFile, ModuleCache cache, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(goWorkFile);
        ArgumentNullException.ThrowIfNull(cache);
        var workPath = Path.GetFullPath(goWorkFile);
        var workDir = Path.GetDirectoryName(workPath)!;
        var (use, work) = WorkFileReader.Read(workPath, await File.ReadAllBytesAsync(workPath, cancellationToken).ConfigureAwait(false));
        var modules = new List<MainModule>();
        var direct = new HashSet<string>(StringComparer.Ordinal);
        var roots = new List<ModuleNode>();
        foreach (var dir in use)
        {
            var moduleDir = Path.GetFullPath(Path.Join(workDir, dir));
            var name = Path.Join(moduleDir, "go.mod");
            var file = GoModFile.Parse(name, await File.ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false));
            var path = file.Module?.Path ?? throw new GoModuleException($"go: error reading {name}: missing module declaration");
            modules.Add(new MainModule(path, moduleDir, file));
            roots.Add(new ModuleNode(path, string.Empty));
            foreach (var r in file.Require)
            {
                if (!r.Indirect)
                {
                    direct.Add(r.Path);
                }
            }
        }

        if (modules.Count == 0)
        {
            throw new GoModuleException($"go: no modules were found in the current workspace; see 'go help work'");
        }

        var main = new MainModuleIndex(modules, workDir, work.GoVersion, work.Toolchain, work.Replace);
        roots.Add(new ModuleNode("go", main.EffectiveGoVersion));
        if (work.Toolchain is { Length: > 0 } toolchain)
        {
            roots.Add(new ModuleNode("toolchain", toolchain));
        }

        GraphVersions.Sort(roots);
        var loader = new SummaryLoader(main, cache);
        var (rs, state) = await RootUpdater.ExpandAsync(loader, new RootSet(Pruning.Workspace, roots, direct), cancellationToken).ConfigureAwait(false);
        return new ModuleGraph(loader, rs, state);
    }

    /// <summary>
    /// Gets the build list: the main module (with an empty version) first, then the selected version of every other
    /// module in the graph, sorted by path; the <c>go</c> and <c>toolchain</c> nodes are left out (see <see cref="Selected"/>).
    /// </summary>
    /// <returns>The build list, as <c>go list -m all</c> orders it.</returns>
    public IReadOnlyList<ModuleNode> BuildList()
    {
        var list = _state.BuildList();
        list.RemoveAll(static m => GraphVersions.IsToolchain(m.Path));
        return list;
    }

    /// <summary>
    /// Checks the build list's module versions in the module cache the graph was loaded through, as <c>go mod verify</c>
    /// does (see <see cref="ModuleCache.VerifyAsync"/>): each cached zip and extracted directory must hash to its
    /// recorded <c>.ziphash</c>; versions never downloaded pass. At most one version per processor is checked at once.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The problems found, in the go command's words and in build-list order; empty when every module verified.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var modules = BuildList();
        var errors = new IReadOnlyList<string>[modules.Count];
        await Parallel.ForAsync(
            0,
            modules.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var m = modules[i];
                errors[i] = ModulePath.TryParse(m.Path, out var path) && ModuleCachePaths.TryEscapeCacheVersion(m.Version, out _)
                    ? await Loader.Cache.VerifyAsync(new ModuleVersion(path, m.Version), ct).ConfigureAwait(false)
                    : [];
            }).ConfigureAwait(false);
        var all = new List<string>();
        foreach (var list in errors)
        {
            all.AddRange(list);
        }

        return all;
    }

    /// <summary>Gets the selected version of a module path (also <c>go</c> and <c>toolchain</c>).</summary>
    /// <param name="path">The module path.</param>
    /// <returns>The version, the empty string for the main module, or <see langword="null"/> when the graph does not contain the path.</returns>
    public string? Selected(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var v = _state.Selected(path);
        return v == GraphVersions.None ? null : v;
    }

    /// <summary>Gets the requirements of a node, as the graph followed them (after replacement and exclusion).</summary>
    /// <param name="node">The node; the main module has an empty version.</param>
    /// <returns>The requirements in go.mod order, or <see langword="null"/> when the node's go.mod was not read (pruned out, or not in the graph).</returns>
    public IReadOnlyList<ModuleNode>? RequiredBy(ModuleNode node) => _state.RequiredBy(node);

    /// <summary>Gets whether the main module's go.mod requires <paramref name="path"/> without an <c>// indirect</c> comment.</summary>
    /// <param name="path">The module path.</param>
    /// <returns><see langword="true"/> for a direct requirement.</returns>
    public bool IsDirect(string path) => _roots.Direct.Contains(path);

    /// <summary>Gets the replacement the main module's go.mod applies to a module version.</summary>
    /// <param name="node">The module version.</param>
    /// <returns>The replacement (an empty version for a directory), or <see langword="null"/> when it is not replaced.</returns>
    public ModuleNode? Replacement(ModuleNode node) => Loader.Main.Replacement(node);

    /// <summary>Gets every node of the graph, breadth-first from the main module (the order of <c>go mod graph</c>).</summary>
    /// <returns>The nodes.</returns>
    public IReadOnlyList<ModuleNode> Nodes() => _state.WalkBreadthFirst();

    /// <summary>Formats the graph as <c>go mod graph</c> prints it: one <c>module requirement</c> line per edge.</summary>
    /// <returns>The text, each line ending with a newline.</returns>
    public string FormatGraph()
    {
        var sb = new StringBuilder();
        foreach (var m in _state.WalkBreadthFirst())
        {
            if (_state.RequiredBy(m) is { } reqs)
            {
                foreach (var r in reqs)
                {
                    sb.Append(m.ToString()).Append(' ').Append(r.ToString()).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Finds a shortest requirement path from the main module to the selected version of <paramref name="path"/>
    /// (breadth-first over the graph, requirements in go.mod order).
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <returns>The path, starting with the main module and ending with the module, or <see langword="null"/> when the module is not in the build list.</returns>
    public IReadOnlyList<ModuleNode>? FindPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var target = _state.Selected(path);
        if (target == GraphVersions.None)
        {
            return null;
        }

        var parent = new Dictionary<ModuleNode, ModuleNode>();
        var queue = new Queue<ModuleNode>();
        var seen = new HashSet<ModuleNode>();
        foreach (var main in Loader.Main.Modules)
        {
            var node = new ModuleNode(main.Path, string.Empty);
            if (seen.Add(node))
            {
                queue.Enqueue(node);
            }
        }

        while (queue.Count > 0)
        {
            var m = queue.Dequeue();
            if (string.Equals(m.Path, path, StringComparison.Ordinal) && string.Equals(m.Version, target, StringComparison.Ordinal))
            {
                var result = new List<ModuleNode> { m };
                while (parent.TryGetValue(result[^1], out var p))
                {
                    result.Add(p);
                }

                result.Reverse();
                return result;
            }

            foreach (var r in _state.RequiredBy(m) ?? [])
            {
                if (seen.Add(r))
                {
                    parent[r] = m;
                    queue.Enqueue(r);
                }
            }
        }

        return null;
    }
}
