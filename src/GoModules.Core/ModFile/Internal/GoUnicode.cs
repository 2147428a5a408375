using System.Globalization;
using System.Text;

namespace GoModules.ModFile.Internal;

/// <summary>Go's <c>unicode.IsSpace</c> and <c>unicode.IsPrint</c> over code points.</summary>
internal static class GoUnicode
{
    /// <summary>White space as Go defines it: the Unicode White_Space property.</summary>
    public static bool IsSpace(int c)
    {
        if (c < 0x80)
        {
            return c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
        }

        return Rune.IsValid(c) && Rune.IsWhiteSpace(new Rune(c));
    }

    /// <summary>Letters, marks, numbers, punctuation, symbols, and the ASCII space (but no other space).</summary>
    public static bool IsPrint(int c)
    {
        if (c < 0x80)
        {
            return c is >= ' ' and < 0x7F;
        }

        if (!Rune.IsValid(c))
        {
            return false;
        }

        return Rune.GetUnicodeCategory(new Rune(c)) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
