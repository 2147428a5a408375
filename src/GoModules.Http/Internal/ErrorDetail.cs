using System;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace GoModules.Http.Internal;

/// <summary>
/// The go command's <c>server response:</c> detail of an error answer (web/api.go): only for a
/// <c>text/plain</c> body in US-ASCII or UTF-8, at most 8 lines and 648 bytes, cut at the first blank
/// line, and dropped when the text is not valid UTF-8 or holds non-printing characters.
/// </summary>
internal static class ErrorDetail
{
    public const int MaxLines = 8;
    public const int MaxBytes = MaxLines * 81;

    public static bool Wanted(MediaTypeHeaderValue? contentType)
    {
        if (contentType is null || !string.Equals(contentType.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var charset = contentType.CharSet?.Trim('"');
        return string.IsNullOrEmpty(charset)
            || string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase)
            || string.Equals(charset, "us-ascii", StringComparison.OrdinalIgnoreCase);
    }

    public static string Format(ReadOnlySpan<byte> body)
    {
        // Only the first MaxLines+1 lines are kept, as Go's errorDetailBuffer does.
        var lines = 0;
        var end = body.Length;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == (byte)'\n' && ++lines > MaxLines)
            {
                end = i + 1;
                break;
            }
        }

        string s;
        try
        {
            s = new UTF8Encoding(false, true).GetString(body[..end]);
        }
        catch (DecoderFallbackException)
        {
            return string.Empty;
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            var cat = char.IsHighSurrogate(c) && i + 1 < s.Length
                ? CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, s[++i]))
                : CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return string.Empty;
            }
        }

        var detail = new StringBuilder();
        var k = 0;
        foreach (var line in s.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                break;
            }

            if (k > 0)
            {
                detail.Append("\n\t");
            }

            if (k >= MaxLines)
            {
                detail.Append("[Truncated: too many lines.]");
                break;
            }

            if (Encoding.UTF8.GetByteCount(detail.ToString()) + Encoding.UTF8.GetByteCount(line) > MaxBytes)
            {
                detail.Append("[Truncated: too long.]");
                break;
            }

            // Whitespace controls (CR, VT, FF, NEL) pass the printable check above: no line reaches a message unescaped.
            detail.Append(ServerText.Sanitize(line, keepLineBreaks: true));
            k++;
        }

        return detail.ToString();
    }

    /// <summary>Go's HTTPError message.</summary>
    public static string Message(string url, string status, string detail)
    {
        if (detail.Length == 0)
        {
            return SR.Format(SR.ReadingFailed, url, status);
        }

        var sep = detail.Contains('\n', StringComparison.Ordinal) ? "\n\t" : " ";
        return SR.Format(SR.ReadingWithServerResponse, url, status, sep, detail);
    }
}
