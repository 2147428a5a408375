using System.Globalization;
using System.Text;

#if GOMODULES_HTTP
namespace GoModules.Http.Internal; // compiled into GoModules.Http as shared source
#elif GOMODULES_CLI
namespace GoModules.Cli.Internal; // compiled into gomod as shared source (its terminal-safe standard error)
#else
namespace GoModules.Kernel;
#endif

/// <summary>
/// Makes text that a server controls (a status reason phrase, a body excerpt, go-import content, git's
/// report of a remote's answer) safe to put in an exception message, a log entry or a terminal: control
/// characters (ESC, BEL, CR, …), format characters (bidirectional overrides, zero-width characters),
/// line and paragraph separators, private-use and unpaired surrogate code units are written as visible
/// escapes (<c>\x1b</c>, <c>\u202e</c>), so no escape sequence reaches a terminal and no line can be forged.
/// Printable text, including every letter of every script, is kept as it is.
/// </summary>
internal static class ServerText
{
    /// <summary>Returns <paramref name="text"/> as one safe line: newlines and tabs are escaped too.</summary>
    public static string Sanitize(string? text) => Sanitize(text, keepLineBreaks: false);

    /// <summary>Returns <paramref name="text"/> made safe, keeping <c>\n</c> and <c>\t</c> when <paramref name="keepLineBreaks"/> is set.</summary>
    public static string Sanitize(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var i = 0;
        while (i < text.Length && IsSafe(text, i, keepLineBreaks, out var width))
        {
            i += width;
        }

        if (i == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        while (i < text.Length)
        {
            if (IsSafe(text, i, keepLineBreaks, out var width))
            {
                sb.Append(text, i, width);
                i += width;
                continue;
            }

            int value = text[i];
            if (width == 2)
            {
                value = char.ConvertToUtf32(text[i], text[i + 1]);
            }

            _ = value switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                < 0x80 => sb.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}"),
                < 0x10000 => sb.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}"),
                _ => sb.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}"),
            };
            i += width;
        }

        return sb.ToString();
    }

    /// <summary>Reports whether <paramref name="text"/> needs no change.</summary>
    public static bool IsSafe(string text, bool keepLineBreaks = false)
    {
        for (var i = 0; i < text.Length;)
        {
            if (!IsSafe(text, i, keepLineBreaks, out var width))
            {
                return false;
            }

            i += width;
        }

        return true;
    }

    private static bool IsSafe(string text, int i, bool keepLineBreaks, out int width)
    {
        var c = text[i];
        width = 1;
        if (c is >= ' ' and < (char)0x7F)
        {
            return true;
        }

        if (c is '\n' or '\t')
        {
            return keepLineBreaks;
        }

        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return IsPrintable(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1])));
        }

        return IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    private static bool IsPrintable(UnicodeCategory category) => category is not (
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
}
