using System.Collections.Generic;
using GoModules.ModFile;

namespace GoModules.Graph.Internal;

/// <summary>
/// The main module (or, in a workspace, the main modules and the go.work file) as the graph uses them: paths and
/// directories, exclusions, and replacements (go.work's first, then the modules' own, directory replacements made
/// relative to the go.work directory as the go command does).
/// </summary>
internal sealed class MainModuleIndex
{
    private readonly HashSet<ModuleNode> _exclude = [];
    private readonly HashSet<string> _mainPaths = new(System.StringComparer.Ordinal);
    private readonly Dictionary<ModuleNode, ModuleNode> _workReplace = [];
    private readonly List<(MainModule Module, Dictionary<ModuleNode, ModuleNode> Replace)> _replace = [];

    public MainModuleIndex(GoModFile file, string directory)
        : this([new MainModule(PathOf(file, directory), directory, file)], null, null, null, [])
    {
    }

    public MainModuleIndex(IReadOnlyList<MainModule> modules, string? workDirectory, string? workGo, string? workToolchain, IReadOnlyList<GoModReplace> workReplace)
    {
        Modules = modules;
        WorkDirectory = workDirectory;
        WorkToolchain = workToolchain;
        GoVersion = workDirectory is null ? modules[0].File.GoVersion : workGo;
        foreach (var m in modules)
        {
            _mainPaths.Add(m.Path);
            foreach (var x in m.File.Exclude)
            {
                _exclude.Add(new ModuleNode(x.Path, x.Version));
            }

            _replace.Add((m, ReplaceMap(m.File.Replace)));
        }

        foreach (var (old, target) in ReplaceMap(workReplace))
        {
            _workReplace[old] = target;
        }

        if (workDirectory is not null)
        {
            CheckWorkspaceReplacements();
        }
    }

    public IReadOnlyList<MainModule> Modules { get; }

    /// <summary>The directory of go.work in a workspace, else null.</summary>
    public string? WorkDirectory { get; }

    public bool IsWorkspace => WorkDirectory is not null;

    public string? WorkToolchain { get; }

    /// <summary>The single main module's path (the first main module's in a workspace).</summary>
    public string Path => Modules[0].Path;

    /// <summary>The single main module's directory.</summary>
    public string Directory => Modules[0].Directory;

    public GoModFile File => Modules[0].File;

    /// <summary>The go line (of go.mod, or of go.work in a workspace), or <see langword="null"/> when there is none.</summary>
    public string? GoVersion { get; }

    /// <summary>The Go version the graph is interpreted with: the go line, else 1.16 (1.18 for go.work).</summary>
    public string EffectiveGoVersion => GoVersion ?? (IsWorkspace ? "1.18" : "1.16");

    public bool Pruned => Toolchains.GoVersion.Compare(EffectiveGoVersion, "1.17") >= 0;

    public bool IsMainPath(string path) => _mainPaths.Contains(path);

    public bool IsMain(ModuleNode m) => m.Version.Length == 0 && _mainPaths.Contains(m.Path);

    public bool IsExcluded(ModuleNode m) => _exclude.Contains(m);

    /// <summary>The replacement of a module (exact path@version first, then path-wide), or null when there is none.</summary>
    public ModuleNode? Replacement(ModuleNode m)
    {
        if (IsMain(m))
        {
            return null;
        }

        if (Find(_workReplace, m) is { } fromWork)
        {
            return fromWork;
        }

        // As the go command: a later module's replacement wins, except that an exact (path@version) replacement
        // that differs from an earlier module's is a conflict.
        ModuleNode? found = null;
        MainModule? foundIn = null;
        foreach (var (module, map) in _replace)
        {
            var exact = map.TryGetValue(m, out var r);
            if (exact || map.TryGetValue(new ModuleNode(m.Path, string.Empty), out r))
            {
                if (found is { } previous && exact && m.Version.Length != 0 && previous != r)
                {
                    throw new GoModuleException($"go: conflicting replacements found for {m} in workspace modules defined by {System.IO.Path.Join(foundIn!.Directory, "go.mod")} and {System.IO.Path.Join(module.Directory, "go.mod")}");
                }

                found = r;
                foundIn = module;
            }
        }

        return found is { } result ? Canonical(foundIn!, result) : null;
    }

