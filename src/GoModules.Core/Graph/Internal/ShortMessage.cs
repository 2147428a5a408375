using System;
using System.Text;

namespace GoModules.Graph.Internal;

/// <summary>
/// A retraction rationale or deprecation message as the go command prints it on a terminal: its first line, trimmed;
/// a fixed text instead when that is empty, longer than 500 bytes, or holds a character that is neither printable nor
/// white space.
/// </summary>
internal static class ShortMessage
{
    private const int MaxBytes = 500;

    public static string Of(string message, string emptyDefault)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
        {
            message = message[..newline];
        }

        message = message.Trim();
        if (message.Length == 0)
        {
            return emptyDefault;
        }

        if (Encoding.UTF8.GetByteCount(message) > MaxBytes)
        {
            return "(message omitted: too long)";
        }

        foreach (var rune in message.EnumerateRunes())
        {
            if (!IsGraphic(rune) && !Rune.IsWhiteSpace(rune))
            {
                return "(message omitted: contains non-printable characters)";
            }
        }

        return message;
    }

    /// <summary>Letters, marks, numbers, punctuation, symbols and space separators (Go's <c>unicode.IsGraphic</c>).</summary>
    private static bool IsGraphic(Rune r)
    {
        switch (Rune.GetUnicodeCategory(r))
        {
            case System.Globalization.UnicodeCategory.Control:
            case System.Globalization.UnicodeCategory.Format:
            case System.Globalization.UnicodeCategory.Surrogate:
            case System.Globalization.UnicodeCategory.PrivateUse:
            case System.Globalization.UnicodeCategory.OtherNotAssigned:
            case System.Globalization.UnicodeCategory.LineSeparator:
            case System.Globalization.UnicodeCategory.ParagraphSeparator:
                return false;
            default:
                return true;
        }
    }
}
