using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;

namespace GoModules.Graph.Internal;

/// <summary>
/// Resolves the version query of one <c>go get path@query</c> argument against the module's version list, as the go
/// command's module query does for <c>go get</c>: <c>latest</c>, <c>upgrade</c> and <c>patch</c> (from the version
/// currently selected), version prefixes, comparisons and exact versions; excluded and retracted versions are skipped
/// unless asked for by name (or, for <c>upgrade</c> and <c>patch</c>, currently selected).
/// </summary>
internal sealed class GetQueryResolver(SummaryLoader loader, IModuleFetcher fetcher, VersionChecks checks)
{
    /// <summary>The version the query selects.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="query">The query.</param>
    /// <param name="current">The version selected now, or the empty string.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public async Task<string> ResolveAsync(string path, string query, string current, CancellationToken cancellationToken)
    {
        var mp = ModulePath.Parse(path);
        string prefix = string.Empty;
        Func<string, bool>? filter = null;
        var preferLower = false;
        var mayUseLatest = false;
        var preferIncompatible = current.EndsWith(SemVer.IncompatibleSuffix, StringComparison.Ordinal);
        switch (query)
        {
            case "latest":
                mayUseLatest = true;
                break;
            case "upgrade" when current.Length == 0:
                mayUseLatest = true;
                break;
            case "upgrade":
                mayUseLatest = PseudoVersion.IsPseudoVersion(current);
                filter = v => GraphVersions.ModCompare(path, v, current) >= 0;
                break;
            case "patch" when current.Length == 0:
                throw new GoModuleException($"go: can't query version \"patch\" of module {path}: no existing version is required");
            case "patch":
                mayUseLatest = PseudoVersion.IsPseudoVersion(current);
                prefix = SemVer.MajorMinor(current) + ".";
                filter = v => GraphVersions.ModCompare(path, v, current) >= 0;
                break;
            default:
                if (SemVer.IsValid(query) && SemVer.CanonicalModuleVersion(query) == query)
                {
                    // An exact version: asked for directly, allowed even when retracted (but not when excluded).
                    var info = await loader.Cache.GetInfoAsync(new ModuleVersion(mp, query), cancellationToken).ConfigureAwait(false);
                    if (loader.Main.IsExcluded(new ModuleNode(path, info.Version)))
                    {
                        throw new GoModuleException("excluded by go.mod");
                    }

                    return info.Version;
                }

                // Prefixes and comparisons parse as every other module query does (Fetching's VersionQuery).
                if (!VersionQuery.TryParse(mp, query, out var parsed, out var error))
                {
                    throw new GoModuleException($"go: {path}@{query}: {error}");
                }

                if (parsed.IsDirectLookup && !SemVer.IsValid(query))
                {
                    throw new UnsupportedGetArgumentException($"go: {path}@{query}: revision and branch queries are not supported (only versions, version prefixes and comparisons, latest, upgrade, patch and none)");
                }

                (prefix, filter, preferLower, preferIncompatible) = (parsed.Prefix, parsed.Filter, parsed.PreferLower, preferIncompatible || parsed.PreferIncompatible);
                break;
        }

        var versions = await ListAsync(mp, cancellationToken).ConfigureAwait(false);
        var releases = new List<string>();
        var prereleases = new List<string>();
        var needIncompatible = preferIncompatible;
        string? lastCompatible = null;
        foreach (var v in versions)
        {
            if ((prefix.Length != 0 && !v.StartsWith(prefix, StringComparison.Ordinal)) || (filter is not null && !filter(v)))
            {
                continue;
            }

            var stays = query is "upgrade" or "patch" && v == current;
            if (!stays && !await checks.AllowedAsync(new ModuleNode(path, v), cancellationToken).ConfigureAwait(false))
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
                    if (await checks.HasGoModAsync(path, lastCompatible, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    needIncompatible = true;
                }
            }

            (SemVer.Prerelease(v).Length != 0 ? prereleases : releases).Add(v);
        }

        string? pick = preferLower
            ? (releases.Count > 0 ? releases[0] : prereleases.Count > 0 ? prereleases[0] : null)
            : (releases.Count > 0 ? releases[^1] : prereleases.Count > 0 ? prereleases[^1] : null);
        if (pick is not null)
        {
            return await LookupAsync(mp, query, pick, current, cancellationToken).ConfigureAwait(false);
        }

        if (mayUseLatest)
        {
            ModuleInfo? latest = null;
            try
            {
                latest = await fetcher.QueryAsync(mp, "latest", cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleNotFoundException)
            {
            }

            if (latest is not null && (prefix.Length == 0 || latest.Version.StartsWith(prefix, StringComparison.Ordinal)) && (filter is null || filter(latest.Version))
                && await checks.AllowedAsync(new ModuleNode(path, latest.Version), cancellationToken).ConfigureAwait(false))
            {
                return await LookupAsync(mp, query, latest.Version, current, cancellationToken).ConfigureAwait(false);
            }
        }

        if (query is "upgrade" or "patch" && current.Length != 0)
        {
            return current;
        }

        var suffix = query is "upgrade" or "patch" && current.Length != 0 ? $" (current version is {current})" : string.Empty;
        throw new NoMatchingVersionException($"no matching versions for query \"{query}\"{suffix}");
    }

    private async Task<string> LookupAsync(ModulePath mp, string query, string version, string current, CancellationToken cancellationToken)
    {
        var info = await loader.Cache.GetInfoAsync(new ModuleVersion(mp, version), cancellationToken).ConfigureAwait(false);
        if (query is "upgrade" or "patch" && PseudoVersion.IsPseudoVersion(current) && PseudoVersion.TryGetTime(current, out var time) && info.Time < time)
        {
            // From a pseudo-version, upgrade and patch do not move to a version older in time.
            return current;
        }

        return info.Version;
    }

    private async Task<IReadOnlyList<string>> ListAsync(ModulePath mp, CancellationToken cancellationToken)
    {
        try
        {
            var list = new List<string>(await fetcher.ListVersionsAsync(mp, cancellationToken).ConfigureAwait(false));
            list.Sort((a, b) => SemVer.Compare(a, b));
            return list;
        }
        catch (ModuleNotFoundException)
        {
            return [];
        }
    }
}
