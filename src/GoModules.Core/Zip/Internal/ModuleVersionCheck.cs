using System;

namespace GoModules.Zip.Internal;

/// <summary>
/// Stand-in for <c>ModuleVersion.Check()</c> and <c>SemVer.Canonical</c> until the paths and
/// semver work is merged: module.Check (path, semantic version, major-version suffix) and
/// module.CanonicalVersion, reduced to what the zip functions need.
/// </summary>
internal static class ModuleVersionCheck
{
    /// <summary>Go's <c>module.CanonicalVersion</c>: canonical semver, keeping <c>+incompatible</c>.</summary>
    /// <param name="v">The version.</param>
    /// <returns>The canonical form, or "" when <paramref name="v"/> is not a semantic version.</returns>
    internal static string CanonicalVersion(string v)
    {
        if (!TryParse(v, out var p))
        {
            return "";
        }

        var c = string.Concat("v", p.Major, ".", p.Minor.Length == 0 ? "0" : p.Minor, ".", p.Patch.Length == 0 ? "0" : p.Patch) + p.Prerelease;
        return p.Build == "+incompatible" ? c + p.Build : c;
    }

    /// <summary>Go's <c>module.Check</c>.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version.</param>
    /// <param name="message">Go's wording of the failure.</param>
    /// <param name="pathKind">For a bad path, the conformance kind name of the path failure.</param>
    /// <returns>The failure kind, or null when the pair is valid.</returns>
    internal static ModuleZipErrorKind? Check(string path, string version, out string? message, out string? pathKind)
    {
        var reason = CheckPath(path, out pathKind);
        if (reason is not null)
        {
            message = "malformed module path " + GoQuote.Quote(path) + ": " + reason;
            return ModuleZipErrorKind.InvalidModulePath;
        }

        if (!TryParse(version, out var parsed))
        {
            message = path + "@" + version + ": invalid version: not a semantic version";
            return ModuleZipErrorKind.InvalidVersion;
        }

        SplitPathVersion(path, out _, out var pathMajor, out _);
        if (!MatchPathMajor(version, parsed, pathMajor))
        {
            var want = pathMajor.Length == 0 ? "v0 or v1" : "v" + pathMajor.AsSpan(2).TrimEnd("-unstable").ToString();
            message = path + "@" + version + ": invalid version: should be " + want + ", not v" + parsed.Major;
            return ModuleZipErrorKind.MajorVersionMismatch;
        }

        message = null;
        return null;
    }

    private static bool MatchPathMajor(string v, in Parsed parsed, string pathMajor)
    {
        if (pathMajor.StartsWith(".v", StringComparison.Ordinal) && pathMajor.EndsWith("-unstable", StringComparison.Ordinal))
        {
            pathMajor = pathMajor[..^"-unstable".Length];
        }

        if (v.StartsWith("v0.0.0-", StringComparison.Ordinal) && pathMajor == ".v1")
        {
            return true;
        }

        var m = "v" + parsed.Major;
        if (pathMajor.Length == 0)
        {
            return m is "v0" or "v1" || parsed.Build == "+incompatible";
        }

        return (pathMajor[0] == '/' || pathMajor[0] == '.') && string.Equals(m, pathMajor[1..], StringComparison.Ordinal);
    }

