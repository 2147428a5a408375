using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GoModules.SumDb.Internal;

/// <summary>
/// A tree description ("tlog.Tree"): the number of records in the log and the root hash. A server
/// signs its text form, three lines each ending in a newline:
/// <c>go.sum database tree</c>, N in decimal, and the hash in padded base64.
/// Extra lines after those three are ignored, for forward compatibility.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct TreeHead(long N, TlogHash Hash)
{
    private const string Header = "go.sum database tree\n";

    /// <summary>Largest note text accepted (Go's limit of 10⁶ bytes).</summary>
    private const int MaxTextLength = 1_000_000;

    /// <summary>The text a server signs for this tree.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Header}{N}\n{Hash}\n");

    /// <summary>Parses tree text; malformed text (wrong header, fewer than three lines, non-canonical N, a bad hash) fails.</summary>
    public static bool TryParse(string text, out TreeHead tree)
    {
        ArgumentNullException.ThrowIfNull(text);
        tree = default;
        if (!text.StartsWith(Header, StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(text) > MaxTextLength)
        {
            return false;
        }

        var rest = text.AsSpan(Header.Length);
        var nl1 = rest.IndexOf('\n');
        if (nl1 < 0)
        {
            return false;
        }

        var nText = rest[..nl1];
        rest = rest[(nl1 + 1)..];
        var nl2 = rest.IndexOf('\n');
        if (nl2 < 0)
        {
            return false;
        }

        var hashText = rest[..nl2];
        if (!TryParseCanonicalNonNegative(nText, out var n))
        {
            return false;
        }

        Span<byte> ascii = stackalloc byte[64];
        if (hashText.Length > ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < hashText.Length; i++)
        {
            if (hashText[i] > 0x7f)
            {
                return false;
            }

            ascii[i] = (byte)hashText[i];
        }

        if (!TlogHash.TryParse(ascii[..hashText.Length], out var hash))
        {
            return false;
        }

        tree = new TreeHead(n, hash);
        return true;
    }

    /// <summary>Decimal digits without sign or leading zeros (except "0" itself), fitting in a long.</summary>
    private static bool TryParseCanonicalNonNegative(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 19 || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
