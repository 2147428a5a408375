using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One requirement of a go.mod file (a <c>require</c> line or a line of a <c>require</c> block).</summary>
public sealed class GoModRequire
{
    /// <summary>Initializes a requirement to give to <see cref="GoModFile.SetRequire"/> and its kin.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version, canonical.</param>
    /// <param name="indirect">Whether the requirement is marked <c>// indirect</c>.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="path"/> or <paramref name="version"/> is <see langword="null"/>.</exception>
    public GoModRequire(string path, string version, bool indirect)
        : this(path ?? throw new System.ArgumentNullException(nameof(path)), version ?? throw new System.ArgumentNullException(nameof(version)), indirect, 0)
    {
    }

    internal GoModRequire(string path, string version, bool indirect, int line)
    {
        Path = path;
        Version = version;
        Indirect = indirect;
        Line = line;
    }

    /// <summary>Gets the required module path, unquoted.</summary>
    /// <value>The path.</value>
    public string Path { get; }

    /// <summary>Gets the required version in canonical form (<c>v1.2</c> in the file reads as <c>v1.2.0</c>).</summary>
    /// <value>The version.</value>
    public string Version { get; internal set; }

    /// <summary>Gets a value indicating whether the line carries an <c>// indirect</c> comment.</summary>
    /// <value><see langword="true"/> for an indirect requirement.</value>
    public bool Indirect { get; internal set; }

    /// <summary>Gets the 1-based line number of the requirement as read (0 for one added by an edit).</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets the requirement as a <see cref="ModuleVersion"/>.</summary>
    /// <returns>The path and version.</returns>
    /// <exception cref="InvalidModulePathException">The path is not a valid module path.</exception>
    public ModuleVersion ToModuleVersion() => new(ModulePath.Parse(Path), Version);

    /// <summary>Gets or sets the line of the directive in the syntax tree (<see langword="null"/> until the requirement is in a file).</summary>
    internal ModLine? Syntax { get; set; }

    /// <summary>Returns <c>path version</c>, as the line reads in a block.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + " " + Version;
}
