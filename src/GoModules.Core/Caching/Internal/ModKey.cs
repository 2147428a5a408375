namespace GoModules.Caching.Internal;

/// <summary>
/// A module path and version as they appear in go.mod files: the path need not be a valid module path (a
/// directory replacement has a file path and an empty version).
/// </summary>
internal readonly record struct ModKey(string Path, string Version)
{
    public bool IsDirectory => Version.Length == 0;

    public override string ToString() => Version.Length == 0 ? Path : Path + "@" + Version;
}
