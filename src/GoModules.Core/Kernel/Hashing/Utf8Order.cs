using System;
using System.Collections.Generic;

namespace GoModules.Kernel.Hashing;

/// <summary>
/// Orders strings as Go orders them: by their UTF-8 bytes, which is Unicode code point order.
/// .NET's ordinal comparison orders UTF-16 code units instead, which puts U+E000..U+FFFF after the
/// supplementary planes; this comparer corrects that at the first differing code unit.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    private Utf8Order()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        return Compare(x.AsSpan(), y.AsSpan());
    }

    /// <summary>Compares two UTF-16 strings in the order of their UTF-8 encodings.</summary>
    public static int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Fix(x[common]) - Fix(y[common]);
    }

    // Moves surrogates (D800-DFFF) above E000-FFFF so that code unit order becomes code point order.
    private static int Fix(char c)
    {
        int v = c;
        if (v >= 0xD800)
        {
            v = v >= 0xE000 ? v - 0x800 : v + 0x2000;
        }

        return v;
    }
}
