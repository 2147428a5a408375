using System;
using System.Collections.Generic;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Direct;

/// <summary>
/// Reads go-import meta tags from a go-get discovery page (<c>https://path?go-get=1</c>) and picks the tag
/// for an import path, as the go command does: only the document head is read, tags are matched
/// case-insensitively, and in module mode a <c>mod</c> tag wins over a version-control tag for the same prefix.
/// </summary>
public static class GoImportMeta
{
    /// <summary>Parses the go-import tags of a page, in module mode (<c>mod</c> tags first for their prefixes).</summary>
    /// <param name="html">The page text.</param>
    /// <returns>The tags in the order the go command considers them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="html"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<GoImport> Parse(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var all = new List<GoImport>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (!IsLegalText(html, i, lt < 0 ? html.Length : lt))
            {
                // Go's XML decoder fails on character data it cannot accept; the tags read so far stand.
                break;
            }

            if (lt < 0)
            {
                break;
            }

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }

            var j = lt + 1;
            var closing = j < html.Length && html[j] == '/';
            if (closing)
            {
                j++;
            }

            var nameStart = j;
            while (j < html.Length && !char.IsWhiteSpace(html[j]) && html[j] is not ('>' or '/'))
            {
                j++;
            }

            var name = html[nameStart..j];
            var (attributes, next, legal) = ReadAttributes(html, j);
            if (!legal)
            {
                break;
            }

            i = next;
            if (closing)
            {
                if (name.Equals("head", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                continue;
            }

            if (name.Equals("body", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            if (!name.Equals("meta", StringComparison.OrdinalIgnoreCase) || Attr(attributes, "name") != "go-import")
            {
                continue;
            }

            var fields = (Attr(attributes, "content") ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is 3 or 4)
            {
                // The fourth field (Go 1.25) is the repository subdirectory that holds the prefix's code.
                all.Add(new GoImport(fields[0], fields[1], fields[2], fields.Length == 4 ? fields[3] : string.Empty));
            }
        }

        var list = new List<GoImport>();
        var haveMod = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in all)
        {
            if (m.Vcs == "mod")
            {
                haveMod.Add(m.Prefix);
                list.Add(m);
            }
        }

        foreach (var m in all)
        {
            if (m.Vcs != "mod" && !haveMod.Contains(m.Prefix))
            {
                list.Add(m);
            }
        }

        return list;
    }

    /// <summary>Picks the tag whose prefix is a path prefix of <paramref name="importPath"/>.</summary>
    /// <param name="imports">The parsed tags.</param>
    /// <param name="importPath">The import or module path.</param>
    /// <param name="error">Why no tag was chosen, in the go command's words (for no match: the list of mismatches, possibly empty); <see langword="null"/> on success.</param>
    /// <returns>The tag, or <see langword="null"/> when none or several match.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static GoImport? Match(IReadOnlyList<GoImport> imports, string importPath, out string? error)
    {
        ArgumentNullException.ThrowIfNull(imports);
        ArgumentNullException.ThrowIfNull(importPath);
        var match = -1;
        var mismatches = new List<string>();
        for (var i = 0; i < imports.Count; i++)
        {
            var im = imports[i];
            if (!Internal.CodeRepository.HasPathPrefix(importPath, im.Prefix))
            {
                mismatches.Add(im.Prefix);
                continue;
            }

            if (match >= 0)
            {
                if (imports[match].Vcs == "mod" && im.Vcs != "mod")
                {
                    break;
                }

                error = SRFormat.Format(SR.DirectMultipleMetaTags, importPath);
                return null;
            }

            match = i;
        }

        if (match < 0)
        {
            var parts = new List<string>(mismatches.Count);
            foreach (var pre in mismatches)
            {
                parts.Add("meta tag " + pre + " did not match import path " + importPath);
            }

            error = string.Join(", ", parts);
            return null;
        }

        error = null;
        return imports[match];
    }

    private static string? Attr(List<KeyValuePair<string, string>> attributes, string name)
    {
        foreach (var a in attributes)
        {
            if (a.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return a.Value;
            }
        }

        return null;
    }

    private static (List<KeyValuePair<string, string>> Attributes, int Next, bool Legal) ReadAttributes(string s, int i)
    {
        var list = new List<KeyValuePair<string, string>>();
        while (i < s.Length)
        {
            while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == '/'))
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            if (s[i] == '>')
            {
                return (list, i + 1, true);
            }

            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('=' or '>' or '/'))
            {
                i++;
            }

            var name = s[start..i];
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            var value = name;
            if (i < s.Length && s[i] == '=')
            {
                i++;
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }

                if (i < s.Length && s[i] is '"' or '\'')
                {
                    var q = s[i];
                    var end = s.IndexOf(q, i + 1);
                    if (end < 0)
                    {
                        end = s.Length;
                    }

                    var decoded = DecodeCharacterData(s, i + 1, end);
                    if (decoded is null)
                    {
                        return (list, s.Length, false);
                    }

                    value = decoded;
                    i = Math.Min(end + 1, s.Length);
                }
                else
                {
                    // Unquoted values are what Go's lenient XML decoder takes: letters, digits, '_', ':' and '-', as is.
                    start = i;
                    while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or ':' or '-'))
                    {
                        i++;
                    }

                    value = s[start..i];
                }
            }

            if (name.Length == 0)
            {
                i++;
                continue;
            }

            list.Add(new(name, value));
        }

        return (list, s.Length, true);
    }

    /// <summary>
    /// Decodes character data (an attribute value) in one pass as Go's lenient XML decoder does: the five XML
    /// entities and numeric references (<c>&amp;#N;</c>, <c>&amp;#xH;</c>) up to U+10FFFF are replaced, a surrogate
    /// code point becomes U+FFFD, anything else is kept as written, and <c>\r</c> and <c>\r\n</c> become <c>\n</c>.
    /// Returns <see langword="null"/> when the decoded text holds a character XML forbids (Go's syntax error).
    /// </summary>
    internal static string? DecodeCharacterData(string s, int start, int end)
    {
        var sb = new StringBuilder(end - start);
        var i = start;
        while (i < end)
        {
            var c = s[i];
            if (c == '\r')
            {
                sb.Append('\n');
                i += i + 1 < end && s[i + 1] == '\n' ? 2 : 1;
                continue;
            }

            if (c != '&')
            {
                if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(s[i + 1]))
                {
                    sb.Append(c).Append(s[i + 1]);
                    i += 2;
                    continue;
                }

                if (!IsXmlChar(c) || c == '<')
                {
                    // Go's decoder also refuses an unescaped '<' inside a quoted value.
                    return null;
                }

                sb.Append(c);
                i++;
                continue;
            }

            // An entity or character reference; whatever is not one stays as written and is not looked at again.
            var j = i + 1;
            if (j < end && s[j] == '#')
            {
                j++;
                var hex = j < end && s[j] == 'x';
                if (hex)
                {
                    j++;
                }

                var digitsStart = j;
                long value = 0;
                while (j < end && (char.IsAsciiDigit(s[j]) || (hex && char.IsAsciiHexDigit(s[j]))))
                {
                    if (value <= 0x10FFFF)
                    {
                        value = (value * (hex ? 16 : 10)) + HexValue(s[j]);
                    }

                    j++;
                }

                if (j < end && s[j] == ';' && j > digitsStart && value <= 0x10FFFF)
                {
                    var code = (int)value;
                    if (code is >= 0xD800 and <= 0xDFFF)
                    {
                        code = 0xFFFD;
                    }

                    if (!IsXmlCodePoint(code))
                    {
                        return null;
                    }

                    sb.Append(char.ConvertFromUtf32(code));
                    i = j + 1;
                    continue;
                }

                if (j < end && s[j] == ';')
                {
                    j++;
                }

                sb.Append(s, i, j - i);
                i = j;
                continue;
            }

            while (j < end && IsNameChar(s[j]))
            {
                j++;
            }

            if (j < end && s[j] == ';')
            {
                string? text = s.AsSpan(i + 1, j - i - 1) switch
                {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => null,
                };
                if (text is not null)
                {
                    sb.Append(text);
                    i = j + 1;
                    continue;
                }

                j++;
            }

            sb.Append(s, i, j - i);
            i = j;
        }

        return sb.ToString();
    }

    /// <summary>Reports whether character data between tags holds only characters XML allows (references included), without building it.</summary>
    private static bool IsLegalText(string s, int start, int end)
    {
        var amp = s.IndexOf('&', start, end - start);
        for (var i = start; i < (amp < 0 ? end : amp); i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            if (!IsXmlChar(c))
            {
                return false;
            }
        }

        return amp < 0 || DecodeCharacterData(s, amp, end) is not null;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    // Go's isNameByte: ASCII letters and digits, '_', ':', '.', '-', and every non-ASCII character.
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '.' or '-' || c >= 0x80;

    // XML's Char production for one UTF-16 unit (a lone surrogate is never allowed).
    private static bool IsXmlChar(char c) => c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);

    private static bool IsXmlCodePoint(int r) => r is 0x09 or 0x0A or 0x0D || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF);
}
