using GoModules.ModFile.Internal;

namespace GoModules.ModFile;

/// <summary>One <c>replace</c> directive of a go.mod file.</summary>
public sealed class GoModReplace
{
    internal GoModReplace(string oldPath, string oldVersion, string newPath, string newVersion, int line)
    {
        OldPath = oldPath;
        OldVersion = oldVersion;
        NewPath = newPath;
        NewVersion = newVersion;
        Line = line;
    }

    /// <summary>Gets the module path being replaced.</summary>
    /// <value>The path.</value>
    public string OldPath { get; }

    /// <summary>Gets the version being replaced.</summary>
    /// <value>The canonical version, or the empty string when every version of the path is replaced.</value>
    public string OldVersion { get; }

    /// <summary>Gets the replacement: a module path, or a directory path (see <see cref="IsDirectory"/>).</summary>
    /// <value>The path.</value>
    public string NewPath { get; internal set; }

    /// <summary>Gets the replacement version.</summary>
    /// <value>The canonical version, or the empty string for a directory replacement.</value>
    public string NewVersion { get; internal set; }

    /// <summary>Gets a value indicating whether the replacement is a local directory rather than a module.</summary>
    /// <value><see langword="true"/> when <see cref="NewVersion"/> is empty.</value>
    public bool IsDirectory => NewVersion.Length == 0;

    /// <summary>Gets the 1-based line number of the directive.</summary>
    /// <value>The line.</value>
    public int Line { get; }

    /// <summary>Gets or sets the line of the directive in the syntax tree.</summary>
    internal ModLine Syntax { get; set; } = null!;

    /// <summary>Returns the directive's arguments as they would read in a block.</summary>
    /// <returns>The text, such as <c>example.com/a v1.0.0 =&gt; ../a</c>.</returns>
    public override string ToString()
        => (OldVersion.Length == 0 ? OldPath : OldPath + " " + OldVersion) + " => "
            + (NewVersion.Length == 0 ? NewPath : NewPath + " " + NewVersion);
}
