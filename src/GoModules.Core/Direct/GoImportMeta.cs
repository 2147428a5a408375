using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

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
            var (attributes, next) = ReadAttributes(html, j);
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
            if (fields.Length == 3)
            {
                all.Add(new GoImport(fields[0], fields[1], fields[2]));
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

                error = "multiple meta tags match import path \"" + importPath + "\"";
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

    private static (List<KeyValuePair<string, string>> Attributes, int Next) ReadAttributes(string s, int i)
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
                return (list, i + 1);
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

                    value = Unescape(s[(i + 1)..end]);
                    i = Math.Min(end + 1, s.Length);
                }
                else
                {
                    start = i;
                    while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] != '>')
                    {
                        i++;
                    }

                    value = Unescape(s[start..i]);
                }
            }

            if (name.Length == 0)
            {
                i++;
                continue;
            }

            list.Add(new(name, value));
        }

        return (list, s.Length);
    }

    private static string Unescape(string s)
    {
        if (!s.Contains('&', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var semi = s[i] == '&' ? s.IndexOf(';', i) : -1;
            if (semi > i)
            {
                var entity = s[(i + 1)..semi];
                string? text = entity switch
                {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ when entity.StartsWith("#x", StringComparison.OrdinalIgnoreCase) && int.TryParse(entity.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) && h is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32(h),
                    _ when entity.StartsWith('#') && int.TryParse(entity.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 0x10FFFF => char.ConvertFromUtf32(d),
                    _ => null,
                };
                if (text is not null)
                {
                    sb.Append(text);
                    i = semi;
                    continue;
                }
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }
}
