using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Fetching.Internal;

/// <summary>A version query answered from one proxy's version list (the protocol itself is <see cref="ProxyModuleFetcher"/>'s).</summary>
internal static class ProxyVersionQuery
{
    /// <summary>
    /// Go's <c>queryProxy</c> after the proxy's <c>@v/list</c> is read: the lowest or highest allowed version of the
    /// list (releases before pre-releases, <c>+incompatible</c> majors only where the module has no go.mod), else the
    /// proxy's <c>@latest</c> when the query may use it; retracted versions are skipped when
    /// <paramref name="retractions"/> is set.
    /// </summary>
    public static async ValueTask<ModuleInfo> QueryFromListAsync(ProxyQueryContext context, VersionQuery query, RetractionFilter? retractions, CancellationToken cancellationToken)
    {
        var path = context.Path;
        var versions = ProxyVersionList.TaggedVersions(context.Lines, query.Prefix);
        var releases = new List<string>();
        var prereleases = new List<string>();
        var needIncompatible = query.PreferIncompatible;
        string? lastCompatible = null;
        foreach (var v in versions)
        {
            if (!query.Allows(v))
            {
                continue;
            }

            if (retractions is not null && await retractions.IsRetractedAsync(context, v, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!needIncompatible)
            {
                if (!v.EndsWith(SemVer.IncompatibleSuffix, StringComparison.Ordinal))
                {
                    lastCompatible = v;
                }
                else if (lastCompatible is not null)
                {
                    // A compatible version with a real go.mod means the module uses semantic import
                    // versioning, so +incompatible majors above it are ignored.
                    var data = await context.GetGoModAsync(lastCompatible, cancellationToken).ConfigureAwait(false);
                    if (!IsSynthesizedGoMod(path, data.Span))
                    {
                        break;
                    }

                    needIncompatible = true;
                }
            }

            (ModuleOps.Prerelease(v).Length != 0 ? prereleases : releases).Add(v);
        }

        string? pick = null;
        if (query.PreferLower)
        {
            pick = releases.Count > 0 ? releases[0] : prereleases.Count > 0 ? prereleases[0] : null;
        }
        else
        {
            pick = releases.Count > 0 ? releases[^1] : prereleases.Count > 0 ? prereleases[^1] : null;
        }

        if (pick is not null)
        {
            return await context.StatAsync(pick, cancellationToken).ConfigureAwait(false);
        }

        if (query.MayUseLatest)
        {
            ModuleInfo? latest = null;
            try
            {
                latest = await context.LatestAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleNotFoundException)
            {
                // Nothing at @latest and nothing usable in the list: no matching versions.
            }

            if (latest is not null && query.Allows(latest.Version)
                && (retractions is null || !await retractions.IsRetractedAsync(context, latest.Version, cancellationToken).ConfigureAwait(false)))
            {
                return latest;
            }
        }

        throw new NoMatchingVersionException(
            ModuleOps.MessagePrefix(path, null) + SRFormat.Format(SR.NoMatchingVersions, query.Text),
            query.Text,
            new ModuleVersion(path, string.Empty));
    }

    // Go's modfetch.LegacyGoMod: what the go command synthesises for a version without go.mod.
    internal static bool IsSynthesizedGoMod(ModulePath path, ReadOnlySpan<byte> data)
    {
        var p = path.ToString();
        var quoted = NeedsQuote(p) ? "\"" + p.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : p;
        var expected = Encoding.UTF8.GetBytes("module " + quoted + "\n");
        return data.SequenceEqual(expected);
    }

    private static bool NeedsQuote(string s)
    {
        if (s.Length == 0)
        {
            return true;
        }

        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or '(' or ')' or '[' or ']' or '{' or '}' or ',')
            {
                return true;
            }
        }

        return s.Contains("//", StringComparison.Ordinal) || s.Contains("/*", StringComparison.Ordinal);
    }
}
