using System;
using System.Collections.Generic;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// Go-flavoured semantic versions, as used for module versions: <c>vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]</c>.
/// </summary>
/// <remarks>
/// <para>
/// This is Semantic Versioning 2.0.0 with two Go conventions: the leading <c>v</c> is required, and the
/// shorthands <c>vMAJOR</c> and <c>vMAJOR.MINOR</c> (without prerelease or build) stand for
/// <c>vMAJOR.0.0</c> and <c>vMAJOR.MINOR.0</c>. Numbers have no size limit and are compared as decimal
/// strings. All accessors return the empty string for text that is not a valid version, and every
/// invalid version compares equal to every other invalid version and below every valid one.
/// </para>
/// <para>
/// The rules are those of golang.org/x/mod/semver (see https://go.dev/ref/mod#versions). Methods that take
/// a <see cref="string"/> treat <see langword="null"/> like the empty string (an invalid version).
/// Validation and comparison do not allocate.
/// </para>
/// </remarks>
public static class SemVer
{
    /// <summary>The build metadata that marks a major version above v1 used without a <c>/vN</c> path suffix.</summary>
    public const string IncompatibleSuffix = "+incompatible";

    private static readonly string[] SmallMajors = ["v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"];

    /// <summary>Reports whether <paramref name="v"/> is a valid Go semantic version.</summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool IsValid(ReadOnlySpan<char> v) => SemVerParts.TryParse(v, out _);

    /// <summary>Reports whether <paramref name="v"/> is a valid Go semantic version.</summary>
    /// <param name="v">The version text; <see langword="null"/> is invalid.</param>
    /// <returns><see langword="true"/> when the text is valid.</returns>
    public static bool IsValid(string? v) => SemVerParts.TryParse(v, out _);

    /// <summary>
    /// Reports whether <paramref name="v"/> is valid and already in canonical form
    /// (<c>vMAJOR.MINOR.PATCH[-PRERELEASE]</c>, no shorthand and no build metadata), that is,
    /// whether <c>Canonical(v) == v</c>.
    /// </summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> when the text is a canonical version.</returns>
    public static bool IsCanonical(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) && !p.IsShorthand && !p.HasBuild;

    /// <summary>
    /// Returns the canonical form of <paramref name="v"/>: <c>vMAJOR.MINOR.PATCH[-PRERELEASE]</c> with
    /// missing numbers filled in as <c>.0</c> and any build metadata removed.
    /// </summary>
    /// <param name="v">The version text.</param>
    /// <returns>
    /// The canonical form (the same instance when <paramref name="v"/> is already canonical), or the
    /// empty string when <paramref name="v"/> is not valid.
    /// </returns>
    /// <remarks>Build metadata, including <c>+incompatible</c>, is dropped; see <see cref="CanonicalModuleVersion"/>.</remarks>
    public static string Canonical(string? v)
    {
        if (!SemVerParts.TryParse(v, out var p))
        {
            return string.Empty;
        }

        return CanonicalCore(v!, p);
    }

    /// <summary>
    /// Returns the canonical form of a module version: like <see cref="Canonical"/>, but a build suffix of
    /// exactly <c>+incompatible</c> is kept (Go's <c>module.CanonicalVersion</c>).
    /// </summary>
    /// <param name="v">The version text.</param>
    /// <returns>
    /// The canonical form (the same instance when <paramref name="v"/> is already canonical), or the
    /// empty string when <paramref name="v"/> is not valid.
    /// </returns>
    public static string CanonicalModuleVersion(string? v)
    {
        if (!SemVerParts.TryParse(v, out var p))
        {
            return string.Empty;
        }

        if (p.Build(v).SequenceEqual(IncompatibleSuffix))
        {
            // Shorthands cannot carry build metadata, so only a prerelease-or-release remains before it.
            return v!;
        }

        return CanonicalCore(v!, p);
    }

    /// <summary>Reports whether the build metadata of <paramref name="v"/> is exactly <c>+incompatible</c>.</summary>
    /// <param name="v">The version text.</param>
    /// <returns><see langword="true"/> for a valid version ending in <c>+incompatible</c>.</returns>
    public static bool IsIncompatible(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) && p.Build(v).SequenceEqual(IncompatibleSuffix);

