using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GoModules.Fetching.Internal;

/// <summary>
/// The few module-path and version facts the fetcher needs, gathered in one place so that the
/// protocol code reads like Go's proxyRepo and does not depend on how the vocabulary types spell them.
/// </summary>
internal static class ModuleOps
{
    /// <summary>Returns the case-encoded form of a valid module path (<c>!x</c> for upper-case letters).</summary>
    public static string EscapePath(ModulePath path) => path.Escape();

    /// <summary>Returns the case-encoded form of a version, or throws a <see cref="FormatException"/>.</summary>
    public static string EscapeVersion(string version) => ModulePath.EscapeVersion(version);

    /// <summary>Tries <see cref="EscapeVersion"/> without throwing.</summary>
    public static bool TryEscapeVersion(string version, [NotNullWhen(true)] out string? escaped, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            escaped = EscapeVersion(version);
            reason = null;
            return true;
        }
        catch (FormatException ex)
        {
            escaped = null;
            reason = ex.Message;
            return false;
        }
    }

    public static bool IsValid(string version) => SemVer.IsValid(version);

    public static string Canonical(string version) => SemVer.Canonical(version);

    public static string Prerelease(string version) => SemVer.Prerelease(version);

    public static string Major(string version) => SemVer.Major(version);

    public static bool IsPseudo(string version) => PseudoVersion.IsPseudoVersion(version);

    /// <summary>The time encoded in a pseudo-version, or <see langword="null"/> when it has none.</summary>
    public static DateTimeOffset? PseudoTime(string version)
    {
        try
        {
            return PseudoVersion.GetTime(version);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Go's <c>module.CanonicalVersion</c>: the canonical form of a semantic version, keeping the
    /// <c>+incompatible</c> build suffix, or the empty string for an invalid version.
    /// </summary>
    public static string CanonicalVersion(string version)
    {
        var cv = SemVer.Canonical(version);
        if (SemVer.Build(version) == SemVer.IncompatibleSuffix)
        {
            cv += SemVer.IncompatibleSuffix;
        }

        return cv;
    }

    /// <summary>
    /// Go's <c>module.Check(path, version) == nil</c> for a canonical version: the version is valid and
    /// its major version agrees with the path's major-version suffix.
    /// </summary>
    public static bool IsCompatibleVersion(ModulePath path, string version)
    {
        try
        {
            ModuleVersion.Check(path.Value, version);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// The prefix Go's <c>ModuleError</c> puts in front of an error: <c>path@version: </c>,
    /// <c>path@version: invalid version: </c> for a non-canonical version, or <c>module path: </c>.
    /// </summary>
    public static string MessagePrefix(ModulePath path, string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return string.Create(CultureInfo.InvariantCulture, $"module {path}: ");
        }

        if (version != CanonicalVersion(version))
        {
            var noun = IsPseudo(version) ? "pseudo-version" : "version";
            return string.Create(CultureInfo.InvariantCulture, $"{path}@{version}: invalid {noun}: ");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{path}@{version}: ");
    }
}
