using System;
using System.Globalization;
using System.Text;

namespace GoModules.Zip.Internal;

/// <summary>Go's <c>%q</c> quoting, for messages that reuse Go's wording.</summary>
internal static class GoQuote
{
    /// <summary>Quotes bytes the way Go's <c>strconv.Quote</c> does for a string.</summary>
    /// <param name="s">The bytes, valid UTF-8 or not.</param>
    /// <returns>The quoted text.</returns>
    internal static string Quote(ReadOnlySpan<byte> s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        var i = 0;
        while (i < s.Length)
        {
            var status = Rune.DecodeFromUtf8(s[i..], out var r, out var n);
            if (status != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{s[i]:x2}");
                i++;
                continue;
            }

            AppendRune(sb, r, '"');
            i += n;
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Quotes a string (UTF-16) the way Go's <c>%q</c> does.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The quoted text.</returns>
    internal static string Quote(string s) => Quote(Encoding.UTF8.GetBytes(s));

    /// <summary>Quotes one rune the way Go's <c>%q</c> does for a rune.</summary>
    /// <param name="r">The rune.</param>
    /// <returns>The quoted rune.</returns>
    internal static string QuoteRune(Rune r)
    {
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendRune(sb, r, '\'');
        sb.Append('\'');
        return sb.ToString();
    }

    private static void AppendRune(StringBuilder sb, Rune r, char quote)
    {
        var v = r.Value;
        if (v == quote || v == '\\')
        {
            sb.Append('\\').Append((char)v);
        }
        else if (v < 0x20 || v == 0x7F)
        {
            switch (v)
            {
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(CultureInfo.InvariantCulture, $"\\x{v:x2}"); break;
            }
        }
        else if (v < 0x80 || !Rune.IsControl(r))
        {
            sb.Append(r.ToString());
        }
        else if (v <= 0xFFFF)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{v:x4}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\U{v:x8}");
        }
    }
}
