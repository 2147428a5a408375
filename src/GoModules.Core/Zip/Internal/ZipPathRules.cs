using System;
using GoModules.Kernel;

namespace GoModules.Zip.Internal;

/// <summary>
/// Name rules for files in a module zip, over UTF-8 bytes: cleanliness (Go's <c>path.Clean</c>),
/// the vendored-package rule in its v0.7.0 and Go 1.24 forms, and the single call site through
/// which every file path is checked with the §1 file path rules.
/// </summary>
internal static class ZipPathRules
{
    /// <summary>True when <c>path.Clean(p) == p</c> in Go.</summary>
    /// <param name="p">A slash-separated path.</param>
    /// <returns>Whether the path is already in clean form.</returns>
    internal static bool IsClean(ReadOnlySpan<byte> p)
    {
        if (p.IsEmpty)
        {
            return false; // Clean("") is "."
        }

        if (p.Length == 1)
        {
            return true; // "/", ".", or a one-byte name
        }

        var rooted = p[0] == '/';
        if (p[^1] == '/')
        {
            return false;
        }

        var i = rooted ? 1 : 0;
        var leadingDotDots = !rooted;
        while (i <= p.Length)
        {
            var end = p[i..].IndexOf((byte)'/');
            var elem = end < 0 ? p[i..] : p.Slice(i, end);
            if (elem.IsEmpty)
            {
                return false;
            }

            if (elem.Length == 1 && elem[0] == '.')
            {
                return false;
            }

            if (elem.Length == 2 && elem[0] == '.' && elem[1] == '.')
            {
                if (!leadingDotDots)
                {
                    return false;
                }
            }
            else
            {
                leadingDotDots = false;
            }

            if (end < 0)
            {
                break;
            }

            i += end + 1;
        }

        return true;
    }

    /// <summary>Whether a file belongs to a vendored package and is left out of the zip.</summary>
    /// <param name="p">The slash-separated path relative to the module root.</param>
    /// <param name="go124Rule">
    /// Apply the rule of x/mod v0.22.0 and later (used when the root go.mod says <c>go 1.24</c> or
    /// later): <c>vendor/modules.txt</c> is vendored too, and a nested <c>/vendor/</c> is vendored
    /// only when a further <c>/</c> follows it. Otherwise the v0.7.0 rule, whose offset bug makes any
    /// path containing <c>/vendor/</c> (past its first 8 bytes) vendored.
    /// </param>
    /// <returns>True when the file is omitted as vendored.</returns>
    internal static bool IsVendored(ReadOnlySpan<byte> p, bool go124Rule)
    {
        ReadOnlySpan<byte> vendorSlash = "vendor/"u8;
        ReadOnlySpan<byte> slashVendorSlash = "/vendor/"u8;
        int i;
        if (p.StartsWith(vendorSlash))
        {
            i = vendorSlash.Length;
            if (go124Rule && p.SequenceEqual("vendor/modules.txt"u8))
            {
                return true;
            }
        }
        else
        {
            var j = p.IndexOf(slashVendorSlash);
            if (j < 0)
            {
                return false;
            }

            // v0.7.0 measures from offset 8 of the whole path (a preserved bug, golang/go#31562).
            i = go124Rule ? j + slashVendorSlash.Length : slashVendorSlash.Length;
        }

        return i <= p.Length && p[i..].IndexOf((byte)'/') >= 0;
    }

    /// <summary>
    /// Reads the <c>go</c> directive of a go.mod file and reports whether it names Go 1.24 or later
    /// (the switch for the newer vendoring rule).
    /// </summary>
    /// <param name="goMod">The bytes of the root go.mod.</param>
    /// <returns>True for <c>go 1.24</c> and later.</returns>
    internal static bool GoVersionAtLeast124(ReadOnlySpan<byte> goMod)
    {
        while (!goMod.IsEmpty)
        {
            var nl = goMod.IndexOf((byte)'\n');
            var line = nl < 0 ? goMod : goMod[..nl];
            goMod = nl < 0 ? default : goMod[(nl + 1)..];
            var comment = line.IndexOf("//"u8);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim(" \t\r"u8);
            if (!line.StartsWith("go"u8) || line.Length < 3 || (line[2] != ' ' && line[2] != '\t'))
            {
                continue;
            }

            var v = line[2..].Trim(" \t"u8);
            if (v.Length >= 2 && v[0] == '"' && v[^1] == '"')
            {
                v = v[1..^1];
            }

            return CompareGoVersion(v, 1, 24) >= 0;
        }

        return false;
    }

    private static int CompareGoVersion(ReadOnlySpan<byte> v, int major, int minor)
    {
        var dot = v.IndexOf((byte)'.');
        if (!TryNumber(dot < 0 ? v : v[..dot], out var ma))
        {
            return -1;
        }

        if (ma != major)
        {
            return ma.CompareTo(major);
        }

        if (dot < 0)
        {
            return minor == 0 ? 0 : -1;
        }

        var rest = v[(dot + 1)..];
        var end = 0;
        while (end < rest.Length && (uint)(rest[end] - '0') <= 9)
        {
            end++;
        }

        return TryNumber(rest[..end], out var mi) ? mi.CompareTo(minor) : -1;
    }

    private static bool TryNumber(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 6)
        {
            return false;
        }

        foreach (var c in s)
        {
            if ((uint)(c - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// The one call site for the §1 file path check: <see cref="ModulePath.TryCheckFilePath(ReadOnlySpan{byte}, out PathErrorKind)"/>,
    /// allocation-free for valid names; the message is built only on failure.
    /// </summary>
    /// <param name="utf8">The path bytes.</param>
    /// <param name="message">Go's wording of the failure.</param>
    /// <returns>The failed rule, or <see cref="PathErrorKind.None"/>.</returns>
    internal static PathErrorKind CheckFilePath(ReadOnlySpan<byte> utf8, out string? message)
    {
        if (ModulePath.TryCheckFilePath(utf8, out var reason))
        {
            message = null;
            return PathErrorKind.None;
        }

        try
        {
            ModulePath.CheckFilePath(utf8);
            message = SR.ZipMalformedFilePath;
        }
        catch (InvalidModulePathException ex)
        {
            message = ex.Message;
        }

        return reason;
    }
}
