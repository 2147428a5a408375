using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Kernel;
using GoModules.Toolchains.Internal;

namespace GoModules.Toolchains;

/// <summary>
/// Resolves queries on the pseudo-modules <c>go</c> and <c>toolchain</c> (<c>go@1.27</c>, <c>toolchain@latest</c>,
/// <c>go@patch</c>) as the newest go command does (<c>go list -m go@1.27</c>, <c>go get go@1.27</c>): through the
/// versions of the module <c>golang.org/toolchain</c>, whose versions such as <c>v0.0.1-go1.27.3.linux-amd64</c>
/// name one Go release for one system.
/// </summary>
/// <remarks>
/// <para>
/// <c>go</c> versions are plain (<c>1.27.3</c>); <c>toolchain</c> versions carry the <c>go</c> prefix
/// (<c>go1.27.3</c>). An exact version may be written either way and is answered in the path's own form. The queries
/// are those of ordinary modules with Go versions in place of semantic versions: <c>latest</c>, <c>upgrade</c> and
/// <c>patch</c> (relative to a current version), a language version as a prefix (<c>1.27</c> selects the highest
/// 1.27.x release, or 1.27 itself), comparisons (<c>&lt;1.27</c>, <c>&lt;=1.27.1</c>, <c>&gt;1.27.1</c>,
/// <c>&gt;=1.27</c>; <c>&lt;=</c> and <c>&gt;</c> refuse a language version as ambiguous) and exact versions. Among
/// matches a release is preferred to a pre-release (<c>1.28rc1</c>); a prefix does not match pre-releases of its own
/// language version (<c>1.28rc1</c> is before <c>1.28.0</c>). <c>none</c>, branch names and semantic versions
/// (<c>v1.27.0</c>) are refused.
/// </para>
/// <para>
/// A version is confirmed by reading the <c>.info</c> of its linux-amd64 download, whatever the host, as the go
/// command does. The go command also treats its own version as always available: it is added to the version list,
/// <c>go</c> versions up to it and the <c>toolchain</c> version equal to it are answered without the network. A
/// library has no own Go, so this local version is an explicit input (<see cref="LocalGoVersion"/>); without it
/// every answer comes from the proxy.
/// </para>
/// <para>See https://go.dev/doc/toolchain and https://go.dev/ref/mod#version-queries.</para>
/// </remarks>
public sealed partial class GoToolchainQuery
{
    /// <summary>The pseudo-module of Go language and release versions.</summary>
    public const string GoPath = "go";

    /// <summary>The pseudo-module of toolchain names.</summary>
    public const string ToolchainPath = "toolchain";

    private readonly IModuleFetcher _fetcher;
    private readonly Caching.ModuleCache? _cache;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="fetcher">The module source (usually a GOPROXY chain) to read <c>golang.org/toolchain</c> from.</param>
    /// <param name="localGoVersion">
    /// The Go version treated as installed, as the go command treats its own (<c>1.27.3</c> or <c>go1.27.3</c>), or
    /// <see langword="null"/> for none.
    /// </param>
    /// <param name="cache">
    /// A module cache through which the <c>.info</c> files of the confirming downloads are read and stored, as the go
    /// command keeps them in GOMODCACHE (it fetches through its own fetcher), or <see langword="null"/> to ask
    /// <paramref name="fetcher"/> every time.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="localGoVersion"/> is not a Go version or toolchain name.</exception>
    public GoToolchainQuery(IModuleFetcher fetcher, string? localGoVersion = null, Caching.ModuleCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        _fetcher = fetcher;
        _cache = cache;
        if (!string.IsNullOrEmpty(localGoVersion))
        {
            var v = GoVersion.IsValid(localGoVersion) ? localGoVersion : GoVersion.FromToolchain(localGoVersion);
            if (v.Length == 0)
            {
                throw new ArgumentException($"invalid local Go version {GoQuote.Quote(localGoVersion)}: expected a version such as 1.27.3 or go1.27.3", nameof(localGoVersion));
            }

            LocalGoVersion = v;
        }
    }

    /// <summary>Gets the Go version treated as installed, without the <c>go</c> prefix.</summary>
    /// <value>The version, or <see langword="null"/> when there is none.</value>
    public string? LocalGoVersion { get; }

    /// <summary>Reports whether a module path is one of the pseudo-modules <c>go</c> and <c>toolchain</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> for <c>go</c> and <c>toolchain</c>.</returns>
    public static bool IsToolchainPath(string? path) => path is GoPath or ToolchainPath;

