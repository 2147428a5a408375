using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching.Internal;
using GoModules.Kernel;
using GoModules.Patterns;
using Microsoft.Extensions.Logging;

namespace GoModules.Fetching;

/// <summary>
/// Fetches through a GOPROXY list exactly as the go command walks it (Go's <c>TryProxies</c>), over
/// any transport. All of Go's fallback rules live here, so they can be tested without a network.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Every request walks the list from the first entry: the <c>.info</c>, <c>.mod</c> and <c>.zip</c>
/// of one version are three walks, and nothing is remembered about a failing entry.</item>
/// <item>A version query is one walk whose step per entry is "read the list (and <c>@latest</c> if
/// needed), pick a version, read its <c>.info</c>".</item>
/// <item>After an entry fails, the next entry is tried if the failed entry was followed by <c>|</c>, or if
/// the failure is a <see cref="ModuleNotFoundException"/> (404, 410); otherwise the walk stops.</item>
/// <item>A module matching GONOPROXY/GOPRIVATE is fetched only by the <c>noproxy</c> and <c>direct</c>
/// entries (direct mode); every proxy URL and <c>off</c> answer "disabled by GOPRIVATE/GONOPROXY".</item>
/// <item>When every entry fails, the error reported is, in order of preference: the last error of
/// direct mode (from <c>direct</c>, or from <c>noproxy</c> for a matching module), else the last
/// error that was not "not found", else the last "not found".</item>
/// </list>
/// Direct mode is a hook: pass an <see cref="IModuleFetcher"/> that resolves modules from their
/// origin. Without one, reaching direct mode fails with "direct mode is not configured", an error that
/// ranks as a direct-mode error. See https://go.dev/ref/mod#goproxy-protocol and <c>go help goproxy</c>.
/// </remarks>
public sealed class ProxyChainFetcher : IModuleFetcher
{
    private const int NotFoundRank = 0;
    private const int ProxyRank = 1;
    private const int DirectRank = 2;

    // Marks the "version" of a query walk, whose messages read "path@query: ..." (Go's ModuleError with a query).
    private const string QueryMarker = "\u0001";

    // go.mod files remembered at most; the cache starts again when full.
    private const int GoModCacheLimit = 4096;

    private readonly ProxyChainEntry[] _entries;
    private readonly ProxyModuleFetcher?[] _proxies;
    private readonly PathPatternList? _noProxy;
    private readonly IModuleFetcher? _direct;
    private readonly ExceptionDispatchInfo? _configurationError;
    private readonly ConcurrentDictionary<ModuleVersion, ReadOnlyMemory<byte>> _goModCache = new();
    private readonly SingleFlight<ModuleVersion, ReadOnlyMemory<byte>> _goModFlights = new(keepResults: false);
    private MetadataAnswerCache? _answers;
    private ILogger? _logger;
    private MetadataCachePolicy _metadataPolicy = MetadataCachePolicy.GoCommand;

