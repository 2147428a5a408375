using System.Collections.Generic;
using GoModules.ModFile;

namespace GoModules.Graph.Internal;

/// <summary>The main module's go.mod as the graph uses it: its path and directory, exclusions and replacements.</summary>
internal sealed class MainModuleIndex
{
    private readonly HashSet<ModuleNode> _exclude = [];
    private readonly Dictionary<ModuleNode, ModuleNode> _replace = [];

    public MainModuleIndex(GoModFile file, string directory)
    {
        File = file;
        Directory = directory;
        Path = file.Module?.Path ?? throw new GoModuleException($"go: error reading {System.IO.Path.Join(directory, "go.mod")}: missing module declaration");
        GoVersion = file.GoVersion;
        foreach (var x in file.Exclude)
        {
            _exclude.Add(new ModuleNode(x.Path, x.Version));
        }

        // A later replacement of the same module (and version) wins, as in the go command's index.
        foreach (var r in file.Replace)
        {
            _replace[new ModuleNode(r.OldPath, r.OldVersion)] = new ModuleNode(r.NewPath, r.NewVersion);
        }
    }

    public GoModFile File { get; }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>The go line, or <see langword="null"/> when there is none.</summary>
    public string? GoVersion { get; }

    /// <summary>The Go version the graph is interpreted with: the go line, else 1.16.</summary>
    public string EffectiveGoVersion => GoVersion ?? "1.16";

    public bool Pruned => Toolchains.GoVersion.Compare(EffectiveGoVersion, "1.17") >= 0;

    public bool IsExcluded(ModuleNode m) => _exclude.Contains(m);

    /// <summary>The replacement of a module: an exact path@version replacement, else a path-wide one; null when there is none.</summary>
    public ModuleNode? Replacement(ModuleNode m)
    {
        if (_replace.TryGetValue(m, out var r) || _replace.TryGetValue(new ModuleNode(m.Path, string.Empty), out r))
        {
            return r;
        }

        return null;
    }

    /// <summary>The module actually read for <paramref name="m"/>: its replacement, else itself.</summary>
    public ModuleNode Resolve(ModuleNode m) => Replacement(m) ?? m;

    /// <summary>The directory of a directory replacement (relative paths are relative to the main module).</summary>
    public string ReplacementDirectory(string path) => System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Join(Directory, path);
}
