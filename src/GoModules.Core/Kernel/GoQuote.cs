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

    /// <summary>
    /// Go's <c>strconv.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space; not other
    /// spaces (U+00A0 included), controls, format characters, surrogates, private use or unassigned code points.
    /// </summary>
    /// <remarks>
    /// The newest go carries Unicode 17.0.0 tables while .NET 10 carries Unicode 16.0; the code points that
    /// Unicode 17.0 assigned as printable, which .NET still reports as unassigned, are listed in
    /// <see cref="AssignedSinceUnicode16"/> (checked against go1.27 by GoQuoteInteropTests).
    /// </remarks>
    internal static bool IsPrint(int value)
    {
        if (value < 0x80)
        {
            return value is >= ' ' and < 0x7F;
        }

        if (!Rune.IsValid(value))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(new Rune(value)) switch
        {
            UnicodeCategory.OtherNotAssigned => InRanges(AssignedSinceUnicode16, value),
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }

    private static bool InRanges(ReadOnlySpan<int> ranges, int value)
    {
        for (var i = 0; i < ranges.Length && ranges[i] <= value; i += 2)
        {
            if (value <= ranges[i + 1])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Inclusive ranges, in order, of printable code points new in Unicode 17.0 (Go's tables, not .NET 10's).</summary>
    private static ReadOnlySpan<int> AssignedSinceUnicode16 =>
    [
        0x88F, 0x88F, 0xC5C, 0xC5C, 0xCDC, 0xCDC, 0x1ACF, 0x1ADD, 0x1AE0, 0x1AEB, 0x20C1, 0x20C1,
        0x2B96, 0x2B96, 0xA7CE, 0xA7CF, 0xA7D2, 0xA7D2, 0xA7D4, 0xA7D4, 0xA7F1, 0xA7F1, 0xFBC3, 0xFBD2,
        0xFD90, 0xFD91, 0xFDC8, 0xFDCE, 0x10940, 0x10959, 0x10EC5, 0x10EC7, 0x10ED0, 0x10ED8, 0x10EFA, 0x10EFB,
        0x11B60, 0x11B67, 0x11DB0, 0x11DDB, 0x11DE0, 0x11DE9, 0x16EA0, 0x16EB8, 0x16EBB, 0x16ED3, 0x16FF2, 0x16FF6,
        0x187F8, 0x187FF, 0x18D09, 0x18D1E, 0x18D80, 0x18DF2, 0x1CCFA, 0x1CCFC, 0x1CEBA, 0x1CED0, 0x1CEE0, 0x1CEF0,
        0x1E6C0, 0x1E6DE, 0x1E6E0, 0x1E6F5, 0x1E6FE, 0x1E6FF, 0x1F6D8, 0x1F6D8, 0x1F777, 0x1F77A, 0x1F8D0, 0x1F8D8,
        0x1FA54, 0x1FA57, 0x1FA8A, 0x1FA8A, 0x1FA8E, 0x1FA8E, 0x1FAC8, 0x1FAC8, 0x1FACD, 0x1FACD, 0x1FAEA, 0x1FAEA,
        0x1FAEF, 0x1FAEF, 0x1FBFA, 0x1FBFA, 0x2B73A, 0x2B73F, 0x2CEA2, 0x2CEAD, 0x323B0, 0x33479,
    ];
}
