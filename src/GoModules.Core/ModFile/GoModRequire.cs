namespace GoModules.ModFile;

/// <summary>One requirement of a go.mod file (a <c>require</c> line or a line of a <c>require</c> block).</summary>
public sealed class GoModRequire
{
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
    public string Version { get; }

    /// <summary>Gets a value indicating whether the line carries an <c>// indirect</c> comment.</summary>
    /// <value><see langword="true"/> for an indirect requirement.</value>
    public bool Indirect { get; }

    /// <summary>Gets the 1-based line number of the requirement.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets the requirement as a <see cref="ModuleVersion"/>.</summary>
    /// <returns>The path and version.</returns>
    /// <exception cref="InvalidModulePathException">The path is not a valid module path.</exception>
    public ModuleVersion ToModuleVersion() => new(ModulePath.Parse(Path), Version);

    /// <summary>Returns <c>path version</c>, as the line reads in a block.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + " " + Version;
}
