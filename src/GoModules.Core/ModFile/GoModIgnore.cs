using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>ignore</c> directive naming a directory the go command skips (added in Go 1.25).</summary>
public sealed class GoModIgnore
{
    internal GoModIgnore(string path, int line)
    {
        Path = path;
        Line = line;
    }

    /// <summary>Gets the directory path, unquoted.</summary>
    /// <value>The path.</value>
    public string Path { get; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns the directory path.</summary>
    /// <returns>The path.</returns>
    public override string ToString() => Path;
}
