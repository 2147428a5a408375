using System;
using System.Collections.Generic;
using System.Text;

namespace GoModules.ModFile.Internal;

/// <summary>Go's <c>strconv.Unquote</c> for double-quoted string literals.</summary>
internal static class GoStringLiteral
{
    /// <summary>Decodes <c>"…"</c> with Go's escapes; returns <see langword="null"/> for invalid syntax.</summary>
    public static string? Unquote(string literal)
    {
        if (literal.Length < 2 || literal[0] != '"' || literal[^1] != '"')
        {
            return null;
        }

        var body = literal.AsSpan(1, literal.Length - 2);
        if (body.IndexOfAny('\\', '"', '\n') < 0)
        {
            return body.ToString();
        }

        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < body.Length;)
        {
            var c = body[i];
            if (c is '"' or '\n')
            {
                return null;
            }

            if (c != '\\')
            {
                var end = i + 1;
                if (char.IsHighSurrogate(c) && end < body.Length && char.IsLowSurrogate(body[end]))
                {
                    end++;
                }

                var n = Encoding.UTF8.GetBytes(body[i..end], utf8);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }

                i = end;
                continue;
            }

            if (i + 1 >= body.Length)
            {
                return null;
            }

            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x':
                    if (!TryHex(body, i, 2, out var hx))
                    {
                        return null;
                    }

                    bytes.Add((byte)hx);
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    if (i + 2 > body.Length)
                    {
                        return null;
                    }

                    var octal = e - '0';
                    for (var k = 0; k < 2; k++)
                    {
                        var d = body[i + k];
                        if (d is < '0' or > '7')
                        {
                            return null;
                        }

                        octal = (octal * 8) + (d - '0');
                    }

                    if (octal > 255)
                    {
                        return null;
                    }

                    bytes.Add((byte)octal);
                    i += 2;
                    break;
                case 'u' or 'U':
                    var digits = e == 'u' ? 4 : 8;
                    if (!TryHex(body, i, digits, out var code) || !Rune.IsValid(code))
                    {
                        return null;
                    }

                    var written = new Rune(code).EncodeToUtf8(utf8);
                    for (var k = 0; k < written; k++)
                    {
                        bytes.Add(utf8[k]);
                    }

                    i += digits;
                    break;
                default:
                    return null;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool TryHex(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        long v = 0;
        for (var k = 0; k < count; k++)
        {
            var c = text[start + k];
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }

            v = (v * 16) + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        if (v > int.MaxValue)
        {
            return false;
        }

        value = (int)v;
        return true;
    }
}
