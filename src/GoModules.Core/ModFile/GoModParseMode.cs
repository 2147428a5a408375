namespace GoModules.ModFile;

/// <summary>How strictly <see cref="GoModFile.Parse(string, System.ReadOnlySpan{byte}, GoModParseMode)"/> treats directives.</summary>
/// <remarks>
/// Mirrors <c>modfile.Parse</c> and <c>modfile.ParseLax</c>: the go command reads the main module's go.mod
/// strictly and every dependency's go.mod laxly, so that dependencies written for a newer Go still load.
/// See <see href="https://go.dev/ref/mod#go-mod-file"/>.
/// </remarks>
public enum GoModParseMode
{
    /// <summary>
    /// For the main module: every directive must be known and well formed; unknown directives and block types
    /// are errors.
    /// </summary>
    Strict = 0,

    /// <summary>
    /// For dependencies: only <c>module</c>, <c>go</c>, <c>require</c>, <c>retract</c> and <c>ignore</c> are
    /// interpreted; everything else (including <c>replace</c>, <c>exclude</c>, <c>toolchain</c>, <c>godebug</c>,
    /// <c>tool</c> and unknown directives) is skipped, a malformed <c>retract</c> is skipped, and a <c>go</c> line
    /// such as <c>1.21.0-custom</c> is cut back to its <c>1.21</c> prefix.
    /// </summary>
    Lax = 1,
}
