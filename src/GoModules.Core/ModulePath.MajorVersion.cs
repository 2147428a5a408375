using System;
using GoModules.Kernel;

namespace GoModules;

/// <content>Major-version suffixes (Go's SplitPathVersion).</content>
public readonly partial struct ModulePath
{
    /// <summary>
    /// Splits a module path into the part before its major-version suffix and the suffix itself, as Go's
    /// <c>module.SplitPathVersion</c> does.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <returns>
    /// <c>Prefix</c> and <c>PathMajor</c> with <c>Prefix + PathMajor == path</c>: <c>PathMajor</c> is <c>/vN</c> (N ≥ 2),
    /// or for <c>gopkg.in/</c> paths <c>.vN</c> (N ≥ 0, possibly followed by <c>-unstable</c>), or empty when
    /// there is no suffix. <c>Ok</c> is <see langword="false"/> when the path ends in a malformed suffix such as
    /// <c>/v1</c>, <c>/v0</c>, <c>/v01</c> or <c>/v1.2</c>, or is a <c>gopkg.in/</c> path without <c>.vN</c>;
    /// then <c>Prefix</c> is the whole path and <c>PathMajor</c> is empty.
    /// </returns>
    /// <remarks>
    /// Only the trailing run of digits and dots after <c>/v</c> is examined; <c>/V2</c>, <c>/v2x</c> or a bare
    /// <c>v2</c> are not suffixes at all. See https://go.dev/ref/mod#major-version-suffixes.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public static (string Prefix, string PathMajor, bool Ok) SplitPathVersion(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ok = PathChecker.SplitPathVersion<char>(path, out var prefixLength);
        return prefixLength == path.Length
            ? (path, string.Empty, ok)
            : (path[..prefixLength], path[prefixLength..], ok);
    }

    /// <summary>
    /// Reports whether a version fits a major-version suffix, as Go's <c>module.MatchPathMajor</c> does; the same as
    /// <see cref="CheckPathMajor(string, string)"/> not throwing. Allocates nothing.
    /// </summary>
    /// <param name="version">The version, normally a semantic version.</param>
    /// <param name="pathMajor">The suffix from <see cref="SplitPathVersion(string)"/>: empty, <c>/vN</c> or <c>.vN</c>.</param>
    /// <returns><see langword="true"/> when the version's major version is the one the suffix demands.</returns>
    /// <remarks>
    /// <list type="bullet">
    /// <item><description>No suffix accepts major version v0 or v1, and any version whose build metadata is exactly <c>+incompatible</c>.</description></item>
    /// <item><description><c>/vN</c> and <c>.vN</c> accept major version vN only; a trailing <c>-unstable</c> on a <c>.vN</c> suffix is ignored.</description></item>
    /// <item><description>As a historical exception, <c>.v1</c> also accepts every version starting with <c>v0.0.0-</c> (old gopkg.in pseudo-versions).</description></item>
    /// </list>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> or <paramref name="pathMajor"/> is <see langword="null"/>.</exception>
    public static bool MatchPathMajor(string version, string pathMajor)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(pathMajor);
        return MatchPathMajorCore(version, pathMajor, out _);
    }

    /// <summary>Checks that a version fits a major-version suffix, as Go's <c>module.CheckPathMajor</c> does; see <see cref="MatchPathMajor(string, string)"/>.</summary>
    /// <param name="version">The version, normally a semantic version.</param>
    /// <param name="pathMajor">The suffix from <see cref="SplitPathVersion(string)"/>: empty, <c>/vN</c> or <c>.vN</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> or <paramref name="pathMajor"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModuleVersionException">
    /// The version does not fit (<see cref="InvalidModuleVersionException.Kind"/> is
    /// <see cref="VersionErrorKinds.MajorVersionMismatch"/>; the message reads <c>version "v3.0.0" invalid: should be v2, not v3</c>).
    /// </exception>
    public static void CheckPathMajor(string version, string pathMajor)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(pathMajor);
        if (!MatchPathMajorCore(version, pathMajor, out var expected))
        {
            throw new InvalidModuleVersionException(version, false, VersionErrorKinds.MajorVersionMismatch, MismatchReason(version, expected));
        }
    }

    /// <summary>
    /// Returns the major version that tags must carry for a major-version suffix, as Go's <c>module.PathMajorPrefix</c>
    /// does: <c>/v2</c> gives <c>v2</c>, <c>.v2-unstable</c> gives <c>v2</c>, and the empty suffix gives the empty
    /// string (tags v0 or v1).
    /// </summary>
    /// <param name="pathMajor">The suffix from <see cref="SplitPathVersion(string)"/>.</param>
    /// <returns>The major version without the separator.</returns>
    /// <remarks>
    /// <see cref="MatchPathMajor(string, string)"/> accepts a little more than this prefix implies: <c>.v1</c>
    /// also matches <c>v0.0.0-</c> pseudo-versions.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="pathMajor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="pathMajor"/> does not start with <c>/</c> or <c>.</c>.
    /// -or-
    /// What follows the separator is not a bare major version such as <c>v2</c> (Go panics in both cases).
    /// </exception>
    public static string PathMajorPrefix(string pathMajor)
    {
        ArgumentNullException.ThrowIfNull(pathMajor);
        if (pathMajor.Length == 0)
        {
            return string.Empty;
        }

        if (pathMajor[0] is not ('/' or '.'))
        {
            throw new ArgumentException(PathErrors.Format(SR.PathMajorLacksSeparator, pathMajor), nameof(pathMajor));
        }

        var major = TrimUnstable(pathMajor)[1..];
        if (!major.SequenceEqual(SemVer.Major(major)))
        {
            throw new ArgumentException(PathErrors.Format(SR.PathMajorNotMajorVersion, pathMajor), nameof(pathMajor));
        }

        return major.ToString();
    }

    /// <summary>The core of MatchPathMajor; on failure <paramref name="expected"/> is what Go's message says the major version should be.</summary>
    internal static bool MatchPathMajorCore(string version, string pathMajor, out string expected)
    {
        var suffix = TrimUnstable(pathMajor);
        if (suffix.SequenceEqual(".v1") && version.StartsWith("v0.0.0-", StringComparison.Ordinal))
        {
            // Old gopkg.in pseudo-versions were computed as v0.0.0-... for .v1 packages.
            expected = string.Empty;
            return true;
        }

        var major = SemVer.Major(version.AsSpan());
        if (suffix.IsEmpty)
        {
            if (major.SequenceEqual("v0") || major.SequenceEqual("v1") || SemVer.IsIncompatible(version))
            {
                expected = string.Empty;
                return true;
            }

            expected = "v0 or v1";
            return false;
        }

        if (suffix[0] is '/' or '.')
        {
            if (major.SequenceEqual(suffix[1..]))
            {
                expected = string.Empty;
                return true;
            }

            expected = suffix[1..].ToString();
            return false;
        }

        expected = suffix.ToString();
        return false;
    }

    /// <summary>Go's CheckPathMajor reason: <c>should be v2, not v3</c>.</summary>
    internal static string MismatchReason(string version, string expected)
        => PathErrors.Format(SR.MajorVersionShouldBe, expected, SemVer.Major(version));

    private static ReadOnlySpan<char> TrimUnstable(string pathMajor)
        => pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal)
            ? pathMajor.AsSpan(0, pathMajor.Length - "-unstable".Length)
            : pathMajor;
}
