using System;
using System.Collections.Generic;
using GoModules.Patterns;

namespace GoModules.Direct;

/// <summary>
/// The GOVCS setting: which version-control systems the go command may run for which module paths
/// (<c>go help vcs</c>). Rules are <c>pattern:vcs|vcs</c> separated by commas, tried in order; the pattern is a
/// GOPRIVATE-style glob list or <c>public</c>/<c>private</c>, and <c>all</c>/<c>off</c> stand for every/no system.
/// The built-in rules <c>private:all,public:git|hg</c> always follow the user's.
/// </summary>
public sealed class GoVcsPolicy
{
    private readonly List<(string Pattern, string[] Allowed)> _rules;

    private GoVcsPolicy(List<(string Pattern, string[] Allowed)> rules, string text)
    {
        _rules = rules;
        Text = text;
    }

    /// <summary>Gets the policy with no user rules: all systems for private paths, git and hg for public ones.</summary>
    public static GoVcsPolicy Default { get; } = Parse(string.Empty);

    /// <summary>Gets the GOVCS text the policy was parsed from.</summary>
    public string Text { get; }

    /// <summary>Parses a GOVCS value.</summary>
    /// <param name="govcs">The setting; <see langword="null"/> or blank means only the built-in rules.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="GoVcsFormatException">The value is malformed (the message is the go command's).</exception>
    public static GoVcsPolicy Parse(string? govcs)
    {
        var rules = new List<(string, string[])>();
        var s = (govcs ?? string.Empty).Trim();
        if (s.Length != 0)
        {
            var have = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in s.Split(','))
            {
                var item = raw.Trim();
                if (item.Length == 0)
                {
                    throw new GoVcsFormatException(s, "empty entry in GOVCS");
                }

                var colon = item.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    throw new GoVcsFormatException(s, "malformed entry in GOVCS (missing colon): " + Q(item));
                }

                var pattern = item[..colon].Trim();
                var list = item[(colon + 1)..].Trim();
                if (pattern.Length == 0)
                {
                    throw new GoVcsFormatException(s, "empty pattern in GOVCS: " + Q(item));
                }

                if (list.Length == 0)
                {
                    throw new GoVcsFormatException(s, "empty VCS list in GOVCS: " + Q(item));
                }

                if (pattern is "." or ".." || pattern.StartsWith("./", StringComparison.Ordinal) || pattern.StartsWith("../", StringComparison.Ordinal))
                {
                    throw new GoVcsFormatException(s, "relative pattern not allowed in GOVCS: " + Q(pattern));
                }

                if (have.TryGetValue(pattern, out var old))
                {
                    throw new GoVcsFormatException(s, "unreachable pattern in GOVCS: " + Q(item) + " after " + Q(old));
                }

                have[pattern] = item;
                var allowed = list.Split('|');
                for (var i = 0; i < allowed.Length; i++)
                {
                    allowed[i] = allowed[i].Trim();
                    if (allowed[i].Length == 0)
                    {
                        throw new GoVcsFormatException(s, "empty VCS name in GOVCS: " + Q(item));
                    }
                }

                rules.Add((pattern, allowed));
            }
        }

        rules.Add(("private", ["all"]));
        rules.Add(("public", ["git", "hg"]));
        return new GoVcsPolicy(rules, govcs ?? string.Empty);
    }

    /// <summary>Reports whether a version-control system may be used for a repository root.</summary>
    /// <param name="root">The import-path prefix of the repository.</param>
    /// <param name="isPrivate">Whether the root matches GOPRIVATE.</param>
    /// <param name="vcs">The command name (<c>git</c>, <c>hg</c>, …).</param>
    /// <returns><see langword="true"/> when the first matching rule lists the system or <c>all</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public bool Allows(string root, bool isPrivate, string vcs)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(vcs);
        foreach (var (pattern, allowed) in _rules)
        {
            var match = pattern switch
            {
                "private" => isPrivate,
                "public" => !isPrivate,
                _ => PathPatternList.MatchPrefixPatterns(pattern, root),
            };
            if (!match)
            {
                continue;
            }

            foreach (var a in allowed)
            {
                if (a == vcs || a == "all")
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    /// <summary>The go command's message when <see cref="Allows"/> is false.</summary>
    /// <param name="root">The import-path prefix of the repository.</param>
    /// <param name="isPrivate">Whether the root matches GOPRIVATE.</param>
    /// <param name="vcs">The command name.</param>
    /// <returns>The message.</returns>
    public static string DisallowedMessage(string root, bool isPrivate, string vcs) =>
        "GOVCS disallows using " + GoModules.Kernel.ServerText.Sanitize(vcs) + " for " + (isPrivate ? "private" : "public") + " " + GoModules.Kernel.ServerText.Sanitize(root) + "; see 'go help vcs'";

    private static string Q(string s) => GoModules.Kernel.GoQuote.Quote(s);
}
