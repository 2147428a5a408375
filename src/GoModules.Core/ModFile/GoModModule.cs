using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>The <c>module</c> directive of a go.mod file.</summary>
public sealed class GoModModule
{
    internal GoModModule(string path, string deprecated, int line)
    {
        Path = path;
        Deprecated = deprecated;
        Line = line;
    }

    /// <summary>Gets the module path, unquoted. It is not validated: the go command checks it where it is used.</summary>
    /// <value>The path; empty when the directive had no argument.</value>
    public string Path { get; internal set; }

    /// <summary>
    /// Gets the deprecation message: the text of the first comment paragraph on the directive that starts with
    /// <c>Deprecated:</c>, without that prefix.
    /// </summary>
    /// <value>The message, or the empty string when the module is not deprecated.</value>
    public string Deprecated { get; }

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;
}