    /// <summary>The module actually read for <paramref name="m"/>: its replacement, else itself.</summary>
    public ModuleNode Resolve(ModuleNode m) => Replacement(m) ?? m;

    /// <summary>The directory of a directory replacement (relative paths are relative to go.work, else to the main module).</summary>
    public string ReplacementDirectory(string path)
        => System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Join(WorkDirectory ?? Directory, path));

    /// <summary>The same module (and version) replaced differently by two workspace modules is an error, unless go.work replaces its path.</summary>
    private void CheckWorkspaceReplacements()
    {
        var replacedByWork = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var old in _workReplace.Keys)
        {
            replacedByWork.Add(old.Path);
        }

        var all = new Dictionary<ModuleNode, ModuleNode>();
        foreach (var (module, _) in _replace)
        {
            var current = new HashSet<ModuleNode>();
            foreach (var r in module.File.Replace)
            {
                if (replacedByWork.Contains(r.OldPath))
                {
                    continue;
                }

                var old = new ModuleNode(r.OldPath, r.OldVersion);
                var target = new ModuleNode(r.NewPath, r.NewVersion);
                if (target.Version.Length == 0 && !System.IO.Path.IsPathRooted(target.Path))
                {
                    target = new ModuleNode(System.IO.Path.GetFullPath(System.IO.Path.Join(module.Directory, target.Path)), string.Empty);
                }

                if (all.TryGetValue(old, out var previous) && !current.Contains(old) && previous != target)
                {
                    throw new GoModuleException($"go: conflicting replacements for {old}:\n\t{previous}\n\t{target}\nuse \"go work edit -replace {old}=[override]\" to resolve");
                }

                current.Add(old);
                all[old] = target;
            }
        }
    }

    private static ModuleNode? Find(Dictionary<ModuleNode, ModuleNode> map, ModuleNode m)
        => map.TryGetValue(m, out var r) || map.TryGetValue(new ModuleNode(m.Path, string.Empty), out r) ? r : null;

    private ModuleNode Canonical(MainModule module, ModuleNode r)
    {
        if (WorkDirectory is null || r.Version.Length != 0 || System.IO.Path.IsPathRooted(r.Path))
        {
            return r;
        }

        // A directory replacement of a workspace module, made relative to the go.work directory.
        var abs = System.IO.Path.GetFullPath(System.IO.Path.Join(module.Directory, r.Path));
        var rel = System.IO.Path.GetRelativePath(WorkDirectory, abs);
        if (System.IO.Path.IsPathRooted(rel))
        {
            return new ModuleNode(rel, string.Empty);
        }

        return new ModuleNode(rel is "." or ".." || rel.StartsWith("../", System.StringComparison.Ordinal) ? rel : "./" + rel, string.Empty);
    }

    private static Dictionary<ModuleNode, ModuleNode> ReplaceMap(IReadOnlyList<GoModReplace> replacements)
    {
        var map = new Dictionary<ModuleNode, ModuleNode>();
        foreach (var r in replacements)
        {
            var old = new ModuleNode(r.OldPath, r.OldVersion);
            var target = new ModuleNode(r.NewPath, r.NewVersion);
            if (map.TryGetValue(old, out var previous) && previous != target)
            {
                throw new GoModuleException($"go: conflicting replacements for {old}:\n\t{previous}\n\t{target}");
            }

            map[old] = target;
        }

        return map;
    }

    private static string PathOf(GoModFile file, string directory)
        => file.Module?.Path ?? throw new GoModuleException($"go: error reading {System.IO.Path.Join(directory, "go.mod")}: missing module declaration");
}

/// <summary>A main module: its path, directory and go.mod.</summary>
internal sealed record MainModule(string Path, string Directory, GoModFile File);
