using System.Text;

namespace GoModules.ModFile.Internal;

/// <summary>Go's <c>unicode.IsSpace</c> over code points (<c>IsPrint</c> lives in <see cref="GoModules.Kernel.GoQuote"/>).</summary>
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
}