    /// <summary>Returns the major version prefix of <paramref name="v"/>, such as <c>v2</c> for <c>v2.1.0</c>.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The text <c>vMAJOR</c>, or the empty string when <paramref name="v"/> is not valid.</returns>
    public static string Major(string? v)
    {
        if (v is null || !SemVerParts.TryParse(v, out var p))
        {
            return string.Empty;
        }

        if (p.MajorEnd == v.Length)
        {
            return v;
        }

        if (p.MajorEnd == 2)
        {
            return SmallMajors[v[1] - '0'];
        }

        return v[..p.MajorEnd];
    }

    /// <summary>Returns the major version prefix of <paramref name="v"/> as a slice of it.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The text <c>vMAJOR</c>, or an empty span when <paramref name="v"/> is not valid.</returns>
    public static ReadOnlySpan<char> Major(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) ? v[..p.MajorEnd] : default;

    /// <summary>Returns the major and minor version prefix of <paramref name="v"/>, such as <c>v2.1</c> for <c>v2.1.0</c>.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The text <c>vMAJOR.MINOR</c> (<c>vMAJOR.0</c> for the shorthand <c>vMAJOR</c>), or the empty string when <paramref name="v"/> is not valid.</returns>
    public static string MajorMinor(string? v)
    {
        if (v is null || !SemVerParts.TryParse(v, out var p))
        {
            return string.Empty;
        }

        if (!p.HasMinor)
        {
            return string.Concat(v, ".0");
        }

        return p.MinorEnd == v.Length ? v : v[..p.MinorEnd];
    }

    /// <summary>Returns the prerelease of <paramref name="v"/> with its leading <c>-</c>, such as <c>-rc.1</c> for <c>v1.0.0-rc.1+build</c>.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The prerelease, or the empty string when there is none or <paramref name="v"/> is not valid.</returns>
    public static string Prerelease(string? v)
    {
        if (!SemVerParts.TryParse(v, out var p) || !p.HasPrerelease)
        {
            return string.Empty;
        }

        return v![p.PatchEnd..p.PrereleaseEnd];
    }

    /// <summary>Returns the prerelease of <paramref name="v"/> with its leading <c>-</c>, as a slice of it.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The prerelease, or an empty span when there is none or <paramref name="v"/> is not valid.</returns>
    public static ReadOnlySpan<char> Prerelease(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) ? p.Prerelease(v) : default;

    /// <summary>Returns the build metadata of <paramref name="v"/> with its leading <c>+</c>, such as <c>+incompatible</c>.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The build metadata, or the empty string when there is none or <paramref name="v"/> is not valid.</returns>
    public static string Build(string? v)
    {
        if (!SemVerParts.TryParse(v, out var p) || !p.HasBuild)
        {
            return string.Empty;
        }

        var build = p.Build(v);
        return build.SequenceEqual(IncompatibleSuffix) ? IncompatibleSuffix : build.ToString();
    }

    /// <summary>Returns the build metadata of <paramref name="v"/> with its leading <c>+</c>, as a slice of it.</summary>
    /// <param name="v">The version text.</param>
    /// <returns>The build metadata, or an empty span when there is none or <paramref name="v"/> is not valid.</returns>
    public static ReadOnlySpan<char> Build(ReadOnlySpan<char> v)
        => SemVerParts.TryParse(v, out var p) ? p.Build(v) : default;

    /// <summary>
    /// Compares two versions by semantic-version precedence. Build metadata is ignored, shorthands equal
    /// their canonical forms, and invalid versions are equal to each other and less than any valid version.
    /// </summary>
    /// <param name="v">The first version.</param>
    /// <param name="w">The second version.</param>
    /// <returns>-1, 0 or +1 as <paramref name="v"/> is less than, equal to or greater than <paramref name="w"/>.</returns>
    public static int Compare(string? v, string? w) => Compare(v.AsSpan(), w.AsSpan());

    /// <summary>
    /// Compares two versions by semantic-version precedence. Build metadata is ignored, shorthands equal
    /// their canonical forms, and invalid versions are equal to each other and less than any valid version.
    /// </summary>
    /// <param name="v">The first version.</param>
    /// <param name="w">The second version.</param>
    /// <returns>-1, 0 or +1 as <paramref name="v"/> is less than, equal to or greater than <paramref name="w"/>.</returns>
    public static int Compare(ReadOnlySpan<char> v, ReadOnlySpan<char> w)
    {
        var okV = SemVerParts.TryParse(v, out var pv);
        var okW = SemVerParts.TryParse(w, out var pw);
        if (!okV || !okW)
        {
            return okV == okW ? 0 : okV ? 1 : -1;
        }

        return CompareParsed(v, pv, w, pw);
    }

