using System;

namespace GoModules.Kernel;

/// <summary>
/// The pieces of a syntactically valid Go semantic version, as offsets into the text that was
/// parsed. Parsing does not allocate; the pieces are sliced out of the original span on demand.
/// </summary>
/// <remarks>
/// For <c>vMAJOR.MINOR.PATCH-PRE+BUILD</c> the layout is:
/// <c>v</c>, major <c>[1, MajorEnd)</c>, <c>.</c>, minor <c>[MajorEnd + 1, MinorEnd)</c>, <c>.</c>,
/// patch <c>[MinorEnd + 1, PatchEnd)</c>, prerelease (with its <c>-</c>) <c>[PatchEnd, PrereleaseEnd)</c>,
/// build (with its <c>+</c>) <c>[PrereleaseEnd, Length)</c>. In the shorthand <c>vMAJOR</c> the minor
/// is missing (<c>MinorEnd == MajorEnd</c>); in <c>vMAJOR</c> and <c>vMAJOR.MINOR</c> the patch is
/// missing (<c>PatchEnd == MinorEnd</c>). Missing numbers read as <c>0</c>.
/// </remarks>
internal readonly struct SemVerParts
{
    private SemVerParts(int majorEnd, int minorEnd, int patchEnd, int prereleaseEnd, int length)
    {
        MajorEnd = majorEnd;
        MinorEnd = minorEnd;
        PatchEnd = patchEnd;
        PrereleaseEnd = prereleaseEnd;
        Length = length;
    }

    /// <summary>End (exclusive) of the major number; <c>[0, MajorEnd)</c> is <c>vMAJOR</c>.</summary>
    public int MajorEnd { get; }

    /// <summary>End of the minor number; equal to <see cref="MajorEnd"/> when it is missing.</summary>
    public int MinorEnd { get; }

    /// <summary>End of the patch number; equal to <see cref="MinorEnd"/> when it is missing.</summary>
    public int PatchEnd { get; }

    /// <summary>End of the prerelease; equal to <see cref="PatchEnd"/> when there is none.</summary>
    public int PrereleaseEnd { get; }

    /// <summary>Length of the whole version text.</summary>
    public int Length { get; }

    /// <summary>True for <c>vMAJOR</c> and <c>vMAJOR.MINOR</c>.</summary>
    public bool IsShorthand => PatchEnd == MinorEnd;

    /// <summary>True when there is a minor number in the text.</summary>
    public bool HasMinor => MinorEnd != MajorEnd;

    /// <summary>True when the text has build metadata.</summary>
    public bool HasBuild => PrereleaseEnd != Length;

    /// <summary>True when the text has a prerelease.</summary>
    public bool HasPrerelease => PrereleaseEnd != PatchEnd;

    /// <summary>The major number digits.</summary>
    public ReadOnlySpan<char> MajorDigits(ReadOnlySpan<char> v) => v[1..MajorEnd];

    /// <summary>The minor number digits (<c>0</c> when missing).</summary>
    public ReadOnlySpan<char> MinorDigits(ReadOnlySpan<char> v) => HasMinor ? v[(MajorEnd + 1)..MinorEnd] : "0";

    /// <summary>The patch number digits (<c>0</c> when missing).</summary>
    public ReadOnlySpan<char> PatchDigits(ReadOnlySpan<char> v) => IsShorthand ? "0" : v[(MinorEnd + 1)..PatchEnd];

    /// <summary>The prerelease with its leading <c>-</c>, or empty.</summary>
    public ReadOnlySpan<char> Prerelease(ReadOnlySpan<char> v) => v[PatchEnd..PrereleaseEnd];

    /// <summary>The build metadata with its leading <c>+</c>, or empty.</summary>
    public ReadOnlySpan<char> Build(ReadOnlySpan<char> v) => v[PrereleaseEnd..Length];

    /// <summary>Parses <paramref name="v"/> with the rules of Go's semver package.</summary>
    /// <param name="v">The text to parse.</param>
    /// <param name="parts">The pieces when the text is valid; <c>default</c> otherwise.</param>
    /// <returns>True when <paramref name="v"/> is a valid Go semantic version.</returns>
    public static bool TryParse(ReadOnlySpan<char> v, out SemVerParts parts)
    {
        parts = default;
        if (v.Length < 2 || v[0] != 'v')
        {
            return false;
        }

        var majorEnd = ScanNumber(v, 1);
        if (majorEnd < 0)
        {
            return false;
        }

        if (majorEnd == v.Length)
        {
            parts = new SemVerParts(majorEnd, majorEnd, majorEnd, majorEnd, majorEnd);
            return true;
        }

        if (v[majorEnd] != '.')
        {
            return false;
        }

        var minorEnd = ScanNumber(v, majorEnd + 1);
        if (minorEnd < 0)
        {
            return false;
        }

        if (minorEnd == v.Length)
        {
            parts = new SemVerParts(majorEnd, minorEnd, minorEnd, minorEnd, minorEnd);
            return true;
        }

        if (v[minorEnd] != '.')
        {
            return false;
        }

        var patchEnd = ScanNumber(v, minorEnd + 1);
        if (patchEnd < 0)
        {
            return false;
        }

        var i = patchEnd;
        if (i < v.Length && v[i] == '-')
        {
            i = ScanIdentifiers(v, i + 1, stopAtPlus: true, checkNumbers: true);
            if (i < 0)
            {
                return false;
            }
        }

        var prereleaseEnd = i;
        if (i < v.Length && v[i] == '+')
        {
            i = ScanIdentifiers(v, i + 1, stopAtPlus: false, checkNumbers: false);
            if (i < 0)
            {
                return false;
            }
        }

        if (i != v.Length)
        {
            return false;
        }

        parts = new SemVerParts(majorEnd, minorEnd, patchEnd, prereleaseEnd, v.Length);
        return true;
    }

    /// <summary>Scans a decimal number without a redundant leading zero; returns its end or -1.</summary>
    private static int ScanNumber(ReadOnlySpan<char> v, int start)
    {
        var i = start;
        while (i < v.Length && char.IsAsciiDigit(v[i]))
        {
            i++;
        }

        if (i == start || (v[start] == '0' && i - start > 1))
        {
            return -1;
        }

        return i;
    }

    /// <summary>
    /// Scans dot-separated non-empty identifiers of <c>[0-9A-Za-z-]</c>, up to the end of the text or
    /// (for prereleases) a <c>+</c>. Returns the end, or -1 when the identifiers are malformed.
    /// </summary>
    private static int ScanIdentifiers(ReadOnlySpan<char> v, int start, bool stopAtPlus, bool checkNumbers)
    {
        var i = start;
        var identStart = start;
        while (i < v.Length)
        {
            var c = v[i];
            if (c == '+' && stopAtPlus)
            {
                break;
            }

            if (c == '.')
            {
                if (identStart == i || (checkNumbers && HasLeadingZero(v[identStart..i])))
                {
                    return -1;
                }

                identStart = i + 1;
            }
            else if (!IsIdentifierChar(c))
            {
                return -1;
            }

            i++;
        }

        if (identStart == i || (checkNumbers && HasLeadingZero(v[identStart..i])))
        {
            return -1;
        }

        return i;
    }

    /// <summary>True for <c>[0-9A-Za-z-]</c>.</summary>
    public static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>True for an all-digit identifier of two or more digits that starts with 0.</summary>
    private static bool HasLeadingZero(ReadOnlySpan<char> ident)
        => ident.Length > 1 && ident[0] == '0' && IsNumeric(ident);

    /// <summary>True when every character is an ASCII digit (also for the empty span).</summary>
    public static bool IsNumeric(ReadOnlySpan<char> ident)
    {
        foreach (var c in ident)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
