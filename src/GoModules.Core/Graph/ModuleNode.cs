namespace GoModules.Graph;

/// <summary>
/// A node of the module graph: a module path and version as the go command's <c>module.Version</c> holds them. The
/// main module has an empty version; the <c>go</c> and <c>toolchain</c> nodes carry Go versions
/// (<c>go@1.21.0</c>, <c>toolchain@go1.21.0</c>).
/// </summary>
/// <param name="Path">The module path (or <c>go</c>, <c>toolchain</c>).</param>
/// <param name="Version">The version; empty for the main module.</param>
public readonly record struct ModuleNode(string Path, string Version)
{
    /// <summary>Formats the node as <c>go mod graph</c> prints it: <c>path@version</c>, or the path alone without a version.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.IsNullOrEmpty(Version) ? Path ?? string.Empty : Path + "@" + Version;
}
