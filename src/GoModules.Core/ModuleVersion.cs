using System;
using System.Diagnostics.CodeAnalysis;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// A module path and version pair, such as <c>golang.org/x/mod@v0.7.0</c>; the counterpart of Go's
/// <c>module.Version</c>. Both parts are stored in their plain (unescaped) form.
/// </summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">
/// The version, normally a canonical semantic version such as <c>v1.2.3</c>. As in Go, it may also be empty
/// (the main module, or a directory replacement) or <c>none</c> (during version selection); use
/// <see cref="Check()"/> to require a valid pair.
/// </param>
/// <remarks>
/// The <see langword="default"/> value has the <see langword="default"/> (invalid) path and a
/// <see langword="null"/> version, which <see cref="ToString"/> prints as empty.
/// </remarks>
public readonly record struct ModuleVersion(ModulePath Path, string Version)
{
    /// <summary>Splits <c>path@version</c> (or a bare <c>path</c>, which gives an empty version) and checks the path.</summary>
    /// <param name="text">The text, such as <c>golang.org/x/mod@v0.7.0</c>.</param>
    /// <returns>The pair. The version is not checked; call <see cref="Check()"/> for that.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException">The part before the first <c>@</c> is not a valid module path.</exception>
    public static ModuleVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? new ModuleVersion(ModulePath.Parse(text), string.Empty)
            : new ModuleVersion(ModulePath.Parse(text.AsSpan(0, at)), text[(at + 1)..]);
    }

    /// <summary>Splits <c>path@version</c> (or a bare <c>path</c>) and checks the path, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The pair, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when the part before the first <c>@</c> is a valid module path.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModuleVersion result)
    {
        if (text is not null)
        {
            var at = text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0 ? ModulePath.TryParse(text, out var path) : ModulePath.TryParse(text.AsSpan(0, at), out path))
            {
                result = new ModuleVersion(path, at < 0 ? string.Empty : text[(at + 1)..]);
                return true;
            }
        }

        result = default;
        return false;
    }

    /// <summary>
    /// Checks that a module path and version form a valid pair, as Go's <c>module.Check</c> does: the path is a
    /// valid module path, the version is a semantic version, and the version's major version fits the path's
    /// major-version suffix (see <see cref="ModulePath.MatchPathMajor(string, string)"/>).
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version. It need not be canonical: <c>v1.2</c> and <c>v1.0.0+meta</c> pass.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="path"/> is not a valid module path (see <see cref="ModulePath.CheckPath(string)"/>).</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// <paramref name="version"/> is not a semantic version (<see cref="InvalidModuleVersionException.Kind"/> is
    /// <see cref="VersionErrorKinds.InvalidVersion"/>; message <c>path@version: invalid version: not a semantic version</c>).
    /// -or-
    /// The major version does not fit the path (<see cref="VersionErrorKinds.MajorVersionMismatch"/>; message
    /// <c>example.com/m/v2@v3.0.0: invalid version: should be v2, not v3</c>).
    /// </exception>
    public static void Check(string path, string version)
    {
        ModulePath.CheckPath(path);
        ArgumentNullException.ThrowIfNull(version);
        if (!SemVer.IsValid(version))
        {
            throw new InvalidModuleVersionException(path, version, false, VersionErrorKinds.InvalidVersion, SR.NotASemanticVersion, null);
        }

        _ = PathChecker.SplitPathVersion<char>(path, out var prefixLength);
        if (!ModulePath.MatchPathMajorCore(version, path[prefixLength..], out var expected))
        {
            throw new InvalidModuleVersionException(
                path, version, false, VersionErrorKinds.MajorVersionMismatch, ModulePath.MismatchReason(version, expected), null);
        }
    }

    /// <summary>Checks that this path and version form a valid pair; see <see cref="Check(string, string)"/>.</summary>
    /// <exception cref="InvalidModulePathException">The path is the <see langword="default"/> (empty) value.</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// The version is <see langword="null"/> or not a semantic version.
    /// -or-
    /// Its major version does not fit the path.
    /// </exception>
    public void Check() => Check(Path.Value, Version ?? string.Empty);

    /// <summary>Returns <c>path@version</c>, or just the path when the version is empty, as Go's <c>Version.String</c> does.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => string.IsNullOrEmpty(Version) ? Path.Value : Path.Value + "@" + Version;
}
