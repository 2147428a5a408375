using System;
using System.Text;

namespace GoModules.Zip.Internal;

/// <summary>
/// Go's case-fold key for file names in a module zip: every rune maps to the smallest rune of its
/// simple case-folding orbit (Unicode 13.0.0, as in Go 1.19), then ASCII upper case maps to lower
/// case. Two names collide when their keys are equal. .NET's own casing tables give a different
/// relation (KELVIN SIGN, LONG S, sharp s, dotted and dotless i), hence the generated table.
/// </summary>
internal static partial class CaseFoldTable
{
    /// <summary>Returns the fold key of one rune.</summary>
    /// <param name="rune">A Unicode scalar value.</param>
    /// <returns>The smallest rune of the orbit, with ASCII A–Z lowered.</returns>
    internal static int Fold(int rune)
    {
        if (rune < 0x80)
        {
            return (uint)(rune - 'A') <= 'Z' - 'A' ? rune + 32 : rune;
        }

        var runes = Runes;
        var i = runes.BinarySearch(rune);
        return i >= 0 ? Keys[i] : rune;
    }

    /// <summary>
    /// Writes the fold key of a valid UTF-8 string as UTF-8 into <paramref name="destination"/>.
    /// In the Unicode 13 table no rune folds to a rune with a longer UTF-8 encoding (checked when
    /// the table is generated), so the key is never longer than the text.
    /// </summary>
    /// <param name="utf8">Valid UTF-8 text.</param>
    /// <param name="destination">A buffer of at least <c>utf8.Length</c> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteFoldKey(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                destination[written++] = (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b + 32) : b;
                i++;
                continue;
            }

            Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed);
            var folded = new Rune(Fold(rune.Value));
            written += folded.EncodeToUtf8(destination[written..]);
            i += consumed;
        }

        return written;
    }
}
