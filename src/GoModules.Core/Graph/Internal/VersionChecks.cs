using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;

namespace GoModules.Graph.Internal;

/// <summary>
/// The version queries behind <c>go list -m -u</c>: the latest version of a module (retractions ignored), whether a
/// version is retracted by that latest go.mod or excluded by the main module, the module's deprecation, and the
/// <c>upgrade</c> query. Answers are cached per module path.
/// </summary>
internal sealed class VersionChecks
{
    private readonly SummaryLoader _loader;
    private readonly IModuleFetcher _fetcher;
    private readonly ConcurrentDictionary<string, Lazy<Task<ModuleNode?>>> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> _versions = new(StringComparer.Ordinal);

    public VersionChecks(SummaryLoader loader, IModuleFetcher fetcher)
    {
        _loader = loader;
        _fetcher = fetcher;
    }

    /// <summary>The rationales of the retractions that cover <paramref name="m"/> (one empty string for a retraction without one), or null when it is not retracted.</summary>
    public async Task<List<string>?> RetractionsAsync(ModuleNode m, CancellationToken cancellationToken)
    {
        if (m.Version.Length == 0 || _loader.Main.Replacement(new ModuleNode(m.Path, string.Empty)) is not null)
        {
            return null;
        }

        var latest = await LatestIgnoringRetractionsAsync(m.Path, cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        var summary = await _loader.RawAsync(latest.Value, cancellationToken).ConfigureAwait(false);
        List<string>? rationale = null;
        foreach (var r in summary.Retract)
        {
            if (GraphVersions.ModCompare(m.Path, r.Low, m.Version) <= 0 && GraphVersions.ModCompare(m.Path, m.Version, r.High) <= 0)
            {
                rationale ??= [];
                if (r.Rationale.Length != 0)
                {
                    rationale.Add(r.Rationale);
                }
            }
        }

        return rationale;
    }

    /// <summary>The deprecation message of the module's latest go.mod, or the empty string.</summary>
    public async Task<string> DeprecationAsync(ModuleNode m, CancellationToken cancellationToken)
    {
        if (m.Version.Length == 0 || _loader.Main.Replacement(new ModuleNode(m.Path, string.Empty)) is not null)
        {
            return string.Empty;
        }

        var latest = await LatestIgnoringRetractionsAsync(m.Path, cancellationToken).ConfigureAwait(false);
        return latest is null ? string.Empty : (await _loader.RawAsync(latest.Value, cancellationToken).ConfigureAwait(false)).Deprecated;
    }

    /// <summary>Whether a version may be selected by a query: not excluded by the main module and not retracted.</summary>
    public async Task<bool> AllowedAsync(ModuleNode m, CancellationToken cancellationToken)
    {
        if (_loader.Main.IsExcluded(m))
        {
            return false;
        }

        try
        {
            return await RetractionsAsync(m, cancellationToken).ConfigureAwait(false) is null;
        }
        catch (GoModuleException)
        {
            // A failure to load retractions does not disallow the version.
            return true;
        }
    }

    /// <summary>The <c>upgrade</c> query from <paramref name="current"/>: the version, or null when nothing (allowed) matches.</summary>
    public async Task<ModuleInfo?> UpgradeAsync(string path, string current, CancellationToken cancellationToken)
    {
        var mp = ModulePath.Parse(path);
        var candidate = await HighestAsync(path, current, allowAll: false, cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            return null;
        }

        var info = await _loader.Cache.GetInfoAsync(new ModuleVersion(mp, candidate), cancellationToken).ConfigureAwait(false);
        if (PseudoVersion.IsPseudoVersion(current) && PseudoVersion.TryGetTime(current, out var currentTime) && info.Time < currentTime)
        {
            // From a pseudo-version, "upgrade" does not move to a version that is older in time.
            return null;
        }

        return info;
    }

    /// <summary>The latest version of <paramref name="path"/> with retractions and exclusions ignored, replaced as go.mod says.</summary>
    public Task<ModuleNode?> LatestIgnoringRetractionsAsync(string path, CancellationToken cancellationToken)
        => _latest.GetOrAdd(path, p => new Lazy<Task<ModuleNode?>>(() => ComputeLatestAsync(p, cancellationToken))).Value;

    private async Task<ModuleNode?> ComputeLatestAsync(string path, CancellationToken cancellationToken)
    {
        if (_loader.Main.Replacement(new ModuleNode(path, string.Empty)) is { } all)
        {
            return all;
        }

        string? version;
        try
        {
            version = await HighestAsync(path, string.Empty, allowAll: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleNotFoundException)
        {
            return null;
        }

        if (version is null)
        {
            return null;
        }

        var latest = new ModuleNode(path, version);
        return _loader.Main.Replacement(latest) ?? latest;
    }

    private Task<IReadOnlyList<string>> VersionsAsync(string path, CancellationToken cancellationToken)
        => _versions.GetOrAdd(path, p => new Lazy<Task<IReadOnlyList<string>>>(async () =>
        {
            try
            {
                return await _fetcher.ListVersionsAsync(ModulePath.Parse(p), cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleNotFoundException)
            {
                return Array.Empty<string>();
            }
        })).Value;

    /// <summary>
    /// The highest listed release (else pre-release) at or above <paramref name="current"/> that is allowed, with the
    /// go command's rule for <c>+incompatible</c> versions: they count only when the highest compatible version has no go.mod
    /// of its own, or the current version is itself <c>+incompatible</c>.
    /// </summary>
    private async Task<string?> HighestAsync(string path, string current, bool allowAll, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(path, cancellationToken).ConfigureAwait(false);
        var needIncompatible = current.EndsWith("+incompatible", StringComparison.Ordinal);
        string? lastCompatible = null;
        string? release = null;
        string? prerelease = null;
        foreach (var v in versions)
        {
            if (current.Length != 0 && GraphVersions.ModCompare(path, v, current) < 0)
            {
                continue;
            }

            if (!allowAll && !await AllowedAsync(new ModuleNode(path, v), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (!needIncompatible)
            {
                if (!v.EndsWith("+incompatible", StringComparison.Ordinal))
                {
                    lastCompatible = v;
                }
                else if (lastCompatible is not null)
                {
                    if (await HasGoModAsync(path, lastCompatible, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    needIncompatible = true;
                }
            }

            if (GraphVersions.IsPrerelease(path, v))
            {
                prerelease = v;
            }
            else
            {
                release = v;
            }
        }

        return release ?? prerelease;
    }

    public async Task<bool> HasGoModAsync(string path, string version, CancellationToken cancellationToken)
    {
        var data = await _loader.Cache.GetGoModAsync(new ModuleVersion(ModulePath.Parse(path), version), cancellationToken).ConfigureAwait(false);
        _loader.GoModsRead.TryAdd(new ModuleNode(path, version), data);
        var legacy = "module " + QuoteIfNeeded(path) + "\n";
        return !data.Span.SequenceEqual(Encoding.UTF8.GetBytes(legacy));
    }

    private static string QuoteIfNeeded(string path)
    {
        foreach (var c in path)
        {
            if (char.IsWhiteSpace(c) || c is '"' or '\'' or '`' || c > '~' || c < ' ')
            {
                return "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
            }
        }

        return path;
    }
}
