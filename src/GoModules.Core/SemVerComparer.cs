using System;
using System.Collections.Generic;

namespace GoModules;

/// <summary>Compares version strings with the rules of <see cref="SemVer.Compare(string, string)"/>.</summary>
/// <remarks>
/// <see cref="Instance"/> orders by semantic-version precedence alone, so <c>v1.0.0</c>, <c>v1</c> and
/// <c>v1.0.0+meta</c> are equal, as are all invalid versions. <see cref="TotalOrder"/> breaks those ties by
/// comparing the strings themselves (in Unicode code point order, which is the byte order Go uses for
/// UTF-8 strings), giving the order of Go's <c>semver.Sort</c>; use it for sorted collections that must
/// keep distinct strings apart. Both treat <see langword="null"/> like the empty string.
/// </remarks>
public sealed class SemVerComparer : IComparer<string?>
{
    private readonly bool _total;

    private SemVerComparer(bool total)
    {
        _total = total;
    }

    /// <summary>Gets the comparer that orders by semantic-version precedence only.</summary>
    public static SemVerComparer Instance { get; } = new(total: false);

    /// <summary>Gets the comparer that orders by precedence and then by the strings themselves.</summary>
    public static SemVerComparer TotalOrder { get; } = new(total: true);

    /// <summary>Compares two version strings.</summary>
    /// <param name="x">The first version.</param>
    /// <param name="y">The second version.</param>
    /// <returns>A negative number, zero or a positive number as <paramref name="x"/> sorts before, with or after <paramref name="y"/>.</returns>
    public int Compare(string? x, string? y)
    {
        var c = SemVer.Compare(x, y);
        if (c != 0 || !_total)
        {
            return c;
        }

        return CompareCodePoints(x.AsSpan(), y.AsSpan());
    }

    /// <summary>Compares UTF-16 text in code point order (the order of the UTF-8 encodings).</summary>
    internal static int CompareCodePoints(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var i = x.CommonPrefixLength(y);
        if (i == x.Length || i == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Fixup(x[i]).CompareTo(Fixup(y[i]));

        // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF, so they must sort after U+E000..U+FFFF.
        static int Fixup(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
    }
}
