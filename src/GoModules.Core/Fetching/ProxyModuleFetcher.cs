using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching.Internal;
using GoModules.Kernel;

namespace GoModules.Fetching;

/// <summary>
/// The module-proxy protocol over one GOPROXY URL (Go's <c>proxyRepo</c> plus the per-proxy step of
/// version queries): which files to request, how to read <c>@v/list</c>, <c>.info</c> and
/// <c>@latest</c>, and which answers are invalid. The bytes come from an <see cref="IModuleProxyTransport"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>@v/list</c>: each line's first white-space separated field is a version; other fields, blank
/// lines and lines that are not semantic versions are ignored; pseudo-versions are not listed.</item>
/// <item><c>.info</c>: JSON; for a canonical version whose major version suits the path, the answer must
/// name that version (<c>proxy returned info for version X instead of requested version</c>).</item>
/// <item><c>latest</c>: the list first; <c>@latest</c> only when the list has no tagged version; when
/// <c>@latest</c> is missing, the newest timestamped or pseudo-version line of the list.</item>
/// <item>Size limits from <see cref="ModuleFetchLimits"/>, read with one extra byte to detect excess.</item>
/// <item>Retractions are not applied here: this type's <see cref="ListVersionsAsync"/> and <see cref="QueryAsync"/>
/// see every listed version. <see cref="ProxyChainFetcher"/> applies them, as the go command does.</item>
/// </list>
/// See https://go.dev/ref/mod#goproxy-protocol.
/// </remarks>
public sealed class ProxyModuleFetcher : IModuleFetcher
{
    private readonly MeteredProxyTransport _transport;
    private readonly IModuleProxyTransport _outer;
    private readonly ModuleFetchLimits _limits;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="transport">Reads files from the proxy.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for <see cref="ModuleFetchLimits.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is <see langword="null"/>.</exception>
    public ProxyModuleFetcher(IModuleProxyTransport transport, ModuleFetchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _outer = transport;
        _transport = new MeteredProxyTransport(transport);
        _limits = limits ?? ModuleFetchLimits.Default;
    }

