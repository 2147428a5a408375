using System;
using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>The orders in which x/mod sorts the lines of a block: by tokens, excludes by version, retractions newest first.</summary>
internal static class ModLineOrder
{
    /// <summary>Token by token, each compared as UTF-8 bytes (code point order), then by count.</summary>
    public static int ByTokens(ModLine x, ModLine y)
    {
        for (var k = 0; k < x.Tokens.Count && k < y.Tokens.Count; k++)
        {
            var c = CompareCodePoints(x.Tokens[k], y.Tokens[k]);
            if (c != 0)
            {
                return c;
            }
        }

        return x.Tokens.Count.CompareTo(y.Tokens.Count);
    }

    /// <summary>An <c>exclude</c> line: by path, then by semantic version (lines that are not two tokens by tokens).</summary>
    public static int Exclude(ModLine x, ModLine y)
    {
        if (x.Tokens.Count != 2 || y.Tokens.Count != 2)
        {
            return ByTokens(x, y);
        }

        var c = CompareCodePoints(x.Tokens[0], y.Tokens[0]);
        return c != 0 ? c : SemVer.Compare(x.Tokens[1], y.Tokens[1]);
    }

    /// <summary>A <c>retract</c> line as an interval, in descending order of low then high version.</summary>
    public static int Retract(ModLine x, ModLine y)
    {
        var (xLow, xHigh) = Interval(x);
        var (yLow, yHigh) = Interval(y);
        var c = SemVer.Compare(xLow, yLow);
        return c != 0 ? -c : -SemVer.Compare(xHigh, yHigh);
    }

    /// <summary>Sorts stably (equal lines keep their order), as Go's <c>slices.SortStableFunc</c>.</summary>
    public static List<ModLine> SortStable(List<ModLine> lines, Comparison<ModLine> comparison)
    {
        var indexed = new List<(ModLine Line, int Index)>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            indexed.Add((lines[i], i));
        }

        indexed.Sort((a, b) =>
        {
            var c = comparison(a.Line, b.Line);
            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        return indexed.ConvertAll(e => e.Line);
    }

    private static (string Low, string High) Interval(ModLine line)
    {
        var t = line.Tokens;
        if (t.Count == 1)
        {
            return (t[0], t[0]);
        }

        return t.Count == 5 && t[0] == "[" && t[2] == "," && t[4] == "]" ? (t[1], t[3]) : (string.Empty, string.Empty);
    }

    /// <summary>Compares by code point, which is the order of the UTF-8 bytes Go compares.</summary>
    private static int CompareCodePoints(string x, string y)
    {
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            if (x[i] != y[i])
            {
                return Fix(x[i]).CompareTo(Fix(y[i]));
            }
        }

        return x.Length.CompareTo(y.Length);

        // Surrogates (supplementary code points) sort after every other UTF-16 unit.
        static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
