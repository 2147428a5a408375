using System;
using System.Text;
using GoModules.Kernel;
using GoModules.Patterns.Internal;

namespace GoModules.Patterns;

/// <summary>
/// One glob of a GOPRIVATE-style pattern list: a Go <c>path.Match</c> pattern that is compared with
/// as many leading elements of a module path as the pattern itself has.
/// </summary>
/// <remarks>
/// <para>
/// The glob syntax is Go's <c>path.Match</c>: <c>*</c> matches any run of characters other than
/// <c>/</c>, <c>?</c> one character other than <c>/</c>, <c>[...]</c> one character from a class
/// (<c>[^...]</c> negates it; ranges <c>a-z</c>; <c>\</c> escapes; a class can match <c>/</c>),
/// and <c>\c</c> the character <c>c</c>. Matching is case-sensitive and works on the UTF-8 bytes of
/// the path, exactly as Go does.
/// </para>
/// <para>
/// A pattern with N slashes is matched against the first N+1 slash-separated elements of a path;
/// a path with fewer elements never matches. So <c>corp.example/priv</c> matches
/// <c>corp.example/priv/x</c> but not <c>corp.example/private</c>.
/// A pattern with a syntax error (for example an unclosed <c>[</c>) is kept, reports
/// <see cref="IsWellFormed"/> as <see langword="false"/> and never matches.
/// </para>
/// <para>
/// <c>default(PathPattern)</c> is an empty pattern that never matches.
/// See <c>go help private</c> and https://go.dev/ref/mod#private-modules.
/// </para>
/// </remarks>
public readonly struct PathPattern : IEquatable<PathPattern>
{
    private readonly string? _glob;
    private readonly byte[]? _utf8;
    private readonly int _slashes;
    private readonly bool _wellFormed;

    /// <summary>Creates a pattern from one glob, dropping one trailing <c>/</c> as Go does.</summary>
    /// <param name="glob">The glob, for example <c>*.corp.example</c> or <c>github.com/org/*</c>.
    /// It is not trimmed and may contain any character.</param>
    /// <exception cref="ArgumentNullException"><paramref name="glob"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is empty or only <c>/</c>: Go skips such
    /// entries of a list.</exception>
    public PathPattern(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        var trimmed = GoGlob.TrimOneTrailingSlash(glob.AsSpan());
        if (trimmed.IsEmpty)
        {
            throw new ArgumentException(SR.EmptyPathPattern, nameof(glob));
        }

        _glob = trimmed.Length == glob.Length ? glob : trimmed.ToString();
        _utf8 = Encoding.UTF8.GetBytes(_glob);
        _slashes = trimmed.Count('/');
        _wellFormed = GoGlob.IsWellFormed(_utf8);
    }

    /// <summary>Gets the glob as it is matched (without the dropped trailing slash).</summary>
    /// <value>The glob text; the empty string for <c>default(PathPattern)</c>.</value>
    public string Glob => _glob ?? string.Empty;

    /// <summary>Gets the number of leading path elements the pattern is compared with (its slash count plus one).</summary>
    /// <value>At least 1; 0 for <c>default(PathPattern)</c>.</value>
    public int ElementCount => _glob is null ? 0 : _slashes + 1;

    /// <summary>Gets a value indicating whether the glob has valid <c>path.Match</c> syntax.
    /// A pattern that is not well formed never matches.</summary>
    /// <value><see langword="true"/> when Go's <c>path.Match</c> would accept the pattern.</value>
    public bool IsWellFormed => _wellFormed;

    /// <summary>Reports whether the leading elements of <paramref name="modulePath"/> match the pattern.</summary>
    /// <param name="modulePath">A module path (or any text; it is not validated).</param>
    /// <returns><see langword="true"/> when the first <see cref="ElementCount"/> elements match.</returns>
    /// <remarks>Does not allocate.</remarks>
    public bool Matches(ReadOnlySpan<char> modulePath)
    {
        if (!_wellFormed)
        {
            return false;
        }

        return Utf8Text.TestUtf8(modulePath, this, static (self, utf8) => self.MatchesUtf8(utf8));
    }

    /// <summary>Reports whether the leading elements of a UTF-8 encoded module path match the pattern.</summary>
    /// <param name="utf8ModulePath">The path as UTF-8 bytes; invalid UTF-8 is matched as Go matches it.</param>
    /// <returns><see langword="true"/> when the first <see cref="ElementCount"/> elements match.</returns>
    public bool MatchesUtf8(ReadOnlySpan<byte> utf8ModulePath)
        => _wellFormed
            && GoGlob.TryGetPrefix(utf8ModulePath, _slashes, out var prefix)
            && GoGlob.Match(_utf8, prefix);

    /// <inheritdoc/>
    public bool Equals(PathPattern other) => string.Equals(_glob, other._glob, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PathPattern other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _glob is null ? 0 : StringComparer.Ordinal.GetHashCode(_glob);

    /// <summary>Returns the glob.</summary>
    /// <returns>The same as <see cref="Glob"/>.</returns>
    public override string ToString() => Glob;

    /// <summary>Compares two patterns by their glob text (ordinal).</summary>
    /// <param name="left">The first pattern.</param>
    /// <param name="right">The second pattern.</param>
    /// <returns><see langword="true"/> when the globs are equal.</returns>
    public static bool operator ==(PathPattern left, PathPattern right) => left.Equals(right);

    /// <summary>Compares two patterns by their glob text (ordinal).</summary>
    /// <param name="left">The first pattern.</param>
    /// <param name="right">The second pattern.</param>
    /// <returns><see langword="true"/> when the globs differ.</returns>
    public static bool operator !=(PathPattern left, PathPattern right) => !left.Equals(right);
}
