using System;

namespace GoModules.Toolchains;

/// <summary>
/// Go release versions as the go command orders them (its <c>gover</c> package, Go 1.21 and later): versions are
/// written without the <c>go</c> prefix, such as <c>1.21</c>, <c>1.21rc1</c>, <c>1.21.0</c> or <c>1.20</c>.
/// </summary>
/// <remarks>
/// <para>
/// A version is <c>MAJOR</c>, <c>MAJOR.MINOR</c>, <c>MAJOR.MINOR.PATCH</c> or <c>MAJOR.MINOR</c> followed by a
/// pre-release such as <c>rc1</c>, <c>beta2</c> or <c>alpha</c> (lower-case letters, then an optional number).
/// Numbers are decimal without leading zeros; a pre-release on a patch release (<c>1.21.3rc1</c>) is not valid.
/// </para>
/// <para>
/// Ordering: numbers compare numerically, then the pre-release kind (none, then <c>alpha</c>, <c>beta</c>,
/// <c>rc</c>: plain string order), then its number. From Go 1.21 on, a version without a patch number is a
/// <em>language version</em> that sorts before all of its releases: <c>1.21 &lt; 1.21rc1 &lt; 1.21.0</c>. Before
/// Go 1.21 the missing patch means <c>.0</c> (<c>1.20</c> equals <c>1.20.0</c>), and <c>1</c> means <c>1.0.0</c>.
/// Invalid text compares as the lowest value, equal to every other invalid text and to the empty string.
/// </para>
/// </remarks>
public static class GoVersion
{
    /// <summary>Gets a comparer that orders version strings with <see cref="Compare"/>.</summary>
    /// <value>The comparer (stateless).</value>
    public static GoVersionComparer Comparer { get; } = new();

    /// <summary>Compares two Go versions.</summary>
    /// <param name="x">A version such as <c>1.21.0</c>, or null.</param>
    /// <param name="y">Another version, or null.</param>
    /// <returns>Negative when <paramref name="x"/> sorts first, zero when they are equal, positive otherwise.</returns>
    public static int Compare(string? x, string? y)
    {
        var a = Parse(x);
        var b = Parse(y);
        var c = CompareNumbers(a.Major, b.Major);
        if (c == 0)
        {
            c = CompareNumbers(a.Minor, b.Minor);
        }

        if (c == 0)
        {
            c = CompareNumbers(a.Patch, b.Patch);
        }

        if (c == 0)
        {
            c = Math.Sign(string.CompareOrdinal(a.Kind, b.Kind));
        }

        if (c == 0)
        {
            c = CompareNumbers(a.Pre, b.Pre);
        }

        return c;
    }

