using System;
using GoModules.Internal;

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
}
