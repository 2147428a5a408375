using System;
using System.Globalization;
using System.Text;

namespace GoModules.Kernel;

/// <summary>
/// Writes text the way Go's <c>%q</c> verb does, so that messages match the go command's: printable
/// characters as they are, others as <c>\n</c>, <c>\x00</c>, <c>\u200b</c>, <c>\U0001f600</c>, and bytes
/// that are not UTF-8 as <c>\xff</c>.
/// </summary>
internal static class GoQuote
{
    /// <summary>Quotes UTF-16 text with double quotes. An unpaired surrogate is written as <c>\udxxx</c>.</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:x4}");
                i++;
                continue;
            }

            AppendRune(builder, rune.Value, '"');
            i += consumed;
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Quotes UTF-8 bytes with double quotes; bytes that do not decode are written as <c>\xNN</c>.</summary>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length + 2).Append('"');
        for (var i = 0; i < utf8.Length;)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{utf8[i]:x2}");
                i++;
                continue;
            }

            AppendRune(builder, rune.Value, '"');
            i += consumed;
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Quotes one code point with single quotes, like Go's <c>%q</c> on a rune.</summary>
    public static string QuoteRune(int value)
    {
        var builder = new StringBuilder(8).Append('\'');
        AppendRune(builder, value, '\'');
        return builder.Append('\'').ToString();
    }

    private static void AppendRune(StringBuilder builder, int value, char quote)
    {
        if (value == quote || value == '\\')
        {
            builder.Append('\\').Append((char)value);
            return;
        }

        if (IsPrint(value))
        {
            builder.Append(new Rune(value).ToString());
            return;
        }

        _ = value switch
        {
            '\a' => builder.Append("\\a"),
            '\b' => builder.Append("\\b"),
            '\f' => builder.Append("\\f"),
            '\n' => builder.Append("\\n"),
            '\r' => builder.Append("\\r"),
            '\t' => builder.Append("\\t"),
            '\v' => builder.Append("\\v"),
            < ' ' or 0x7F => builder.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}"),
            < 0x10000 => builder.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}"),
            _ => builder.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}"),
        };
    }

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(int value)
    {
        if (value == ' ')
        {
            return true;
        }

        if (!Rune.IsValid(value))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(new Rune(value)) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