    /// <summary>
    /// Lists the versions of <c>go</c> or <c>toolchain</c>: one per Go release among the <c>golang.org/toolchain</c>
    /// downloads, plus the local version, in Go's release order.
    /// </summary>
    /// <param name="path"><c>go</c> or <c>toolchain</c>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The versions, lowest first, in the path's own form.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is neither <c>go</c> nor <c>toolchain</c>.</exception>
    /// <exception cref="ModuleNotFoundException">The source does not know <c>golang.org/toolchain</c>.</exception>
    /// <exception cref="ModuleFetchException">The request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IReadOnlyList<string>> ListVersionsAsync(string path, CancellationToken cancellationToken = default)
    {
        CheckPath(path);
        var downloads = await _fetcher.ListVersionsAsync(ModulePath.Parse(GoToolchainSelection.ToolchainModulePath), cancellationToken).ConfigureAwait(false);
        return ToolchainQuery.Versions(path, downloads, LocalGoVersion);
    }

    /// <summary>Resolves a query on <c>go</c> or <c>toolchain</c>.</summary>
    /// <param name="path"><c>go</c> or <c>toolchain</c>.</param>
    /// <param name="query">The query, such as <c>latest</c>, <c>1.27</c>, <c>go1.27.3</c>, <c>&lt;1.28</c> or <c>patch</c>.</param>
    /// <param name="currentVersion">
    /// The version currently selected, which <c>upgrade</c> never goes below and <c>patch</c> stays within (its
    /// language version): for the go command the main module's <c>go</c> line, and for <c>toolchain</c> its
    /// <c>toolchain</c> line or else <c>go</c> + the go line (from go 1.21 on); outside a module the local version.
    /// <see langword="null"/>, empty or <c>none</c> for none: <c>upgrade</c> then means <c>latest</c>, and
    /// <c>patch</c> is refused.
    /// </param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The version the query selects.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is neither <c>go</c> nor <c>toolchain</c>.</exception>
    /// <exception cref="GoToolchainQueryException">The go command refuses the query (message <c>go@none: invalid go version none</c>).</exception>
    /// <exception cref="NoMatchingVersionException">No version matches (message <c>module go: no matching versions for query "1.28"</c>).</exception>
    /// <exception cref="ModuleNotFoundException">The proxy does not have the chosen release's linux-amd64 download, or <c>golang.org/toolchain</c>.</exception>
    /// <exception cref="ModuleFetchException">A request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<GoToolchainQueryResult> ResolveAsync(string path, string query, string? currentVersion = null, CancellationToken cancellationToken = default)
    {
        CheckPath(path);
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        return NamingProxyOff(path, query, ResolveCoreAsync(path, query, currentVersion, cancellationToken));
    }

    private async Task<GoToolchainQueryResult> ResolveCoreAsync(string path, string query, string? currentVersion, CancellationToken cancellationToken)
    {
        var current = currentVersion ?? string.Empty;
        var hasCurrent = current.Length != 0 && current != "none";
        if (hasCurrent && !ToolchainQuery.IsValid(path, current))
        {
            throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.InvalidCurrentVersion, SRFormat.Format(SR.ToolchainQueryInvalidCurrent, path, current));
        }

        var matcher = ToolchainQueryMatcher.Create(path, query, current);
        if (matcher is null)
        {
            // An exact version (or anything else): asked for directly, as the go command stats it.
            return await StatAsync(path, query, query, cancellationToken).ConfigureAwait(false);
        }

        var versions = await ListVersionsAsync(path, cancellationToken).ConfigureAwait(false);
        string? release = null;
        string? prerelease = null;
        foreach (var v in versions)
        {
            if (!matcher.Allows(v))
            {
                continue;
            }

            if (ToolchainQuery.IsPrerelease(path, v))
            {
                if (prerelease is null || !matcher.PreferLower)
                {
                    prerelease = v;
                }
            }
            else if (release is null || !matcher.PreferLower)
            {
                release = v;
            }
        }

        if ((release ?? prerelease) is { } chosen)
        {
            return await StatAsync(path, query, chosen, cancellationToken).ConfigureAwait(false);
        }

