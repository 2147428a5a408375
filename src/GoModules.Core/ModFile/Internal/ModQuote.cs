using System;
using GoModules.Kernel;

namespace GoModules.ModFile.Internal;

/// <summary>When a path or version must be quoted to stand as one token on a go.mod line.</summary>
internal static class ModQuote
{
    /// <summary>
    /// Whether <paramref name="text"/> needs quotes: it is empty, holds a space, a quote character or a character
    /// that is not printable, holds <c>//</c> or <c>/*</c>, or is longer than one character and holds punctuation.
    /// </summary>
    public static bool MustQuote(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case ' ' or '"' or '\'' or '`':
                    return true;
                case '(' or ')' or '[' or ']' or '{' or '}' or ',':
                    if (text.Length > 1)
                    {
                        return true;
                    }

                    break;
                default:
                    if (!GoModules.Kernel.GoQuote.IsPrint(rune.Value))
                    {
                        return true;
                    }

                    break;
            }
        }

        return text.Length == 0 || text.Contains("//", StringComparison.Ordinal) || text.Contains("/*", StringComparison.Ordinal);
    }

    /// <summary>The text itself, or its Go-quoted form when it must be quoted.</summary>
    public static string AutoQuote(string text) => MustQuote(text) ? GoQuote.Quote(text.AsSpan()) : text;
}
