using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>tool</c> directive naming a package to build as a tool (added in Go 1.24).</summary>
public sealed class GoModTool
{
    internal GoModTool(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>Gets the package path, unquoted.</summary>
    /// <value>The path.</value>
    public string Path { get; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns the package path.</summary>
    /// <returns>The path.</returns>
    public override string ToString() => Path;
}
