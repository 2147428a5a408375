using System;
using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>Reads meaning out of comments: <c>// indirect</c>, deprecation notices and retraction rationales.</summary>
internal static class ModComments
{
    /// <summary>
    /// Whether the first suffix comment is <c>// indirect</c> or starts with <c>// indirect;</c>.
    /// </summary>
    public static bool IsIndirect(ModLine line)
    {
        if (line.Suffix.Count == 0)
        {
            return false;
        }

        var text = line.Suffix[0].Text.AsSpan();
        if (text.StartsWith("//", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        var fields = Fields(text);
        return (fields.Count == 1 && fields[0] == "indirect") || (fields.Count > 1 && fields[0] == "indirect;");
    }

    /// <summary>
    /// The text of the comments on a directive, one trimmed line per <c>//</c> comment; when the line has no
    /// comments of its own and sits in a block, the block's comments are used.
    /// </summary>
    public static string DirectiveComment(ModLineBlock? block, ModLine line)
    {
        ModNode node = line;
        if (block is not null && line.Before.Count == 0 && line.Suffix.Count == 0)
        {
            node = block;
        }

        var lines = new List<string>();
        foreach (var group in (List<ModComment>[])[node.Before, node.Suffix])
        {
            foreach (var comment in group)
            {
                if (!comment.Text.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                lines.Add(TrimSpace(comment.Text.AsSpan(2)).ToString());
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// The deprecation message: in the directive comment, the first paragraph (paragraphs are separated by an
    /// empty comment line) that starts with <c>Deprecated:</c>; the message is the rest of that paragraph after
    /// any spaces.
    /// </summary>
    public static string Deprecation(ModLineBlock? block, ModLine line)
    {
        var text = DirectiveComment(block, line);
        const string marker = "Deprecated:";
        int start;
        if (text.StartsWith(marker, StringComparison.Ordinal))
        {
            start = 0;
        }
        else
        {
            var at = text.IndexOf("\n\n" + marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return string.Empty;
            }

            start = at + 2;
        }

        var body = start + marker.Length;
        while (body < text.Length && text[body] == ' ')
        {
            body++;
        }

        var end = text.IndexOf("\n\n", body, StringComparison.Ordinal);
        return end < 0 ? text[body..] : text[body..end];
    }

    internal static ReadOnlySpan<char> TrimSpace(ReadOnlySpan<char> text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text, start, out var width))
        {
            start += width;
        }

        var end = text.Length;
        while (end > start && IsSpaceBefore(text, end, out var width))
        {
            end -= width;
        }

        return text[start..end];
    }

    private static bool IsSpace(ReadOnlySpan<char> text, int index, out int width)
    {
        width = 1;
        return GoUnicode.IsSpace(text[index]);
    }

    private static bool IsSpaceBefore(ReadOnlySpan<char> text, int end, out int width)
    {
        width = 1;
        return GoUnicode.IsSpace(text[end - 1]);
    }

    private static List<string> Fields(ReadOnlySpan<char> text)
    {
        var fields = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && GoUnicode.IsSpace(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !GoUnicode.IsSpace(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                fields.Add(text[start..i].ToString());
            }
        }

        return fields;
    }
}
