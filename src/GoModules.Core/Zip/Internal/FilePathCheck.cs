using System;
using System.Text.Unicode;
using System.Text;

namespace GoModules.Zip.Internal;

/// <summary>
/// Stand-in for <c>ModulePath.CheckFilePath</c> until the paths work is merged: the §1 checks for the
/// file path kind over UTF-8 bytes, allocating nothing for valid input.
/// </summary>
internal static class FilePathCheck
{
    private static ReadOnlySpan<byte> AllowedPunctuation => "!#$%&()+,-.=@[]^_{}~ "u8;

    /// <summary>Checks a file path.</summary>
    /// <param name="p">The path as bytes.</param>
    /// <param name="kind">The conformance kind name of the failure.</param>
    /// <returns>The reason text, or null when the path is valid.</returns>
    internal static string? Check(ReadOnlySpan<byte> p, out string? kind)
    {
        if (Utf8.IsValid(p) is false)
        {
            kind = "invalid_utf8";
            return "invalid UTF-8";
        }

        if (p.IsEmpty)
        {
            kind = "empty_string";
            return "empty string";
        }

        if (p.IndexOf("//"u8) >= 0)
        {
            kind = "double_slash";
            return "double slash";
        }

        if (p[^1] == '/')
        {
            kind = "trailing_slash";
            return "trailing slash";
        }

        while (true)
        {
            var slash = p.IndexOf((byte)'/');
            var elem = slash < 0 ? p : p[..slash];
            var reason = CheckElement(elem, out kind);
            if (reason is not null)
            {
                return reason;
            }

            if (slash < 0)
            {
                return null;
            }

            p = p[(slash + 1)..];
        }
    }

    private static string? CheckElement(ReadOnlySpan<byte> elem, out string? kind)
    {
        if (elem.IsEmpty)
        {
            kind = "empty_element";
            return "empty path element";
        }

        if (elem.IndexOfAnyExcept((byte)'.') < 0)
        {
            kind = "dots_only_element";
            return "invalid path element " + GoQuote.Quote(elem);
        }

        if (elem[^1] == '.')
        {
            kind = "trailing_dot";
            return "trailing dot in path element";
        }

        var i = 0;
        while (i < elem.Length)
        {
            Rune.DecodeFromUtf8(elem[i..], out var r, out var n);
            if (!FileNameOk(r))
            {
                kind = "invalid_char";
                return "invalid char " + GoQuote.QuoteRune(r);
            }

            i += n;
        }

        var dot = elem.IndexOf((byte)'.');
        var shortName = dot < 0 ? elem : elem[..dot];
        if (IsWindowsReserved(shortName))
        {
            kind = "windows_reserved_name";
            return GoQuote.Quote(shortName) + " disallowed as path element component on Windows";
        }

        kind = null;
        return null;
    }

    private static bool FileNameOk(Rune r)
    {
        var v = r.Value;
        if (v < 0x80)
        {
            return (uint)(v - '0') <= 9 || (uint)((v | 0x20) - 'a') <= 'z' - 'a' || AllowedPunctuation.IndexOf((byte)v) >= 0;
        }

        return Rune.IsLetter(r);
    }

    private static bool IsWindowsReserved(ReadOnlySpan<byte> s)
    {
        if (s.Length == 3)
        {
            return Ascii.EqualsIgnoreCase(s, "CON"u8) || Ascii.EqualsIgnoreCase(s, "PRN"u8)
                || Ascii.EqualsIgnoreCase(s, "AUX"u8) || Ascii.EqualsIgnoreCase(s, "NUL"u8);
        }

        if (s.Length == 4 && (uint)(s[3] - '1') <= 8)
        {
            return Ascii.EqualsIgnoreCase(s[..3], "COM"u8) || Ascii.EqualsIgnoreCase(s[..3], "LPT"u8);
        }

        return false;
    }
}