    /// <summary>Gets the transport that reads from the proxy.</summary>
    public IModuleProxyTransport Transport => _outer;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lines = await ReadListAsync(path, cancellationToken).ConfigureAwait(false);
        return TaggedVersions(lines, string.Empty);
    }

    /// <inheritdoc/>
    public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default)
    {
        var q = VersionQuery.Parse(path, query);
        return QueryCoreAsync(path, q, getGoMod: null, honorRetractions: false, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(module.Version, nameof(module));
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ModuleInfo>(cancellationToken);
        }

        return StatAsync(module.Path, module.Version, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        cancellationToken.ThrowIfCancellationRequested();
        var file = ProxyPaths.File(ModuleOps.EscapePath(module.Path), ModuleOps.EscapeVersion(module.Version), ".mod");
        ReadOnlyMemory<byte> data;
        try
        {
            data = await _transport.ReadAsync(file, _limits.MaxGoModBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Prefixed(ex, module.Path, module.Version);
        }

        if (data.Length > _limits.MaxGoModBytes)
        {
            throw Failure(module.Path, module.Version, ModuleFetchFailure.TooLarge, SR.GoModTooLarge);
        }

        return data;
    }

    /// <inheritdoc/>
    public async ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        ArgumentNullException.ThrowIfNull(destination);
        cancellationToken.ThrowIfCancellationRequested();
        var file = ProxyPaths.File(ModuleOps.EscapePath(module.Path), ModuleOps.EscapeVersion(module.Version), ".zip");
        long written;
        try
        {
            written = await _transport.CopyToAsync(file, destination, _limits.MaxZipBytes, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Prefixed(ex, module.Path, module.Version);
        }

        if (written > _limits.MaxZipBytes)
        {
            throw Failure(module.Path, module.Version, ModuleFetchFailure.TooLarge, SR.ZipTooLarge);
        }
    }

    /// <summary>
    /// The per-proxy step of a version query (Go's <c>queryProxy</c>). <paramref name="getGoMod"/> reads a
    /// go.mod for the <c>+incompatible</c> rule and for retractions; the chain passes its own walk, as the go command
    /// does. With <paramref name="honorRetractions"/>, versions retracted by the go.mod of the module's latest version
    /// are skipped (Go's <c>CheckAllowed</c>); an exact version is never checked, as in <c>go list -m</c>.
    /// </summary>
    internal async ValueTask<ModuleInfo> QueryCoreAsync(ModulePath path, VersionQuery query, Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? getGoMod, bool honorRetractions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (query.IsDirectLookup)
        {
            try
            {
                return await StatAsync(path, query.Text, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException queryError) when (queryError is ModuleNotFoundException or ModuleFetchException)
            {
                // A version with +metadata is the same version as the tag without it.
                var canonical = ModuleOps.CanonicalVersion(query.Text);
                if (canonical.Length != 0 && canonical != query.Text)
                {
                    try
                    {
                        return await StatAsync(path, canonical, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ModuleNotFoundException)
                    {
                        // Report the error of the query as written.
                    }
                }

                ExceptionDispatchInfo.Throw(queryError);
                throw;
            }
        }

        var lines = await ReadListAsync(path, cancellationToken).ConfigureAwait(false);
        var context = new QueryContext(this, path, lines, getGoMod, honorRetractions);
        return await QueryFromListAsync(context, query, context.Retractions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The chain's <c>go list -m -versions</c> step for one proxy: the tagged versions of <c>@v/list</c>, without the
    /// versions the module's latest go.mod retracts when <paramref name="honorRetractions"/> is set.
    /// </summary>
    internal async ValueTask<IReadOnlyList<string>> ListVersionsCoreAsync(ModulePath path, Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? getGoMod, bool honorRetractions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lines = await ReadListAsync(path, cancellationToken).ConfigureAwait(false);
        var versions = TaggedVersions(lines, string.Empty);
        if (!honorRetractions || versions.Count == 0)
        {
            return versions;
        }

        var context = new QueryContext(this, path, lines, getGoMod, honorRetractions: true);
        var kept = new List<string>(versions.Count);
        foreach (var v in versions)
        {
            if (!await context.Retractions!.IsRetractedAsync(context, v, cancellationToken).ConfigureAwait(false))
            {
                kept.Add(v);
            }
        }

        return kept;
    }

    // Go's queryProxy after the list is read; retracted versions are skipped when retractions is set.
    private static async ValueTask<ModuleInfo> QueryFromListAsync(QueryContext context, VersionQuery query, RetractionFilter? retractions, CancellationToken cancellationToken)
    {
        var path = context.Path;
        var versions = TaggedVersions(context.Lines, query.Prefix);
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

    // One query on one proxy: the list already read, and what the go command's caches would answer again
    // without a request (.info, @latest and go.mod results of this query).
    private sealed class QueryContext
    {
        private readonly ProxyModuleFetcher _owner;
        private readonly Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? _getGoMod;
        private readonly Dictionary<string, ModuleInfo> _stats = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ExceptionDispatchInfo> _statErrors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ReadOnlyMemory<byte>> _goMods = new(StringComparer.Ordinal);
        private ModuleInfo? _latest;
        private ExceptionDispatchInfo? _latestError;

        public QueryContext(ProxyModuleFetcher owner, ModulePath path, string[] lines, Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? getGoMod, bool honorRetractions)
        {
            _owner = owner;
            Path = path;
            Lines = lines;
            _getGoMod = getGoMod;
            Retractions = honorRetractions ? new RetractionFilter() : null;
        }

        public ModulePath Path { get; }

        public string[] Lines { get; }

        public RetractionFilter? Retractions { get; }

        public async ValueTask<ModuleInfo> StatAsync(string version, CancellationToken cancellationToken)
        {
            if (_statErrors.TryGetValue(version, out var failed))
            {
                failed.Throw();
            }

            if (_stats.TryGetValue(version, out var known))
            {
                return known;
            }

            try
            {
                var info = await _owner.StatAsync(Path, version, cancellationToken).ConfigureAwait(false);
                _stats[version] = info;
                return info;
            }
            catch (GoModuleException ex)
            {
                _statErrors[version] = ExceptionDispatchInfo.Capture(ex);
                throw;
            }
        }

        public async ValueTask<ModuleInfo> LatestAsync(CancellationToken cancellationToken)
        {
            if (_latest is null && _latestError is null)
            {
                try
                {
                    _latest = await _owner.LatestAsync(Path, Lines, cancellationToken).ConfigureAwait(false);
                }
                catch (GoModuleException ex)
                {
                    _latestError = ExceptionDispatchInfo.Capture(ex);
                }
            }

            _latestError?.Throw();
            return _latest!;
        }

        public async ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(string version, CancellationToken cancellationToken)
        {
            if (_goMods.TryGetValue(version, out var known))
            {
                return known;
            }

            var mv = new ModuleVersion(Path, version);
            var data = _getGoMod is null
                ? await _owner.GetGoModAsync(mv, cancellationToken).ConfigureAwait(false)
                : await _getGoMod(mv, cancellationToken).ConfigureAwait(false);
            _goMods[version] = data;
            return data;
        }
    }

    // Go's CheckRetractions: the retract directives of the go.mod of the module's latest version (the query
    // "latest" with retractions ignored), loaded once on first use. A failure to load them retracts nothing.
    private sealed class RetractionFilter
    {
        private bool _loaded;
        private IReadOnlyList<GoModules.ModFile.GoModRetract> _retract = [];

        public async ValueTask<bool> IsRetractedAsync(QueryContext context, string version, CancellationToken cancellationToken)
        {
            if (!_loaded)
            {
                _loaded = true;
                try
                {
                    var latest = await QueryFromListAsync(context, VersionQuery.Parse(context.Path, "latest"), null, cancellationToken).ConfigureAwait(false);
                    var data = await context.GetGoModAsync(latest.Version, cancellationToken).ConfigureAwait(false);
                    if (GoModules.ModFile.GoModFile.TryParse("go.mod", data.Span, GoModules.ModFile.GoModParseMode.Lax, out var file, out _))
                    {
                        _retract = file.Retract;
                    }
                }
                catch (ChecksumMismatchException)
                {
                    throw;
                }
                catch (GoModuleException)
                {
                    // As in the go command, a version is only skipped when it is known to be retracted.
                }
            }

            foreach (var r in _retract)
            {
                if (SemVer.Compare(r.Low, version) <= 0 && SemVer.Compare(version, r.High) <= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Go's <c>proxyRepo.Latest</c> for a list already read: the version <c>@latest</c> names, or, when
    /// the proxy has no <c>@latest</c>, the newest timestamped or pseudo-version line of the list.
    /// </summary>
    /// <remarks>
    /// Like the go command (which computes this as soon as it reads a list), the <c>.info</c> of that
    /// newest line is requested before <c>@latest</c>, so the requests come in Go's order.
    /// </remarks>
    private async ValueTask<ModuleInfo> LatestAsync(ModulePath path, string[] lines, CancellationToken cancellationToken)
    {
        var best = LatestFromList(lines);
        ModuleInfo? fromList = null;
        ExceptionDispatchInfo? fromListError = null;
        if (best is not null)
        {
            try
            {
                fromList = await StatAsync(path, best, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException ex)
            {
                fromListError = ExceptionDispatchInfo.Capture(ex);
            }
        }

        ReadOnlyMemory<byte> data;
        try
        {
            data = await _transport.ReadAsync(ProxyPaths.Latest(ModuleOps.EscapePath(path)), _limits.MaxInfoBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleNotFoundException)
        {
            if (best is null)
            {
                throw new ModuleNotFoundException(ModuleOps.MessagePrefix(path, null) + SR.NoCommits, ModuleFetchFailure.Other, null, null, null, null, new ModuleVersion(path, string.Empty));
            }

            fromListError?.Throw();
            return fromList!;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Prefixed(ex, path, null);
        }

        if (data.Length > _limits.MaxInfoBytes)
        {
            throw Failure(path, null, ModuleFetchFailure.TooLarge, SR.InfoTooLarge);
        }

        if (!ModuleInfoJson.TryParse(data, out var info, out var error))
        {
            throw Failure(path, null, ModuleFetchFailure.InvalidResponse, SRFormat.Format(SR.InvalidResponseFromProxy, _transport.RedactedBaseUrl, GoModules.Kernel.ServerText.Sanitize(error)));
        }

        return info!;
    }

    /// <summary>Go's <c>proxyRepo.Stat</c>: <c>@v/REV.info</c>, checked.</summary>
    private async ValueTask<ModuleInfo> StatAsync(ModulePath path, string rev, CancellationToken cancellationToken)
    {
        if (!ModuleOps.TryEscapeVersion(rev, out var escapedRev, out var reason))
        {
            throw Failure(path, rev, ModuleFetchFailure.InvalidVersion, reason);
        }

        ReadOnlyMemory<byte> data;
        try
        {
            data = await _transport.ReadAsync(ProxyPaths.File(ModuleOps.EscapePath(path), escapedRev, ".info"), _limits.MaxInfoBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Prefixed(ex, path, rev);
        }

        if (data.Length > _limits.MaxInfoBytes)
        {
            throw Failure(path, rev, ModuleFetchFailure.TooLarge, SR.InfoTooLarge);
        }

        if (!ModuleInfoJson.TryParse(data, out var info, out var error))
        {
            throw Failure(path, rev, ModuleFetchFailure.InvalidResponse, SRFormat.Format(SR.InvalidResponseFromProxy, _transport.RedactedBaseUrl, GoModules.Kernel.ServerText.Sanitize(error)));
        }

        if (info!.Version != rev && rev == ModuleOps.CanonicalVersion(rev) && ModuleOps.IsCompatibleVersion(path, rev))
        {
            throw Failure(path, rev, ModuleFetchFailure.WrongVersion, SRFormat.Format(SR.WrongInfoVersion, GoModules.Kernel.ServerText.Sanitize(info.Version)));
        }

        return info;
    }

    private async ValueTask<string[]> ReadListAsync(ModulePath path, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> data;
        try
        {
            data = await _transport.ReadAsync(ProxyPaths.List(ModuleOps.EscapePath(path)), _limits.MaxListBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw Prefixed(ex, path, null);
        }

        if (data.Length > _limits.MaxListBytes)
        {
            throw Failure(path, null, ModuleFetchFailure.TooLarge, SR.ListTooLarge);
        }

        return Encoding.UTF8.GetString(data.Span).Split('\n');
    }

    /// <summary>The tagged versions of a list body with the given prefix, sorted (Go's <c>proxyRepo.Versions</c>).</summary>
    internal static List<string> TaggedVersions(string[] lines, string prefix)
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
    internal static string? LatestFromList(string[] lines)
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

    // Go's modfetch.LegacyGoMod: what the go command synthesises for a version without go.mod.
    private static bool IsSynthesizedGoMod(ModulePath path, ReadOnlySpan<byte> data)
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

    private static void RequireCanonical(ModuleVersion module)
    {
        var v = module.Version ?? string.Empty;
        if (v.Length == 0 || v != ModuleOps.CanonicalVersion(v))
        {
            throw new ArgumentException(SRFormat.Format(SR.NonCanonicalVersion, v), nameof(module));
        }
    }

    internal static bool IsTransportFailure(Exception ex) => ex is ModuleNotFoundException or ModuleFetchException;

    internal static GoModuleException Prefixed(Exception ex, ModulePath path, string? version)
    {
        var prefix = ModuleOps.MessagePrefix(path, version);
        var mv = new ModuleVersion(path, version ?? string.Empty);
        return ex switch
        {
            ModuleNotFoundException nf => nf.WithPrefix(prefix, mv),
            ModuleFetchException fe => fe.WithPrefix(prefix, mv),
            _ => throw new InvalidOperationException("unexpected exception type", ex),
        };
    }

    private static ModuleFetchException Failure(ModulePath path, string? version, ModuleFetchFailure failure, string message) =>
        new ModuleFetchException(message, failure, null, null, null, null).WithPrefix(ModuleOps.MessagePrefix(path, version), new ModuleVersion(path, version ?? string.Empty));
}
