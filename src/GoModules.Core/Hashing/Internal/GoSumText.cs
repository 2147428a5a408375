using System;
using System.Buffers;
using System.Text;

namespace GoModules.Hashing.Internal;

/// <summary>Field splitting with Go's <c>strings.Fields</c> rules over UTF-8 bytes.</summary>
internal static class GoSumText
{
    /// <summary>Go's <c>unicode.IsSpace</c>: the Latin-1 spaces plus the White_Space characters above U+00FF.</summary>
    public static bool IsSpace(int codePoint) => codePoint switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0 => true,
        0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary>
    /// Splits <paramref name="line"/> into fields separated by runs of white space. Bytes that are
    /// not valid UTF-8 are never white space. Stores up to <c>fields.Length</c> ranges and returns the
    /// total number of fields.
    /// </summary>
    public static int SplitFields(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = -1;
        var i = 0;
        while (i < line.Length)
        {
            int width;
            bool space;
            var b = line[i];
            if (b < 0x80)
            {
                width = 1;
                space = b is (byte)' ' or (>= (byte)'\t' and <= (byte)'\r');
            }
            else
            {
                var status = Rune.DecodeFromUtf8(line[i..], out var rune, out width);
                space = status == OperationStatus.Done && IsSpace(rune.Value);
                if (width <= 0)
                {
                    width = 1;
                }
            }

            if (space)
            {
                if (start >= 0)
                {
                    if (count < fields.Length)
                    {
                        fields[count] = new Range(start, i);
                    }

                    count++;
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }

            i += width;
        }

        if (start >= 0)
        {
            if (count < fields.Length)
            {
                fields[count] = new Range(start, line.Length);
            }

            count++;
        }

        return count;
    }
}
