using System;

namespace GoModules.Caching.Internal;

/// <summary>Compares Go language versions from <c>go</c> lines (<c>1.16</c>, <c>1.21.0</c>, <c>1.22rc1</c>).</summary>
internal static class GoLanguageVersion
{
    /// <summary>Whether <paramref name="version"/> is at least <c>major.minor</c>; a missing or unreadable version is not.</summary>
    public static bool AtLeast(string? version, int major, int minor)
    {
        if (version is null || !TryParse(version, out var vMajor, out var vMinor))
        {
            return false;
        }

        return vMajor != major ? vMajor > major : vMinor >= minor;
    }

    private static bool TryParse(string version, out int major, out int minor)
    {
        major = minor = 0;
        var dot = version.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !int.TryParse(version.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out major))
        {
            return false;
        }

        var end = dot + 1;
        while (end < version.Length && char.IsAsciiDigit(version[end]))
        {
            end++;
        }

        return end > dot + 1 && int.TryParse(version.AsSpan(dot + 1, end - dot - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out minor);
    }
}