        if (matcher.MayUseLatest && versions.Count > 0)
        {
            // Only reached with an empty match list; the go command's "latest" is the highest listed version.
            var latest = versions[0];
            foreach (var v in versions)
            {
                if (ToolchainQuery.Compare(path, v, latest) > 0)
                {
                    latest = v;
                }
            }

            if (matcher.Allows(latest))
            {
                return await StatAsync(path, query, latest, cancellationToken).ConfigureAwait(false);
            }
        }

        if (query is "upgrade" or "patch" && hasCurrent)
        {
            // upgrade and patch stay on the current version when nothing newer matches.
            return await StatAsync(path, query, current, cancellationToken).ConfigureAwait(false);
        }

        var message = "module " + path + ": " + SRFormat.Format(SR.ToolchainQueryNoMatch, GoQuote.Quote(query))
            + (query is "upgrade" or "patch" && hasCurrent ? SRFormat.Format(SR.ToolchainQueryCurrentSuffix, current) : string.Empty);
        throw new NoMatchingVersionException(message);
    }

    /// <summary>
    /// Looks up one version of <c>go</c> or <c>toolchain</c> as given, without query matching, as the go command does
    /// when it reads a version it already selected (a go.mod line): <c>go</c> versions up to the local one and the
    /// local <c>toolchain</c> version exist without asking; any other release must have a linux-amd64 download.
    /// </summary>
    /// <param name="path"><c>go</c> or <c>toolchain</c>.</param>
    /// <param name="version">The version (<c>1.27.3</c> or <c>go1.27.3</c>).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The version in the path's own form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is neither <c>go</c> nor <c>toolchain</c>.</exception>
    /// <exception cref="GoToolchainQueryException">The version is not a Go version, or is a language version that is not local.</exception>
    /// <exception cref="ModuleNotFoundException">The proxy does not have the release's linux-amd64 download.</exception>
    /// <exception cref="ModuleFetchException">The request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<GoToolchainQueryResult> GetVersionAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        CheckPath(path);
        ArgumentNullException.ThrowIfNull(version);
        cancellationToken.ThrowIfCancellationRequested();
        return NamingProxyOff(path, version, StatAsync(path, version, version, cancellationToken));
    }

    /// <summary>
    /// GOPROXY=off as the go command words it for these paths: the lookup of the whole pseudo-module is off, so the
    /// message names the query (<c>go@latest: module lookup disabled by GOPROXY=off</c>), not golang.org/toolchain.
    /// </summary>
    private static async Task<GoToolchainQueryResult> NamingProxyOff(string path, string query, Task<GoToolchainQueryResult> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (ModuleNotFoundException ex) when (ex.Failure == ModuleFetchFailure.ProxyOff)
        {
            throw new ModuleNotFoundException(path + "@" + query + ": " + SR.ProxyOff, ModuleFetchFailure.ProxyOff, null, null, null, ex);
        }
    }

    /// <summary>
    /// Confirms one version as the go command's toolchain repository does: <c>go</c> versions up to the local one and
    /// the local <c>toolchain</c> version exist without asking; any other release must have a linux-amd64 download.
    /// </summary>
    private async Task<GoToolchainQueryResult> StatAsync(string path, string query, string version, CancellationToken cancellationToken)
    {
        var v = version.StartsWith("go", StringComparison.Ordinal) ? version[2..] : version;
        if (!GoVersion.IsValid(v))
        {
            throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.InvalidVersion, SRFormat.Format(SR.ToolchainQueryInvalidVersion, path, version));
        }

        if (LocalGoVersion is { } local
            && ((path == GoPath && GoVersion.Compare(v, local) <= 0) || (path == ToolchainPath && v == local)))
        {
            return new GoToolchainQueryResult(path, query, v, null, null);
        }

        if (GoVersion.IsLanguageVersion(v))
        {
            throw new GoToolchainQueryException(path, query, GoToolchainQueryFailure.LanguageVersion, SRFormat.Format(SR.ToolchainQueryLanguageVersion, version));
        }

        var download = new ModuleVersion(ModulePath.Parse(GoToolchainSelection.ToolchainModulePath), ToolchainQuery.DownloadVersion(v));
        var info = _cache is null
            ? await _fetcher.GetInfoAsync(download, cancellationToken).ConfigureAwait(false)
            : await _cache.GetInfoAsync(download, cancellationToken).ConfigureAwait(false);
        return new GoToolchainQueryResult(path, query, v, info.Time, download);
    }

    private static void CheckPath(string path)
    {
        if (!IsToolchainPath(path))
        {
            throw new ArgumentException($"{path} is neither go nor toolchain", nameof(path));
        }
    }
}