    /// <summary>Returns the later of two versions (<paramref name="x"/> when they are equal).</summary>
    /// <param name="x">A version.</param>
    /// <param name="y">Another version.</param>
    /// <returns>The greater version.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Max(string x, string y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Compare(x, y) < 0 ? y : x;
    }

    /// <summary>Reports whether the text is a valid Go version.</summary>
    /// <param name="version">The text, without the <c>go</c> prefix.</param>
    /// <returns>True when it parses.</returns>
    public static bool IsValid(string? version) => !Parse(version).IsEmpty;

    /// <summary>
    /// Reports whether the version is a language version: valid, without patch number and without pre-release, from
    /// 1.21 on (<c>1.21</c>, <c>1.22</c>). As in the go command, <c>1.20</c> and <c>1</c> are not: before 1.21 a
    /// missing patch number means <c>.0</c>.
    /// </summary>
    /// <param name="version">The version.</param>
    /// <returns>True for a language version.</returns>
    public static bool IsLanguageVersion(string? version)
    {
        var v = Parse(version);
        return !v.IsEmpty && v.Patch.Length == 0 && v.Kind.Length == 0 && v.Pre.Length == 0;
    }

    /// <summary>Reports whether the version is a pre-release (<c>1.21rc1</c>, <c>1.22beta1</c>).</summary>
    /// <param name="version">The version.</param>
    /// <returns>True when it has a pre-release part.</returns>
    public static bool IsPrerelease(string? version) => Parse(version).Kind.Length != 0;

    /// <summary>
    /// Returns the language version of a version: <c>1.21</c> for <c>1.21.3</c> or <c>1.21rc2</c>, <c>1</c> for
    /// <c>1.0</c> and <c>1</c>; the empty string for invalid text.
    /// </summary>
    /// <param name="version">The version.</param>
    /// <returns>The language version.</returns>
    public static string Language(string? version)
    {
        var v = Parse(version);
        return v.Minor.Length == 0 || (v.Major == "1" && v.Minor == "0") ? v.Major : v.Major + "." + v.Minor;
    }

    /// <summary>
    /// Returns the Go version a toolchain name stands for: <c>1.21.3</c> for <c>go1.21.3</c>, also when a suffix
    /// follows after <c>-</c>, a space or a tab (<c>go1.21.3-custom</c>). Names without the <c>go</c> prefix,
    /// names containing <c>/</c> or <c>\</c>, and invalid versions give the empty string.
    /// </summary>
    /// <param name="name">The toolchain name.</param>
    /// <returns>The version, or the empty string.</returns>
    public static string FromToolchain(string? name)
    {
        if (name is null || name.AsSpan().IndexOfAny('/', '\\') >= 0 || !name.StartsWith("go", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var v = name.AsSpan(2);
        var cut = v.IndexOfAny(" \t-");
        if (cut >= 0)
        {
            v = v[..cut];
        }

        var s = v.ToString();
        return IsValid(s) ? s : string.Empty;
    }

    private static int CompareNumbers(string x, string y)
    {
        if (x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return Math.Sign(string.CompareOrdinal(x, y));
    }

    private static Parts Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Parts.Empty;
        }

        var x = text.AsSpan();
        if (!CutNumber(ref x, out var major))
        {
            return Parts.Empty;
        }

        if (x.IsEmpty)
        {
            return new Parts(major, "0", "0", string.Empty, string.Empty);
        }

        if (x[0] != '.')
        {
            return Parts.Empty;
        }

        x = x[1..];
        if (!CutNumber(ref x, out var minor))
        {
            return Parts.Empty;
        }

        if (x.IsEmpty)
        {
            // Before 1.21 a missing patch is .0; from 1.21 on it is the language version, below every release.
            return new Parts(major, minor, CompareNumbers(minor, "21") < 0 ? "0" : string.Empty, string.Empty, string.Empty);
        }

        if (x[0] == '.')
        {
            x = x[1..];
            if (!CutNumber(ref x, out var patch) || !x.IsEmpty)
            {
                return Parts.Empty;
            }

            return new Parts(major, minor, patch, string.Empty, string.Empty);
        }

        var i = 0;
        while (i < x.Length && !char.IsAsciiDigit(x[i]))
        {
            if (!char.IsAsciiLetterLower(x[i]))
            {
                return Parts.Empty;
            }

            i++;
        }

        if (i == 0)
        {
            return Parts.Empty;
        }

        var kind = x[..i].ToString();
        x = x[i..];
        if (x.IsEmpty)
        {
            return new Parts(major, minor, string.Empty, kind, string.Empty);
        }

        if (!CutNumber(ref x, out var pre) || !x.IsEmpty)
        {
            return Parts.Empty;
        }

        return new Parts(major, minor, string.Empty, kind, pre);
    }

    private static bool CutNumber(ref ReadOnlySpan<char> x, out string number)
    {
        var i = 0;
        while (i < x.Length && char.IsAsciiDigit(x[i]))
        {
            i++;
        }

        if (i == 0 || (x[0] == '0' && i != 1))
        {
            number = string.Empty;
            return false;
        }

        number = x[..i].ToString();
        x = x[i..];
        return true;
    }

    private readonly record struct Parts(string Major, string Minor, string Patch, string Kind, string Pre)
    {
        public static readonly Parts Empty = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);

        public bool IsEmpty => Major.Length == 0;
    }
}