    /// <summary>Initializes a new instance over a parsed GOPROXY list.</summary>
    /// <param name="chain">The GOPROXY entries, including the implicit <c>noproxy</c> entry when GONOPROXY is set.</param>
    /// <param name="noProxy">The GONOPROXY patterns (GOPRIVATE when GONOPROXY is unset), or <see langword="null"/> for none.</param>
    /// <param name="transports">Creates the transport for each URL entry, or <see langword="null"/> to support only <c>file://</c> URLs.</param>
    /// <param name="directFetcher">Direct mode, or <see langword="null"/> when it is not available.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for <see cref="ModuleFetchLimits.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is <see langword="null"/>.</exception>
    public ProxyChainFetcher(ProxyChain chain, PathPatternList? noProxy = null, IModuleProxyTransportFactory? transports = null, IModuleFetcher? directFetcher = null, ModuleFetchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _noProxy = noProxy ?? chain.NoProxy;
        _direct = directFetcher;
        var entries = new List<ProxyChainEntry>();
        foreach (var e in chain.Entries)
        {
            entries.Add(e);
        }

        _entries = entries.ToArray();
        _proxies = new ProxyModuleFetcher?[_entries.Length];
        transports ??= FileModuleProxyTransport.Factory;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (EntryKind(_entries[i]) == Kind.Url)
            {
                _proxies[i] = new ProxyModuleFetcher(transports.Create(EntryUrl(_entries[i])), limits);
            }
        }
    }

    private ProxyChainFetcher(Exception configurationError)
    {
        _entries = [];
        _proxies = [];
        _configurationError = ExceptionDispatchInfo.Capture(configurationError);
    }

    /// <summary>
    /// Gets the check applied to every go.mod right after it is read from an entry, before the walk accepts it
    /// (the go command's <c>checkGoMod</c>: go.sum, then the checksum database). A <see cref="GoModuleException"/> it
    /// throws counts as that entry's error, so with <c>|</c> the next entry is tried; any other exception (such as
    /// <see cref="ChecksumMismatchException"/> for a go.sum mismatch) ends the walk.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: go.mod files are returned unchecked.</value>
    public IGoModVerifier? GoModVerifier { get; init; }

    /// <summary>
    /// Gets a value indicating whether retracted versions are kept: in <see cref="ListVersionsAsync"/> and as
    /// candidates of version queries (the go command's <c>-retracted</c> flag). By default they are left out, as the
    /// go command does: the retractions are the <c>retract</c> directives of the go.mod of the module's latest version.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeRetracted { get; init; }

    /// <summary>
    /// Gets or sets how list, query and <c>.info</c> answers and go.mod files are reused in memory by this fetcher (see
    /// <see cref="GoModules.MetadataCachePolicy"/>). May be changed at any time, also while requests run; each call reads
    /// it once.
    /// </summary>
    /// <value>The default value is <see cref="MetadataCachePolicy.GoCommand"/>.</value>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public MetadataCachePolicy MetadataCachePolicy
    {
        get => Volatile.Read(ref _metadataPolicy);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _metadataPolicy, value);
        }
    }

    /// <summary>Gets the clock that dates the answers kept by <see cref="MetadataCachePolicy"/>.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets the logger factory of this fetcher's fallback decisions (category <c>GoModules.Fetching.ProxyChainFetcher</c>,
    /// event ids 2001-2004, see the GoModules.Core README).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is logged.</value>
    public ILoggerFactory? LoggerFactory { get; init; }

    private ILogger Logger => _logger ??= CoreLog.For<ProxyChainFetcher>(LoggerFactory);

    private MetadataAnswerCache Answers => LazyInitializer.EnsureInitialized(ref _answers, () => new MetadataAnswerCache(TimeProvider, Logger));

    /// <summary>
    /// Creates a fetcher configured as the go command would be by <paramref name="environment"/>:
    /// GOPROXY, and GONOPROXY (defaulting to GOPRIVATE). An invalid GOPROXY does not throw here: as in
    /// the go command, every operation then fails with the configuration error.
    /// </summary>
    /// <param name="environment">The Go settings.</param>
    /// <param name="transports">Creates the transport for each URL entry, or <see langword="null"/> to support only <c>file://</c> URLs.</param>
    /// <param name="directFetcher">Direct mode, or <see langword="null"/> when it is not available.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for <see cref="ModuleFetchLimits.Default"/>.</param>
    /// <returns>The fetcher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> is <see langword="null"/>.</exception>
    public static ProxyChainFetcher FromEnvironment(GoEnvironment environment, IModuleProxyTransportFactory? transports = null, IModuleFetcher? directFetcher = null, ModuleFetchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!ProxyChain.TryFromEnvironment(environment, out var chain, out var error))
        {
            return new ProxyChainFetcher(error);
        }

        return new ProxyChainFetcher(chain, environment.NoProxyPatterns, transports, directFetcher, limits);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// As <c>go list -m -versions</c> does, versions retracted by the go.mod of the module's latest version are left
    /// out unless <see cref="IncludeRetracted"/> is set; that go.mod is read with <see cref="GetGoModAsync"/>.
    /// </remarks>
    public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default)
    {
        var honorRetractions = !IncludeRetracted;
        return Answers.GetAsync(MetadataCachePolicy, "list", path, string.Empty, token => WalkAsync(
            path,
            null,
            "list",
            (f, p, _, ct) => f is ProxyModuleFetcher proxy ? proxy.ListVersionsCoreAsync(p, GetGoModAsync, honorRetractions, ct) : f.ListVersionsAsync(p, ct),
            token), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>latest</c>, <c>upgrade</c>, <c>patch</c>, prefix and comparison queries skip the versions retracted by the
    /// go.mod of the module's latest version (the newest release, else the newest version, with retractions
    /// ignored), as the go command does; when every candidate is retracted the query finds no matching version.
    /// An exact version or a revision is returned even if retracted. <see cref="IncludeRetracted"/> turns the check off.
    /// </remarks>
    public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default)
    {
        var q = VersionQuery.Parse(path, query);
        var honorRetractions = !IncludeRetracted;
        return Answers.GetAsync(MetadataCachePolicy, "query", path, query, token => WalkAsync(
            path,
            QueryMarker + query,
            "query",
            (f, p, _, ct) => f is ProxyModuleFetcher proxy ? proxy.QueryCoreAsync(p, q, GetGoModAsync, honorRetractions, ct) : f.QueryAsync(p, query, ct),
            token), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(module.Version, nameof(module));
        return Answers.GetAsync(MetadataCachePolicy, "info", module.Path, module.Version, token => WalkAsync(module.Path, module.Version, "info", (f, _, _, ct) => f.GetInfoAsync(module, ct), token), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A go.mod read successfully is remembered for the life of this fetcher (as the go command remembers it for the
    /// life of the process), so the go.mod read by a retraction check is not requested again; with
    /// <see cref="MetadataCachePolicy.MaxAge(TimeSpan)"/> concurrent requests for one go.mod also share one walk. With
    /// <see cref="MetadataCachePolicy.NoCache"/> nothing is remembered.
    /// </remarks>
    public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        var mode = MetadataCachePolicy.Mode;
        if (mode == MetadataCacheMode.NoCache)
        {
            return WalkGoModAsync(module, cancellationToken);
        }

        if (_goModCache.TryGetValue(module, out var known))
        {
            return cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<ReadOnlyMemory<byte>>(cancellationToken) : ValueTask.FromResult(known);
        }

        return mode == MetadataCacheMode.MaxAge
            ? new ValueTask<ReadOnlyMemory<byte>>(_goModFlights.RunAsync(module, (m, ct) => ReadGoModAsync(m, ct).AsTask(), cancellationToken))
            : ReadGoModAsync(module, cancellationToken);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadGoModAsync(ModuleVersion module, CancellationToken cancellationToken)
    {
        var data = await WalkGoModAsync(module, cancellationToken).ConfigureAwait(false);
        if (_goModCache.Count >= GoModCacheLimit)
        {
            _goModCache.Clear();
        }

        _goModCache[module] = data;
        return data;
    }

    private ValueTask<ReadOnlyMemory<byte>> WalkGoModAsync(ModuleVersion module, CancellationToken cancellationToken)
    {
        var verifier = GoModVerifier;
        return verifier is null
            ? WalkAsync(module.Path, module.Version, "mod", (f, _, _, ct) => f.GetGoModAsync(module, ct), cancellationToken)
            : WalkAsync(
                module.Path,
                module.Version,
                "mod",
                async (f, _, _, ct) =>
                {
                    // As in the go command, the go.mod is verified inside the walk: a failed check is this entry's error.
                    var data = await f.GetGoModAsync(module, ct).ConfigureAwait(false);
                    await verifier.VerifyGoModAsync(module, data, ct).ConfigureAwait(false);
                    return data;
                },
                cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireCanonical(module);
        ArgumentNullException.ThrowIfNull(destination);
        var start = destination.CanSeek ? destination.Position : -1;
        var counter = new CountingStream(destination, progress);
        await WalkAsync<bool>(
            module.Path,
            module.Version,
            "zip",
            async (f, _, _, ct) =>
            {
                if (counter.BytesWritten != 0)
                {
                    // A previous entry failed part-way: start the file again, as Go truncates its temp file.
                    if (start < 0)
                    {
                        throw new InvalidOperationException("unreachable: rewind checked on failure");
                    }

                    destination.Position = start;
                    destination.SetLength(start);
                    counter.Reset();
                }

                await f.CopyZipToAsync(module, counter, CountingStream.Progress, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            canContinue: () => counter.BytesWritten == 0 || start >= 0,
            unrewindable: ex => new ModuleFetchException(SRFormat.Format(SR.ZipDestinationNotRewindable, ex.Message), ex is ModuleFetchException fe ? fe.Failure : ModuleFetchFailure.Other, null, null, null, ex)).ConfigureAwait(false);
    }

    private async ValueTask<T> WalkAsync<T>(
        ModulePath path,
        string? version,
        string operation,
        Func<IModuleFetcher, ModulePath, string?, CancellationToken, ValueTask<T>> step,
        CancellationToken cancellationToken,
        Func<bool>? canContinue = null,
        Func<Exception, Exception>? unrewindable = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_configurationError is not null)
        {
            var inner = _configurationError.SourceException;
            throw new ModuleFetchException(Prefix(path, version) + inner.Message, ModuleFetchFailure.InvalidConfiguration, null, null, null, inner);
        }

        using var activity = GoModulesDiagnostics.ActivitySource.HasListeners()
            ? GoModulesDiagnostics.ActivitySource.StartActivity("GoModules.Fetch " + operation, ActivityKind.Internal)
            : null;
        if (activity is not null)
        {
            activity.SetTag("gomodules.module.path", path.ToString());
            activity.SetTag("gomodules.module.version", Unmark(version));
            activity.SetTag("gomodules.operation", operation);
        }

        var logger = Logger;
        var matchesNoProxy = _noProxy is not null && _noProxy.Matches(path.Value);
        Exception? best = null;
        var bestRank = NotFoundRank;
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = _entries[i];
            var kind = EntryKind(entry);
            Exception error;
            try
            {
                var fetcher = Resolve(i, kind, matchesNoProxy, path, version);
                var result = await step(fetcher, path, version, cancellationToken).ConfigureAwait(false);
                activity?.SetTag("gomodules.proxy.entry", i);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    var subject = Subject(path, version);
                    var source = Source(i, kind);
                    CoreLog.EntryAnswered(logger, subject, operation, i, source);
                }

                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (ChecksumMismatchException)
            {
                // A disagreement with go.sum is fatal in the go command (it exits at once), so no other entry is
                // tried. A checksum-database rejection arrives wrapped in ModuleFetchException and stays this
                // entry's error.
                throw;
            }
            catch (GoModuleException ex)
            {
                error = ex;
            }

            activity?.AddEvent(new ActivityEvent("gomodules.proxy.entry_failed", tags: new ActivityTagsCollection { ["gomodules.proxy.entry"] = i, ["exception.message"] = error.Message }));
            var notFound = error is ModuleNotFoundException;
            if (kind == Kind.Direct || (kind == Kind.NoProxy && !(error is ModuleNotFoundException { Failure: ModuleFetchFailure.NotMatchedByNoProxy })))
            {
                best = error;
                bestRank = DirectRank;
            }
            else if (bestRank <= ProxyRank && !notFound)
            {
                best = error;
                bestRank = ProxyRank;
            }
            else if (bestRank == NotFoundRank)
            {
                best = error;
            }

            if (EntryFallback(entry) != ProxyFallback.OnAnyError && !notFound)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var subject = Subject(path, version);
                    var source = Source(i, kind);
                    var reason = error.Message;
                    CoreLog.NotFallingBack(logger, subject, operation, i, source, reason, "after ',' only a not-found answer (404, 410) falls back");
                }

                break;
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                var subject = Subject(path, version);
                var source = Source(i, kind);
                var reason = error.Message;
                var next = i + 1;
                if (next < _entries.Length)
                {
                    CoreLog.FallingBack(logger, subject, operation, i, source, reason, next, notFound ? "not found" : "'|' falls back after any error");
                }
                else
                {
                    CoreLog.NotFallingBack(logger, subject, operation, i, source, reason, "last entry");
                }
            }

            if (i + 1 < _entries.Length && canContinue is not null && !canContinue())
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Message);
                throw unrewindable!(error);
            }

            if (i + 1 < _entries.Length && Metrics.ProxyFallbacks.Enabled)
            {
                Metrics.Fallback(Source(i, kind), operation, notFound);
            }
        }

        if (best is null)
        {
            throw new InvalidOperationException("GOPROXY list is empty");
        }

        activity?.SetStatus(ActivityStatusCode.Error, best.Message);
        ExceptionDispatchInfo.Throw(best);
        throw best;
    }

    private static string Subject(ModulePath path, string? version) => Prefix(path, version).TrimEnd(' ', ':');

    private string Source(int index, Kind kind) => _proxies[index]?.Transport.RedactedBaseUrl ?? kind.ToString().ToLowerInvariant();

    // Go's modfetch.lookup: what one entry means for this module path.
    private IModuleFetcher Resolve(int index, Kind kind, bool matchesNoProxy, ModulePath path, string? version)
    {
        if (matchesNoProxy)
        {
            return kind is Kind.NoProxy or Kind.Direct
                ? Direct(path, version)
                : throw NotFound(path, version, SR.DisabledByNoProxy, ModuleFetchFailure.DisabledByNoProxy);
        }

        return kind switch
        {
            Kind.Off => throw NotFound(path, version, SR.ProxyOff, ModuleFetchFailure.ProxyOff),
            Kind.Direct => Direct(path, version),
            Kind.NoProxy => throw NotFound(path, version, SR.NotMatchedByNoProxy, ModuleFetchFailure.NotMatchedByNoProxy),
            _ => _proxies[index]!,
        };
    }

    private IModuleFetcher Direct(ModulePath path, string? version) =>
        _direct ?? throw new ModuleFetchException(Prefix(path, version) + SR.DirectNotConfigured, ModuleFetchFailure.DirectNotConfigured, null, null, null, null);

    private static ModuleNotFoundException NotFound(ModulePath path, string? version, string message, ModuleFetchFailure failure) =>
        new(Prefix(path, version) + message, failure, null, null, null, null, new ModuleVersion(path, Unmark(version)));

    private static string Prefix(ModulePath path, string? version) =>
        version is not null && version.StartsWith(QueryMarker, StringComparison.Ordinal)
            ? path.Value + "@" + version[QueryMarker.Length..] + ": "
            : ModuleOps.MessagePrefix(path, version);

    private static string Unmark(string? version) =>
        version is null ? string.Empty : version.StartsWith(QueryMarker, StringComparison.Ordinal) ? version[QueryMarker.Length..] : version;

    private static void RequireCanonical(ModuleVersion module)
    {
        var v = module.Version ?? string.Empty;
        if (v.Length == 0 || v != ModuleOps.CanonicalVersion(v))
        {
            throw new ArgumentException(SRFormat.Format(SR.NonCanonicalVersion, v), nameof(module));
        }
    }

    private enum Kind
    {
        Url,
        Direct,
        Off,
        NoProxy,
    }

    private static Kind EntryKind(ProxyChainEntry e) => e.Kind switch
    {
        ProxyChainEntryKind.Direct => Kind.Direct,
        ProxyChainEntryKind.Off => Kind.Off,
        ProxyChainEntryKind.NoProxy => Kind.NoProxy,
        _ => Kind.Url,
    };

    private static string EntryUrl(ProxyChainEntry e) => e.Url!;

    private static ProxyFallback EntryFallback(ProxyChainEntry e) => e.FallBack;
}
