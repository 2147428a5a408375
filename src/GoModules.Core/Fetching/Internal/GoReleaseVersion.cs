using System;

namespace GoModules.Fetching.Internal;

/// <summary>
/// Go release versions as the go command orders them (<c>1.21</c> &lt; <c>1.21rc1</c> &lt; <c>1.21.0</c> &lt;
/// <c>1.21.1</c>): major, minor, patch (a language version such as <c>1.21</c> has none; before 1.21 <c>1.N</c> means
/// <c>1.N.0</c>), then the pre-release kind (none, <c>alpha</c>, <c>beta</c>, <c>rc</c>) and number.
/// </summary>
internal static class GoReleaseVersion
{
    private readonly record struct Parts(string Major, string Minor, string Patch, string Kind, string Pre);

    public static bool IsValid(string v) => TryParse(v, out _);

    /// <summary>A language version: valid, with neither patch nor pre-release (<c>1.21</c>, but not <c>1.20</c>, which means 1.20.0).</summary>
    public static bool IsLanguage(string v) => TryParse(v, out var p) && p.Patch.Length == 0 && p.Kind.Length == 0 && p.Pre.Length == 0;

    public static bool IsPrerelease(string v) => TryParse(v, out var p) && p.Kind.Length != 0;

    public static int Compare(string? x, string? y)
    {
        // An invalid version compares as the empty one, below every valid version (as in the go command).
        _ = TryParse(x ?? string.Empty, out var a);
        _ = TryParse(y ?? string.Empty, out var b);
        var c = CompareInt(a.Major, b.Major);
        if (c == 0)
        {
            c = CompareInt(a.Minor, b.Minor);
        }

        if (c == 0)
        {
            c = CompareInt(a.Patch, b.Patch);
        }

        if (c == 0)
        {
            c = Math.Sign(string.CompareOrdinal(a.Kind, b.Kind));
        }

        return c == 0 ? CompareInt(a.Pre, b.Pre) : c;
    }

    private static int CompareInt(string x, string y)
        => x.Length != y.Length ? x.Length.CompareTo(y.Length) : Math.Sign(string.CompareOrdinal(x, y));

    private static bool TryParse(string v, out Parts parts)
    {
        parts = new Parts(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        if (!CutInt(ref v, out var major))
        {
            return false;
        }

        if (v.Length == 0)
        {
            parts = new Parts(major, "0", "0", string.Empty, string.Empty);
            return true;
        }

        if (v[0] != '.')
        {
            return false;
        }

        v = v[1..];
        if (!CutInt(ref v, out var minor))
        {
            return false;
        }

        if (v.Length == 0)
        {
            parts = new Parts(major, minor, CompareInt(minor, "21") < 0 ? "0" : string.Empty, string.Empty, string.Empty);
            return true;
        }

        if (v[0] == '.')
        {
            v = v[1..];
            if (!CutInt(ref v, out var patch) || v.Length != 0)
            {
                return false;
            }

            parts = new Parts(major, minor, patch, string.Empty, string.Empty);
            return true;
        }

        var i = 0;
        while (i < v.Length && !char.IsAsciiDigit(v[i]))
        {
            if (!char.IsAsciiLetterLower(v[i]))
            {
                return false;
            }

            i++;
        }

        if (i == 0)
        {
            return false;
        }

        var kind = v[..i];
        v = v[i..];
        if (v.Length == 0)
        {
            parts = new Parts(major, minor, string.Empty, kind, string.Empty);
            return true;
        }

        if (!CutInt(ref v, out var pre) || v.Length != 0)
        {
            return false;
        }

        parts = new Parts(major, minor, string.Empty, kind, pre);
        return true;
    }

    private static bool CutInt(ref string v, out string n)
    {
        var i = 0;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }

        if (i == 0 || (v[0] == '0' && i != 1))
        {
            n = string.Empty;
            return false;
        }

        n = v[..i];
        v = v[i..];
        return true;
    }
}
