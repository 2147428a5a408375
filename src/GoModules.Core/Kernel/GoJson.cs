using System;
using System.Globalization;
using System.Text;

namespace GoModules.Kernel;

/// <summary>
/// Writes JSON the way Go's <c>encoding/json</c> does, so that files and output match the go command byte for
/// byte: strings keep non-ASCII text as it is but escape <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, U+2028 and
/// U+2029 (Go's HTML-safe default), and times use RFC 3339 with trimmed fractional seconds.
/// </summary>
internal static class GoJson
{
    private const string Hex = "0123456789abcdef";

    /// <summary>Appends a quoted, escaped JSON string.</summary>
    public static StringBuilder AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(Hex[(c >> 12) & 0xF]).Append(Hex[(c >> 8) & 0xF]).Append(Hex[(c >> 4) & 0xF]).Append(Hex[c & 0xF]);
                    break;
                default:
                    sb.Append(char.IsSurrogate(c) && !IsPaired(value, c) ? '\uFFFD' : c);
                    break;
            }
        }

        return sb.Append('"');
    }

    private static bool IsPaired(string value, char c)
    {
        // A lone surrogate cannot come from UTF-8 input; treat it as Go treats invalid UTF-8.
        var i = value.IndexOf(c, StringComparison.Ordinal);
        return char.IsHighSurrogate(c)
            ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
            : i > 0 && char.IsHighSurrogate(value[i - 1]);
    }

    /// <summary>Formats a time as Go's <c>time.Time.MarshalJSON</c>: RFC 3339 with nanoseconds, trailing zeros removed.</summary>
    public static string FormatTime(DateTimeOffset time)
    {
        var sb = new StringBuilder(35);
        sb.Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var ticks = time.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            var fraction = (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            sb.Append('.').Append(fraction);
        }

        if (time.Offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            var offset = time.Offset;
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            offset = offset.Duration();
            sb.Append(offset.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':').Append(offset.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
