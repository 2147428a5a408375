using System;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Fetching.Internal;

/// <summary>
/// The parts of a URL as Go's <c>net/url.Parse</c> (Go 1.19) splits them, with the same rules for
/// what is rejected. Used to decide, exactly as the go command does, whether a GOPROXY entry is
/// acceptable and whether a <c>file:</c> URL has anything besides a path.
/// </summary>
/// <remarks>
/// Only the parts needed to validate a proxy URL are kept. <see cref="Path"/> is percent-decoded,
/// <see cref="RawPath"/> is the path as written.
/// </remarks>
internal readonly record struct GoUrl(
    string Scheme,
    string Opaque,
    bool HasUser,
    bool HasPassword,
    string Host,
    string Path,
    string RawPath,
    string RawQuery,
    bool ForceQuery,
    string Fragment,
    bool OmitHost)
{
    /// <summary>
    /// True when the URL has nothing besides a scheme and a path, the only form the go command accepts
    /// for <c>file:</c> proxies (<c>file:///dir</c>; not <c>file:/dir</c>, which omits the authority).
    /// </summary>
    public bool IsPathOnly
        => Opaque.Length == 0 && !HasUser && Host.Length == 0 && RawQuery.Length == 0 && !ForceQuery
            && Fragment.Length == 0 && !OmitHost;

    /// <summary>Parses <paramref name="raw"/> as Go's <c>url.Parse</c> does.</summary>
    /// <param name="raw">The URL text.</param>
    /// <param name="url">The parts, when parsing succeeds.</param>
    /// <param name="error">Go's error text (without the <c>parse "…":</c> prefix) when it fails.</param>
    /// <param name="subject">The text Go names in the error: the URL without its fragment, or the whole URL
    /// when the fragment is at fault.</param>
    public static bool TryParse(string raw, out GoUrl url, out string? error, out string subject)
    {
        url = default;
        var hash = raw.IndexOf('#', StringComparison.Ordinal);
        var beforeFragment = hash >= 0 ? raw[..hash] : raw;
        var fragment = hash >= 0 ? raw[(hash + 1)..] : string.Empty;

        subject = beforeFragment;
        if (!TryParseWithoutFragment(beforeFragment, out url, out error))
        {
            return false;
        }

        subject = raw;

        if (fragment.Length > 0)
        {
            if (!TryUnescape(fragment, Mode.Fragment, out var decoded, out error))
            {
                return false;
            }

            url = url with { Fragment = decoded };
        }

        return true;
    }

    /// <summary>
    /// Replaces the password of a URL's user information with <c>xxxxx</c>, as Go's
    /// <c>URL.Redacted</c> does, working on the text so that it also applies to unparsable URLs.
    /// </summary>
    public static string Redact(string raw)
    {
        var start = raw.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
        {
            return raw;
        }

        start += 2;
        var end = raw.IndexOfAny(['/', '?', '#'], start);
        if (end < 0)
        {
            end = raw.Length;
        }

        var at = raw.LastIndexOf('@', end - 1, end - start);
        if (at < 0)
        {
            return raw;
        }

        // Only text that can be user information is treated as such.
        foreach (var c in raw.AsSpan(start, at - start))
        {
            if (!IsUserInfoChar(c))
            {
                return raw;
            }
        }

        var colon = raw.IndexOf(':', start, at - start);
        if (colon < 0)
        {
            return raw;
        }

        return string.Concat(raw.AsSpan(0, colon + 1), "xxxxx", raw.AsSpan(at));
    }

    private enum Mode
    {
        Path,
        Host,
        Zone,
        UserPassword,
        Fragment,
    }

    private static bool TryParseWithoutFragment(string raw, out GoUrl url, out string? error)
    {
        url = default;
        foreach (var c in raw)
        {
            if (c < ' ' || c == '\x7f')
            {
                error = SR.UrlControlCharacter;
                return false;
            }
        }

        if (raw == "*")
        {
            url = new GoUrl(string.Empty, string.Empty, false, false, string.Empty, "*", string.Empty, string.Empty, false, string.Empty, false);
            error = null;
            return true;
        }

        if (!TrySplitScheme(raw, out var scheme, out var rest, out error))
        {
            return false;
        }

        scheme = scheme.ToLowerInvariant();

        var forceQuery = false;
        var rawQuery = string.Empty;
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0 && question == rest.Length - 1)
        {
            forceQuery = true;
            rest = rest[..^1];
        }
        else if (question >= 0)
        {
            rawQuery = rest[(question + 1)..];
            rest = rest[..question];
        }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0)
            {
                // A rootless path after a scheme is opaque and not looked at further.
                url = new GoUrl(scheme, rest, false, false, string.Empty, string.Empty, string.Empty, rawQuery, forceQuery, string.Empty, false);
                error = null;
                return true;
            }

            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var firstSegment = slash >= 0 ? rest.AsSpan(0, slash) : rest.AsSpan();
            if (firstSegment.Contains(':'))
            {
                error = SR.UrlColonInFirstSegment;
                return false;
            }
        }

        var hasUser = false;
        var hasPassword = false;
        var host = string.Empty;
        var omitHost = false;
        if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            rest = string.Empty;
            var slash = authority.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                rest = authority[slash..];
                authority = authority[..slash];
            }

            if (!TryParseAuthority(authority, out hasUser, out hasPassword, out host, out error))
            {
                return false;
            }
        }
        else if (scheme.Length > 0 && rest.StartsWith('/'))
        {
            omitHost = true;
        }

        if (!TryUnescape(rest, Mode.Path, out var path, out error))
        {
            return false;
        }

        url = new GoUrl(scheme, string.Empty, hasUser, hasPassword, host, path, rest, rawQuery, forceQuery, string.Empty, omitHost);
        return true;
    }

    /// <summary>Splits off a leading <c>scheme:</c> where the scheme is <c>[a-zA-Z][a-zA-Z0-9+.-]*</c>.</summary>
    private static bool TrySplitScheme(string raw, out string scheme, out string rest, out string? error)
    {
        error = null;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c))
            {
                continue;
            }

            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0)
                {
                    break;
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    scheme = rest = string.Empty;
                    error = SR.UrlMissingProtocolScheme;
                    return false;
                }

                scheme = raw[..i];
                rest = raw[(i + 1)..];
                return true;
            }

            break;
        }

        scheme = string.Empty;
        rest = raw;
        return true;
    }

    private static bool TryParseAuthority(string authority, out bool hasUser, out bool hasPassword, out string host, out string? error)
    {
        hasUser = hasPassword = false;
        var at = authority.LastIndexOf('@');
        if (!TryParseHost(at < 0 ? authority : authority[(at + 1)..], out host, out error))
        {
            return false;
        }

        if (at < 0)
        {
            return true;
        }

        var userInfo = authority[..at];
        foreach (var c in userInfo)
        {
            if (!IsUserInfoChar(c))
            {
                host = string.Empty;
                error = SR.UrlInvalidUserinfo;
                return false;
            }
        }

        hasUser = true;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return TryUnescape(userInfo, Mode.UserPassword, out _, out error);
        }

        hasPassword = true;
        return TryUnescape(userInfo[..colon], Mode.UserPassword, out _, out error)
            && TryUnescape(userInfo[(colon + 1)..], Mode.UserPassword, out _, out error);
    }

    private static bool TryParseHost(string host, out string decoded, out string? error)
    {
        decoded = string.Empty;
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0)
            {
                error = SR.UrlMissingBracket;
                return false;
            }

            var colonPort = host[(close + 1)..];
            if (!IsValidOptionalPort(colonPort))
            {
                error = SR.FormatText(SR.UrlInvalidPort, GoQuote.Quote(colonPort));
                return false;
            }

            // RFC 6874: "%25" starts a zone identifier, which may use more escapes than a host.
            var zone = host.IndexOf("%25", 0, close, StringComparison.Ordinal);
            if (zone >= 0)
            {
                if (!TryUnescape(host[..zone], Mode.Host, out var h1, out error)
                    || !TryUnescape(host[zone..close], Mode.Zone, out var h2, out error)
                    || !TryUnescape(host[close..], Mode.Host, out var h3, out error))
                {
                    return false;
                }

                decoded = h1 + h2 + h3;
                return true;
            }
        }
        else
        {
            var colon = host.LastIndexOf(':');
            if (colon >= 0 && !IsValidOptionalPort(host[colon..]))
            {
                error = SR.FormatText(SR.UrlInvalidPort, GoQuote.Quote(host.AsSpan(colon)));
                return false;
            }
        }

        return TryUnescape(host, Mode.Host, out decoded, out error);
    }

    /// <summary>Go's <c>validUserinfo</c> characters: RFC 3986 unreserved, sub-delims, ':', '%' and '@'.</summary>
    private static bool IsUserInfoChar(char c)
        => char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal);

    /// <summary>Empty, or ':' followed by ASCII digits only.</summary>
    private static bool IsValidOptionalPort(string port)
    {
        if (port.Length == 0)
        {
            return true;
        }

        if (port[0] != ':')
        {
            return false;
        }

        foreach (var c in port.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Go's <c>unescape</c>: checks every <c>%</c> escape and, for hosts and zones, the characters
    /// allowed unescaped; returns the decoded text (escapes decode to bytes, then UTF-8).
    /// </summary>
    private static bool TryUnescape(string s, Mode mode, out string decoded, out string? error)
    {
        decoded = s;
        error = null;
        var escapes = 0;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '%')
            {
                escapes++;
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    error = SR.FormatText(SR.UrlInvalidEscape, GoQuote.Quote(s.AsSpan(i, Math.Min(3, s.Length - i))));
                    return false;
                }

                var escape = s.AsSpan(i, 3);
                if (mode == Mode.Host && HexValue(s[i + 1]) < 8 && !escape.SequenceEqual("%25"))
                {
                    // In a host, escapes may only stand for non-ASCII bytes (or "%25").
                    error = SR.FormatText(SR.UrlInvalidEscape, GoQuote.Quote(escape));
                    return false;
                }

                if (mode == Mode.Zone)
                {
                    var value = (HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]);
                    if (!escape.SequenceEqual("%25") && value != ' ' && ShouldEscapeInHost(value))
                    {
                        error = SR.FormatText(SR.UrlInvalidEscape, GoQuote.Quote(escape));
                        return false;
                    }
                }

                i += 3;
                continue;
            }

            if (mode is Mode.Host or Mode.Zone && c < 0x80 && ShouldEscapeInHost(c))
            {
                error = SR.FormatText(SR.UrlInvalidHostCharacter, GoQuote.Quote([c]));
                return false;
            }

            i++;
        }

        if (escapes > 0)
        {
            decoded = Decode(s);
        }

        return true;
    }

    private static string Decode(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(s.Length)];
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                bytes[n++] = (byte)((HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]));
                i += 2;
            }
            else
            {
                var end = i + 1;
                while (end < s.Length && s[end] != '%')
                {
                    end++;
                }

                n += Encoding.UTF8.GetBytes(s.AsSpan(i, end - i), bytes.AsSpan(n));
                i = end - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes, 0, n);
    }

    private static int HexValue(char c)
        => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Go's <c>shouldEscape(c, encodeHost)</c> for an ASCII character.</summary>
    private static bool ShouldEscapeInHost(int c)
    {
        if (c < 0x80 && char.IsAsciiLetterOrDigit((char)c))
        {
            return false;
        }

        return c switch
        {
            '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '[' or ']' or '<' or '>' or '"' => false,
            '-' or '_' or '.' or '~' => false,
            _ => true,
        };
    }
}
