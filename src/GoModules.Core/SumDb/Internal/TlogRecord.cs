using System;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace GoModules.SumDb.Internal;

/// <summary>
/// The framing of records in lookup answers and data tiles: the record id in decimal on a line of
/// its own, the record text (valid UTF-8, no control characters but newline, ending in a newline,
/// no blank line), then one blank line.
/// </summary>
internal static class TlogRecord
{
    /// <summary>Frames <paramref name="text"/> as record <paramref name="id"/>.</summary>
    public static byte[] Format(long id, ReadOnlySpan<byte> text)
    {
        if (!IsValidText(text))
        {
            throw new ArgumentException("malformed record data", nameof(text));
        }

        var head = Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture) + "\n");
        var result = new byte[head.Length + text.Length + 1];
        head.CopyTo(result, 0);
        text.CopyTo(result.AsSpan(head.Length));
        result[^1] = (byte)'\n';
        return result;
    }

    /// <summary>
    /// Splits a framed record from the start of <paramref name="message"/>: the id, the record text
    /// (with its final newline) and the offset just past the terminating blank line.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out long id, out Range text, out int restStart)
    {
        id = 0;
        text = default;
        restStart = 0;
        var nl = message.IndexOf((byte)'\n');
        if (nl < 0 || !TryParseId(message[..nl], out id))
        {
            return false;
        }

        var body = message[(nl + 1)..];
        var blank = body.IndexOf("\n\n"u8);
        if (blank < 0)
        {
            return false;
        }

        var textSpan = body[..(blank + 1)];
        if (!IsValidText(textSpan))
        {
            return false;
        }

        text = new Range(nl + 1, nl + 1 + blank + 1);
        restStart = nl + 1 + blank + 2;
        return true;
    }

    /// <summary>
    /// Decimal id as Go's <c>strconv.ParseInt</c> reads it (optional sign, leading zeros allowed),
    /// except that negative ids are refused: no record has one.
    /// </summary>
    private static bool TryParseId(ReadOnlySpan<byte> s, out long id)
    {
        id = 0;
        if (s.Length > 0 && s[0] == (byte)'+')
        {
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c < (byte)'0' || c > (byte)'9')
            {
                return false;
            }

            if (id > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            id = (id * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Valid UTF-8, no control characters other than newline, no blank line, ends in a newline.</summary>
    public static bool IsValidText(ReadOnlySpan<byte> text)
    {
        if (text.Length == 0 || text[^1] != (byte)'\n' || !Utf8.IsValid(text))
        {
            return false;
        }

        var last = (byte)0;
        foreach (var b in text)
        {
            if ((b < 0x20 && b != (byte)'\n') || (b == (byte)'\n' && last == (byte)'\n'))
            {
                return false;
            }

            last = b;
        }

        return true;
    }
}
