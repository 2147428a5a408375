using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>exclude</c> directive of a go.mod file.</summary>
public sealed class GoModExclude
{
    internal GoModExclude(string path, string version, int line)
    {
        Path = path;
        Version = version;
        Line = line;
    }

    /// <summary>Gets the excluded module path, unquoted.</summary>
    /// <value>The path.</value>
    public string Path { get; }

    /// <summary>Gets the excluded version in canonical form.</summary>
    /// <value>The version.</value>
    public string Version { get; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns <c>path version</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + " " + Version;
}