    private static string? CheckPath(string path, out string? kind)
    {
        kind = null;
        foreach (var c in path)
        {
            if (char.IsSurrogate(c))
            {
                kind = "invalid_char";
                return "invalid char";
            }
        }

        if (path.Length == 0)
        {
            kind = "empty_string";
            return "empty string";
        }

        if (path[0] == '-')
        {
            kind = "leading_dash";
            return "leading dash";
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            kind = "double_slash";
            return "double slash";
        }

        if (path[^1] == '/')
        {
            kind = "trailing_slash";
            return "trailing slash";
        }

        foreach (var range in path.AsSpan().Split('/'))
        {
            var elem = path.AsSpan()[range];
            var reason = CheckModuleElement(elem, out kind);
            if (reason is not null)
            {
                return reason;
            }
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? path : path[..slash];
        if (!first.Contains('.', StringComparison.Ordinal))
        {
            kind = "missing_dot_first_element";
            return "missing dot in first path element";
        }

        foreach (var c in first)
        {
            if (!(c is '-' or '.' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            {
                kind = "invalid_char_first_element";
                return "invalid char '" + c + "' in first path element";
            }
        }

        SplitPathVersion(path, out _, out _, out var ok);
        if (!ok)
        {
            kind = "bad_major_suffix";
            return "invalid version";
        }

        return null;
    }

    private static string? CheckModuleElement(ReadOnlySpan<char> elem, out string? kind)
    {
        if (elem.IsEmpty)
        {
            kind = "empty_element";
            return "empty path element";
        }

        if (elem.IndexOfAnyExcept('.') < 0)
        {
            kind = "dots_only_element";
            return "invalid path element \"" + elem.ToString() + "\"";
        }

        if (elem[0] == '.')
        {
            kind = "leading_dot";
            return "leading dot in path element";
        }

        if (elem[^1] == '.')
        {
            kind = "trailing_dot";
            return "trailing dot in path element";
        }

        foreach (var c in elem)
        {
            if (!(c is '-' or '.' or '_' or '~' || char.IsAsciiLetterOrDigit(c)))
            {
                kind = "invalid_char";
                return "invalid char '" + c + "'";
            }
        }

        var dot = elem.IndexOf('.');
        var shortName = dot < 0 ? elem : elem[..dot];
        if (shortName.Length is 3 or 4)
        {
            Span<byte> b = stackalloc byte[4];
            for (var i = 0; i < shortName.Length; i++)
            {
                b[i] = (byte)shortName[i];
            }

            if (FilePathCheck.Check(b[..shortName.Length], out var k) is not null && k == "windows_reserved_name")
            {
                kind = k;
                return "\"" + shortName.ToString() + "\" disallowed as path element component on Windows";
            }
        }

        var tilde = shortName.LastIndexOf('~');
        if (tilde >= 0 && tilde < shortName.Length - 1 && shortName[(tilde + 1)..].IndexOfAnyExceptInRange('0', '9') < 0)
        {
            kind = "windows_short_name";
            return "trailing tilde and digits in path element";
        }

        kind = null;
        return null;
    }

    private static void SplitPathVersion(string path, out string prefix, out string pathMajor, out bool ok)
    {
        if (path.StartsWith("gopkg.in/", StringComparison.Ordinal))
        {
            var j = path.Length;
            if (path.EndsWith("-unstable", StringComparison.Ordinal))
            {
                j -= "-unstable".Length;
            }

            while (j > 0 && char.IsAsciiDigit(path[j - 1]))
            {
                j--;
            }

            if (j <= 1 || path[j - 1] != 'v' || path[j - 2] != '.')
            {
                (prefix, pathMajor, ok) = (path, "", false);
                return;
            }

            var pm = path[(j - 2)..];
            if (pm.Length <= 2 || (pm[2] == '0' && pm != ".v0"))
            {
                (prefix, pathMajor, ok) = (path, "", false);
                return;
            }

            (prefix, pathMajor, ok) = (path[..(j - 2)], pm, true);
            return;
        }

        var i = path.Length;
        var dot = false;
        while (i > 0 && (char.IsAsciiDigit(path[i - 1]) || path[i - 1] == '.'))
        {
            dot |= path[i - 1] == '.';
            i--;
        }

        if (i <= 1 || i == path.Length || path[i - 1] != 'v' || path[i - 2] != '/')
        {
            (prefix, pathMajor, ok) = (path, "", true);
            return;
        }

        var major = path[(i - 2)..];
        if (dot || major.Length <= 2 || major[2] == '0' || major == "/v1")
        {
            (prefix, pathMajor, ok) = (path, "", false);
            return;
        }

        (prefix, pathMajor, ok) = (path[..(i - 2)], major, true);
    }

    private readonly record struct Parsed(string Major, string Minor, string Patch, string Prerelease, string Build);

    private static bool TryParse(string v, out Parsed parsed)
    {
        parsed = default;
        if (v.Length == 0 || v[0] != 'v')
        {
            return false;
        }

        var s = v.AsSpan(1);
        if (!Number(ref s, out var major))
        {
            return false;
        }

        if (s.IsEmpty)
        {
            parsed = new Parsed(major, "", "", "", "");
            return true;
        }

        if (s[0] != '.')
        {
            return false;
        }

        s = s[1..];
        if (!Number(ref s, out var minor))
        {
            return false;
        }

        if (s.IsEmpty)
        {
            parsed = new Parsed(major, minor, "", "", "");
            return true;
        }

        if (s[0] != '.')
        {
            return false;
        }

        s = s[1..];
        if (!Number(ref s, out var patch))
        {
            return false;
        }

        var pre = "";
        if (!s.IsEmpty && s[0] == '-')
        {
            var end = s.IndexOf('+');
            var p = end < 0 ? s : s[..end];
            if (!Identifiers(p[1..], prerelease: true))
            {
                return false;
            }

            pre = p.ToString();
            s = s[p.Length..];
        }

        var build = "";
        if (!s.IsEmpty && s[0] == '+')
        {
            if (!Identifiers(s[1..], prerelease: false))
            {
                return false;
            }

            build = s.ToString();
            s = default;
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        parsed = new Parsed(major, minor, patch, pre, build);
        return true;
    }

    private static bool Number(ref ReadOnlySpan<char> s, out string value)
    {
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        value = s[..i].ToString();
        if (i == 0 || (i > 1 && s[0] == '0'))
        {
            return false;
        }

        s = s[i..];
        return true;
    }

    private static bool Identifiers(ReadOnlySpan<char> s, bool prerelease)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var range in s.Split('.'))
        {
            var id = s[range];
            if (id.IsEmpty)
            {
                return false;
            }

            var numeric = true;
            foreach (var c in id)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }

                numeric &= char.IsAsciiDigit(c);
            }

            if (prerelease && numeric && id.Length > 1 && id[0] == '0')
            {
                return false;
            }
        }

        return true;
    }
}
