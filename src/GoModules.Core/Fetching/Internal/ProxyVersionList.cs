using System;
using System.Collections.Generic;

namespace GoModules.Fetching.Internal;

/// <summary>Reading a proxy's <c>@v/list</c> body: one version per line, optionally followed by a timestamp.</summary>
internal static class ProxyVersionList
{
    /// <summary>The tagged versions of a list body with the given prefix, sorted (Go's <c>proxyRepo.Versions</c>).</summary>
    public static List<string> TaggedVersions(string[] lines, string prefix)
    {
        var list = new List<string>();
        foreach (var line in lines)
        {
            var f = FirstField(line, out _);
            if (f.Length != 0 && ModuleOps.IsValid(f) && f.StartsWith(prefix, StringComparison.Ordinal) && !ModuleOps.IsPseudo(f))
            {
                list.Add(f);
            }
        }

        SemVer.Sort(list);
        return list;
    }

    /// <summary>Go's <c>latestFromList</c>: the newest line that has a timestamp field or is a pseudo-version.</summary>
    public static string? LatestFromList(string[] lines)
    {
        DateTimeOffset bestTime = default;
        string? best = null;
        foreach (var line in lines)
        {
            var f = FirstField(line, out var second);
            if (f.Length == 0 || !ModuleOps.IsValid(f))
            {
                continue;
            }

            DateTimeOffset t;
            if (second is not null)
            {
                if (!ModuleInfoJson.TryParseRfc3339(second, out t))
                {
                    t = default;
                }
            }
            else if (ModuleOps.IsPseudo(f))
            {
                t = ModuleOps.PseudoTime(f) ?? default;
            }
            else
            {
                continue;
            }

            if (bestTime < t)
            {
                bestTime = t;
                best = f;
            }
        }

        return best;
    }

    // strings.Fields: split on Unicode white space; returns the first field and the second (if any).
    private static string FirstField(string line, out string? second)
    {
        second = null;
        var i = 0;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        var start = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        var first = line[start..i];
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        if (i < line.Length)
        {
            var s2 = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            second = line[s2..i];
        }

        return first;
    }
}
