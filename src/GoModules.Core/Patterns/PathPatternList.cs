using System;
using System.Buffers;
using System.Collections.Immutable;
using GoModules.Patterns.Internal;

namespace GoModules.Patterns;

/// <summary>
/// A parsed comma-separated list of module path globs, as used by GOPRIVATE, GONOPROXY,
/// GONOSUMDB and GOINSECURE, matched exactly as Go's <c>module.MatchPrefixPatterns</c>.
/// </summary>
/// <remarks>
/// <para>
/// Parsing splits the text on <c>,</c>, drops one trailing <c>/</c> from each entry and skips the
/// entries that are then empty. Nothing else is normalised: no white space is trimmed
/// (<c>" corp.example"</c> matches nothing), no case folding, no stripping of schemes.
/// Each remaining entry is a <see cref="PathPattern"/>; a path matches the list when it matches any
/// of them. Entries with a glob syntax error are kept but never match. An empty list matches nothing.
/// </para>
/// <para>
/// Instances are immutable and safe to share between threads. Matching does not allocate.
/// See <c>go help private</c>, <c>go help module-private</c> and https://go.dev/ref/mod#private-modules.
/// </para>
/// </remarks>
public sealed class PathPatternList
{
    private readonly PathPattern[] _matchable;

    private PathPatternList(string text, ImmutableArray<PathPattern> patterns)
    {
        Text = text;
        Patterns = patterns;
        var matchable = 0;
        foreach (var p in patterns)
        {
            matchable += p.IsWellFormed ? 1 : 0;
        }

        _matchable = new PathPattern[matchable];
        matchable = 0;
        foreach (var p in patterns)
        {
            if (p.IsWellFormed)
            {
                _matchable[matchable++] = p;
            }
        }
    }

    /// <summary>Gets the list that matches nothing (the value of an unset variable).</summary>
    /// <value>A list with no patterns and empty <see cref="Text"/>.</value>
    public static PathPatternList Empty { get; } = new(string.Empty, ImmutableArray<PathPattern>.Empty);

    /// <summary>Gets the text the list was parsed from.</summary>
    /// <value>The comma-separated globs exactly as given.</value>
    public string Text { get; }

    /// <summary>Gets the non-empty entries in list order, including those that are not well formed.</summary>
    /// <value>The patterns; empty when the list has no entries.</value>
    public ImmutableArray<PathPattern> Patterns { get; }

    /// <summary>Gets a value indicating whether the list has no entries and therefore matches nothing.</summary>
    /// <value><see langword="true"/> when <see cref="Patterns"/> is empty.</value>
    public bool IsEmpty => Patterns.IsEmpty;

    /// <summary>Parses a comma-separated list of globs. Parsing never fails.</summary>
    /// <param name="globs">The list, for example the value of GOPRIVATE; <see langword="null"/> or empty gives
    /// <see cref="Empty"/>.</param>
    /// <returns>The parsed list.</returns>
    public static PathPatternList Parse(string? globs)
    {
        if (string.IsNullOrEmpty(globs))
        {
            return Empty;
        }

        var builder = ImmutableArray.CreateBuilder<PathPattern>();
        var rest = globs.AsSpan();
        while (!rest.IsEmpty)
        {
            ReadOnlySpan<char> entry;
            var comma = rest.IndexOf(',');
            if (comma >= 0)
            {
                entry = rest[..comma];
                rest = rest[(comma + 1)..];
            }
            else
            {
                entry = rest;
                rest = default;
            }

            if (!GoGlob.TrimOneTrailingSlash(entry).IsEmpty)
            {
                builder.Add(new PathPattern(entry.ToString()));
            }
        }

        return new PathPatternList(globs, builder.ToImmutable());
    }

    /// <summary>
    /// Reports whether <paramref name="modulePath"/> matches any pattern of the list by its leading
    /// path elements (Go's <c>module.MatchPrefixPatterns</c>).
    /// </summary>
    /// <param name="modulePath">A module path (or any text; it is not validated).</param>
    /// <returns><see langword="true"/> when some pattern matches.</returns>
    /// <remarks>Does not allocate.</remarks>
    public bool Matches(ReadOnlySpan<char> modulePath)
    {
        if (_matchable.Length == 0)
        {
            return false;
        }

        return Utf8Text.TestUtf8(modulePath, this, static (self, utf8) => self.MatchesUtf8(utf8));
    }

    /// <summary>Reports whether a UTF-8 encoded module path matches any pattern of the list.</summary>
    /// <param name="utf8ModulePath">The path as UTF-8 bytes; invalid UTF-8 is matched as Go matches it.</param>
    /// <returns><see langword="true"/> when some pattern matches.</returns>
    public bool MatchesUtf8(ReadOnlySpan<byte> utf8ModulePath)
    {
        foreach (var pattern in _matchable)
        {
            if (pattern.MatchesUtf8(utf8ModulePath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Go's <c>module.MatchPrefixPatterns(globs, target)</c> without keeping a parsed list: reports
    /// whether <paramref name="target"/> matches any glob of the comma-separated list.
    /// </summary>
    /// <param name="globs">The comma-separated globs; <see langword="null"/> or empty matches nothing.</param>
    /// <param name="target">The module path to test (not validated).</param>
    /// <returns><see langword="true"/> when some glob matches the leading elements of the target.</returns>
    /// <remarks>Does not allocate. Prefer <see cref="Parse"/> and <see cref="Matches(ReadOnlySpan{char})"/> when one list is
    /// used for many paths.</remarks>
    public static bool MatchPrefixPatterns(ReadOnlySpan<char> globs, ReadOnlySpan<char> target)
    {
        if (globs.IsEmpty)
        {
            return false;
        }

        byte[]? rented = null;
        var max = Utf8Text.GetMaxByteCount(globs.Length + target.Length);
        Span<byte> buffer = max <= Utf8Text.StackBufferSize
            ? stackalloc byte[Utf8Text.StackBufferSize]
            : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var utf8Globs = Utf8Text.Encode(globs, buffer);
            var utf8Target = Utf8Text.Encode(target, buffer[utf8Globs.Length..]);
            return GoGlob.MatchPrefixPatterns(utf8Globs, utf8Target);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Go's <c>module.MatchPrefixPatterns</c> over UTF-8 bytes, which may be invalid UTF-8.</summary>
    /// <param name="utf8Globs">The comma-separated globs as UTF-8.</param>
    /// <param name="utf8Target">The module path to test as UTF-8.</param>
    /// <returns><see langword="true"/> when some glob matches the leading elements of the target.</returns>
    public static bool MatchPrefixPatternsUtf8(ReadOnlySpan<byte> utf8Globs, ReadOnlySpan<byte> utf8Target)
        => GoGlob.MatchPrefixPatterns(utf8Globs, utf8Target);

    /// <summary>Returns the text the list was parsed from.</summary>
    /// <returns>The same as <see cref="Text"/>.</returns>
    public override string ToString() => Text;
}
