using System.Globalization;
using System.Text;

namespace GoModules.Internal;

/// <summary>Go's <c>strconv.Quote</c> (the <c>%q</c> verb), for reproducing the go command's message texts.</summary>
internal static class GoQuote
{
    /// <summary>Returns <paramref name="text"/> in double quotes with Go's escapes for quotes, backslashes
    /// and characters that are not printable.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    continue;
                case '\\':
                    builder.Append("\\\\");
                    continue;
                case '\a':
                    builder.Append("\\a");
                    continue;
                case '\b':
                    builder.Append("\\b");
                    continue;
                case '\f':
                    builder.Append("\\f");
                    continue;
                case '\n':
                    builder.Append("\\n");
                    continue;
                case '\r':
                    builder.Append("\\r");
                    continue;
                case '\t':
                    builder.Append("\\t");
                    continue;
                case '\v':
                    builder.Append("\\v");
                    continue;
            }

            if (char.IsSurrogatePair(text, i))
            {
                var codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(codePoint)))
                {
                    builder.Append(text, i, 2);
                }
                else
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\U{codePoint:x8}");
                }

                i++;
                continue;
            }

            if (c < 0x80 ? c >= ' ' && c != 0x7f : IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c)) && !char.IsSurrogate(c))
            {
                builder.Append(c);
            }
            else if (c < 0x80)
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else if (char.IsSurrogate(c))
            {
                // A lone surrogate stands for invalid UTF-8, which Go prints as U+FFFD.
                builder.Append("\\ufffd");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c> outside ASCII: letters, marks, numbers, punctuation and symbols.</summary>
    private static bool IsPrintable(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
