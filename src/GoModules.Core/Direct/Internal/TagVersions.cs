using System;
using System.Collections.Generic;
using System.Text;

namespace GoModules.Direct.Internal;

/// <summary>The pure rules that map repository tags and go.mod files to module versions (Go's coderepo.go).</summary>
internal static class TagVersions
{
    /// <summary>Reports whether a tag (without its directory prefix) can matter for versions or pseudo-version bases.</summary>
    public static bool IsOriginTag(string tag)
    {
        var c = SemVer.Canonical(tag);
        return c.Length != 0 && tag.StartsWith(c, StringComparison.Ordinal) && !PseudoVersion.IsPseudoVersion(tag);
    }

    /// <summary>
    /// Maps a tag to a version: the tag without <paramref name="tagPrefix"/>, canonicalised; empty when the tag
    /// has another prefix, looks like a pseudo-version, or is not a complete semantic version.
    /// </summary>
    public static string TagToVersion(string tag, string tagPrefix, out bool isCanonical)
    {
        isCanonical = false;
        if (!tag.StartsWith(tagPrefix, StringComparison.Ordinal) || PseudoVersion.IsPseudoVersion(tag))
        {
            return string.Empty;
        }

        var trimmed = tag[tagPrefix.Length..];
        var v = SemVer.Canonical(trimmed);
        if (v.Length == 0 || !trimmed.StartsWith(v, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        isCanonical = v == trimmed;
        return v;
    }

    /// <summary>
    /// Splits the tags of a repository into the versions of a module (canonical semantic versions matching
    /// the path's major version) and the candidates for <c>+incompatible</c>, both sorted.
    /// </summary>
    public static (List<string> Versions, List<string> Incompatible) Classify(IEnumerable<string> tags, string codeDir, string pathMajor)
    {
        var prefix = codeDir.Length == 0 ? string.Empty : codeDir + "/";
        var list = new List<string>();
        var incompatible = new List<string>();
        foreach (var tag in tags)
        {
            if (!tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var v = tag[prefix.Length..];
            if (v.Length == 0 || v != SemVer.Canonical(v) || PseudoVersion.IsPseudoVersion(v))
            {
                continue;
            }

            if (!ModulePath.MatchPathMajor(v, pathMajor))
            {
                if (codeDir.Length == 0 && pathMajor.Length == 0 && string.CompareOrdinal(SemVer.Major(v), "v1") > 0)
                {
                    incompatible.Add(v);
                }

                continue;
            }

            list.Add(v);
        }

        SemVer.Sort(list);
        SemVer.Sort(incompatible);
        return (list, incompatible);
    }

    /// <summary>Reports whether a go.mod's module path fits the major-version suffix of the module being fetched (Go's <c>isMajor</c>).</summary>
    public static bool IsMajor(string modulePath, string pathMajor)
    {
        if (modulePath.Length == 0)
        {
            return false;
        }

        var (_, major, ok) = ModulePath.SplitPathVersion(modulePath);
        if (!ok)
        {
            return false;
        }

        if (pathMajor.Length == 0)
        {
            var p = ModulePath.PathMajorPrefix(major);
            return p is "" or "v0" or "v1";
        }

        return major.Length != 0 && pathMajor.AsSpan(1).SequenceEqual(major.AsSpan(1));
    }

    /// <summary>Reads the module path from go.mod text without a full parse (Go's <c>modfile.ModulePath</c>); empty when absent.</summary>
    public static string GoModModulePath(ReadOnlySpan<byte> goMod)
    {
        while (goMod.Length > 0)
        {
            var line = goMod;
            goMod = default;
            var nl = line.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                goMod = line[(nl + 1)..];
                line = line[..nl];
            }

            var comment = line.IndexOf("//"u8);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim(" \t\r\n\v\f"u8);
            if (!line.StartsWith("module"u8))
            {
                continue;
            }

            line = line["module".Length..];
            var n = line.Length;
            line = line.Trim(" \t\r\n\v\f"u8);
            if (line.Length == n || line.Length == 0)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(line);
            if (text[0] == '`')
            {
                return text.Length >= 2 && text[^1] == '`' && text.IndexOf('`', 1) == text.Length - 1 ? text[1..^1] : string.Empty;
            }

            if (text[0] == '"')
            {
                return UnquoteSimple(text);
            }

            return text;
        }

        return string.Empty;
    }

    /// <summary>
    /// Reads the <c>retract</c> directives of a go.mod (single versions, <c>[low, high]</c> intervals, and
    /// parenthesised blocks) leniently, as the go command's lax parse does for retractions.
    /// </summary>
    public static List<(string Low, string High)> Retractions(ReadOnlySpan<byte> goMod)
    {
        var result = new List<(string, string)>();
        var inBlock = false;
        foreach (var raw in Encoding.UTF8.GetString(goMod).Split('\n'))
        {
            var line = raw;
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string entry;
            if (inBlock)
            {
                if (line == ")")
                {
                    inBlock = false;
                    continue;
                }

                entry = line;
            }
            else
            {
                if (!line.StartsWith("retract", StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = line["retract".Length..];
                if (rest.Length != 0 && !char.IsWhiteSpace(rest[0]) && rest[0] is not ('(' or '['))
                {
                    continue;
                }

                rest = rest.Trim();
                if (rest == "(")
                {
                    inBlock = true;
                    continue;
                }

                entry = rest;
            }

            if (entry.StartsWith('['))
            {
                var close = entry.IndexOf(']', StringComparison.Ordinal);
                var comma = entry.IndexOf(',', StringComparison.Ordinal);
                if (close > 0 && comma > 0 && comma < close)
                {
                    var low = Unquote(entry[1..comma].Trim());
                    var high = Unquote(entry[(comma + 1)..close].Trim());
                    if (low.Length != 0 && high.Length != 0)
                    {
                        result.Add((low, high));
                    }
                }
            }
            else
            {
                var v = Unquote(entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);
                if (v.Length != 0)
                {
                    result.Add((v, v));
                }
            }
        }

        return result;
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' ? UnquoteSimple(s) : s;

    /// <summary>The go.mod the go command synthesises for a version without one: <c>module PATH</c>, quoted when needed.</summary>
    public static byte[] LegacyGoMod(string modulePath) => Encoding.UTF8.GetBytes("module " + AutoQuote(modulePath) + "\n");

    private static string AutoQuote(string s)
    {
        var must = s.Length == 0 || s.Contains("//", StringComparison.Ordinal) || s.Contains("/*", StringComparison.Ordinal);
        foreach (var c in s)
        {
            if (c is ' ' or '"' or '\'' or '`' || ((c is '(' or ')' or '[' or ']' or '{' or '}' or ',') && s.Length > 1) || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                must = true;
            }
        }

        return must ? GoModules.Kernel.GoQuote.Quote(s) : s;
    }

    private static string UnquoteSimple(string text)
    {
        if (text.Length < 2 || text[^1] != '"')
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                return string.Empty;
            }

            if (c == '\\')
            {
                if (++i >= text.Length - 1)
                {
                    return string.Empty;
                }

                c = text[i] switch
                {
                    '\\' => '\\',
                    '"' => '"',
                    'n' => '\n',
                    't' => '\t',
                    _ => '\0',
                };
                if (c == '\0')
                {
                    return string.Empty;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