    /// <summary>Compares two valid versions whose pieces are already known (see <see cref="Compare(ReadOnlySpan{char}, ReadOnlySpan{char})"/>).</summary>
    internal static int CompareParsed(ReadOnlySpan<char> v, SemVerParts pv, ReadOnlySpan<char> w, SemVerParts pw)
    {
        var c = CompareNumbers(pv.MajorDigits(v), pw.MajorDigits(w));
        if (c != 0)
        {
            return c;
        }

        c = CompareNumbers(pv.MinorDigits(v), pw.MinorDigits(w));
        if (c != 0)
        {
            return c;
        }

        c = CompareNumbers(pv.PatchDigits(v), pw.PatchDigits(w));
        if (c != 0)
        {
            return c;
        }

        return ComparePrereleases(pv.Prerelease(v), pw.Prerelease(w));
    }

    /// <summary>
    /// Returns the greater of two versions, both in canonical form. When they compare equal the canonical
    /// form of <paramref name="w"/> is returned.
    /// </summary>
    /// <param name="v">The first version.</param>
    /// <param name="w">The second version.</param>
    /// <returns>The canonical form of the greater version; the empty string when both are invalid.</returns>
    public static string Max(string? v, string? w)
    {
        var cv = Canonical(v);
        var cw = Canonical(w);
        return Compare(cv, cw) > 0 ? cv : cw;
    }

    /// <summary>
    /// Sorts versions in increasing order of <see cref="Compare(string, string)"/>, breaking ties by
    /// ordinal string order so that the result is fully determined (Go's <c>semver.Sort</c>).
    /// </summary>
    /// <param name="list">The versions to sort in place.</param>
    /// <exception cref="ArgumentNullException"><paramref name="list"/> is <see langword="null"/>.</exception>
    public static void Sort(List<string> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        list.Sort(SemVerComparer.TotalOrder);
    }

    /// <summary>
    /// Sorts versions in increasing order of <see cref="Compare(string, string)"/>, breaking ties by
    /// ordinal string order so that the result is fully determined (Go's <c>semver.Sort</c>).
    /// </summary>
    /// <param name="versions">The versions to sort in place.</param>
    public static void Sort(Span<string> versions) => versions.Sort(SemVerComparer.TotalOrder);

    private static string CanonicalCore(string v, SemVerParts p)
    {
        if (p.HasBuild)
        {
            return v[..p.PrereleaseEnd];
        }

        if (p.IsShorthand)
        {
            return string.Concat(v, p.HasMinor ? ".0" : ".0.0");
        }

        return v;
    }

    /// <summary>Compares two decimal digit strings without leading zeros: longer is larger, then ordinal.</summary>
    private static int CompareNumbers(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.Length != y.Length)
        {
            return x.Length < y.Length ? -1 : 1;
        }

        return Math.Sign(x.SequenceCompareTo(y));
    }

    /// <summary>Compares prereleases (each empty or starting with <c>-</c>) by semantic-version precedence.</summary>
    private static int ComparePrereleases(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        if (x.SequenceEqual(y))
        {
            return 0;
        }

        // A release is above any of its prereleases.
        if (x.IsEmpty)
        {
            return 1;
        }

        if (y.IsEmpty)
        {
            return -1;
        }

        while (!x.IsEmpty && !y.IsEmpty)
        {
            // Skip the separator ('-' first, then '.').
            x = x[1..];
            y = y[1..];
            var dx = NextIdentifier(ref x);
            var dy = NextIdentifier(ref y);
            if (dx.SequenceEqual(dy))
            {
                continue;
            }

            var nx = SemVerParts.IsNumeric(dx);
            var ny = SemVerParts.IsNumeric(dy);
            if (nx != ny)
            {
                return nx ? -1 : 1;
            }

            if (nx && dx.Length != dy.Length)
            {
                return dx.Length < dy.Length ? -1 : 1;
            }

            return dx.SequenceCompareTo(dy) < 0 ? -1 : 1;
        }

        return x.IsEmpty ? -1 : 1;
    }

    private static ReadOnlySpan<char> NextIdentifier(ref ReadOnlySpan<char> rest)
    {
        var i = rest.IndexOf('.');
        if (i < 0)
        {
            i = rest.Length;
        }

        var ident = rest[..i];
        rest = rest[i..];
        return ident;
    }
}
