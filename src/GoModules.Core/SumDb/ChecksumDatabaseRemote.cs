using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Kernel;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <summary>
/// Reads a checksum database's server, finding it the way the go command does: at the URL the GOSUMDB setting names,
/// or else through the first GOPROXY entry that proxies it, or else directly at <c>https://&lt;name&gt;</c>.
/// Its <see cref="ReadAsync"/> is the remote half of a <see cref="FileSystemChecksumDatabaseTransport"/>.
/// </summary>
/// <remarks>
/// <para>
/// Finding the database (cmd/go's <c>dbClient.initBase</c>) walks the GOPROXY list with the usual rules, before the
/// first request that needs the server: each proxy URL is asked for <c>&lt;proxy&gt;/sumdb/&lt;name&gt;/supported</c>.
/// A success means every database request goes to <c>&lt;proxy&gt;/sumdb/&lt;name&gt;/…</c>, never falling back. A
/// not-found answer (404, 410), or any error on an entry followed by <c>|</c>, moves to the next entry; <c>direct</c>,
/// <c>off</c> and the implicit <c>noproxy</c> entry count as not-found answers (so a proxy listed after them is still
/// asked). If every entry ends not-found, the database is reached directly. Any other error on an entry followed by
/// <c>,</c> (or at the end of the list) makes the database unavailable: every read fails with the best error of the
/// walk, ranked as for module downloads.
/// </para>
/// <para>
/// The outcome is decided once per instance; a failure is remembered for
/// <see cref="ChecksumDatabaseOptions.FailureRetention"/>. See https://go.dev/design/25530-sumdb#proxying-a-checksum-database.
/// </para>
/// </remarks>
public sealed class ChecksumDatabaseRemote
{
    private const int MaxSupportedBytes = 1 << 16;

    private readonly ChecksumDatabaseSetting _setting;
    private readonly ProxyChain? _proxies;
    private readonly Exception? _proxyError;
    private readonly IModuleProxyTransportFactory _transports;
    private readonly TimeSpan _failureRetention;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly SingleFlight<bool, IModuleProxyTransport> _base = new();
    private FailureMemo? _failure;

    /// <summary>Creates a reader for the database of <paramref name="setting"/>.</summary>
    /// <param name="setting">The GOSUMDB setting; it must not be <c>off</c>.</param>
    /// <param name="proxies">The GOPROXY list to search when the setting names no URL.</param>
    /// <param name="transports">Creates the transport for a proxy or database URL.</param>
    /// <param name="options">Failure retention and clock, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setting"/> is <c>off</c>.</exception>
    public ChecksumDatabaseRemote(ChecksumDatabaseSetting setting, ProxyChain proxies, IModuleProxyTransportFactory transports, ChecksumDatabaseOptions? options = null)
        : this(setting, proxies, null, transports, options)
    {
        ArgumentNullException.ThrowIfNull(proxies);
    }

    private ChecksumDatabaseRemote(ChecksumDatabaseSetting setting, ProxyChain? proxies, Exception? proxyError, IModuleProxyTransportFactory transports, ChecksumDatabaseOptions? options)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(transports);
        if (setting.IsOff)
        {
            throw new ArgumentException("The checksum database is off.", nameof(setting));
        }

        options ??= new ChecksumDatabaseOptions();
        _setting = setting;
        _proxies = proxies;
        _proxyError = proxyError;
        _transports = transports;
        _failureRetention = options.FailureRetention;
        _clock = options.TimeProvider;
    }

    /// <summary>Creates a reader configured by the Go settings: GOSUMDB and GOPROXY (an invalid GOPROXY fails the first read, as in the go command).</summary>
    /// <param name="setting">The parsed GOSUMDB setting; it must not be <c>off</c>.</param>
    /// <param name="environment">The Go settings, for GOPROXY and GONOPROXY.</param>
    /// <param name="transports">Creates the transport for a proxy or database URL.</param>
    /// <param name="options">Failure retention and clock, or null for the defaults.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="setting"/> is <c>off</c>.</exception>
    public static ChecksumDatabaseRemote FromEnvironment(ChecksumDatabaseSetting setting, GoEnvironment environment, IModuleProxyTransportFactory transports, ChecksumDatabaseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _ = ProxyChain.TryFromEnvironment(environment, out var chain, out var error);
        return new ChecksumDatabaseRemote(setting, chain, error, transports, options);
    }

    /// <summary>Reads a database path, such as <c>/lookup/…</c> or <c>/tile/…</c>, finding the database first if needed.</summary>
    /// <param name="path">The path, relative to the database's base URL.</param>
    /// <param name="maxLength">The longest answer wanted; reading stops one byte past it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body of the answer.</returns>
    /// <exception cref="GoModuleException">The database could not be found, or the request failed (404 and 410 as <see cref="ModuleNotFoundException"/>).</exception>
    public async ValueTask<byte[]> ReadAsync(string path, int maxLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var transport = await GetBaseAsync(cancellationToken).ConfigureAwait(false);
        var data = await transport.ReadAsync(path.TrimStart('/'), maxLength, cancellationToken).ConfigureAwait(false);
        return data.ToArray();
    }

    /// <summary>Finds the database's base URL (see the type remarks).</summary>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The base URL, with any password redacted.</returns>
    /// <exception cref="GoModuleException">No proxy serves the database and the walk ended with an error.</exception>
    public async ValueTask<string> GetBaseUrlAsync(CancellationToken cancellationToken = default)
        => (await GetBaseAsync(cancellationToken).ConfigureAwait(false)).RedactedBaseUrl;

    private Task<IModuleProxyTransport> GetBaseAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failure is { } failure)
            {
                if (failure.IsLive(_clock))
                {
                    failure.Failure.Throw();
                }

                _failure = null;
            }
        }

        // The search is shared by concurrent readers and runs until the last of them gives up.
        var task = _base.RunAsync(true, (_, ct) => FindBaseAsync(ct), cancellationToken);
        return task.IsCompletedSuccessfully ? task : AwaitBaseAsync(task, cancellationToken);
    }

    private async Task<IModuleProxyTransport> AwaitBaseAsync(Task<IModuleProxyTransport> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (FailureMemo.Remember(ex, _failureRetention, _clock) is { } failure)
            {
                lock (_lock)
                {
                    _failure = failure;
                }
            }

            throw;
        }
    }

    private async Task<IModuleProxyTransport> FindBaseAsync(CancellationToken cancellationToken)
    {
        var name = _setting.Name!;
        if (_setting.Url is { } url)
        {
            return _transports.Create(url.OriginalString);
        }

        if (_proxies is null)
        {
            ExceptionDispatchInfo.Throw(_proxyError!);
        }

        // Go's TryProxies ranking: errors of direct-like entries first, then proxy errors, then not-found errors.
        const int NotFoundRank = 0;
        const int ProxyRank = 1;
        const int DirectRank = 2;
        Exception? best = null;
        var bestRank = NotFoundRank;
        var supported = "sumdb/" + name + "/supported";
        foreach (var entry in _proxies.Entries)
        {
            Exception error;
            switch (entry.Kind)
            {
                case ProxyChainEntryKind.Url:
                    var transport = _transports.Create(entry.Url!);
                    try
                    {
                        await transport.ReadAsync(supported, MaxSupportedBytes, cancellationToken).ConfigureAwait(false);
                        return _transports.Create(entry.Url!.TrimEnd('/') + "/sumdb/" + name);
                    }
                    catch (GoModuleException ex)
                    {
                        error = ex;
                    }

                    break;
                case ProxyChainEntryKind.NoProxy:
                    error = new ModuleNotFoundException("path does not match GOPRIVATE/GONOPROXY");
                    break;
                default:
                    error = new ModuleNotFoundException("module lookup disabled by GOPROXY=off");
                    break;
            }

            var notFound = error is ModuleNotFoundException;
            if (entry.Kind == ProxyChainEntryKind.Direct)
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

            if (!entry.ShouldFallBack(notFound))
            {
                break;
            }
        }

        if (best is null or ModuleNotFoundException)
        {
            // No proxy serves it (or the list reached direct or off): connect to the database itself.
            return _transports.Create(_setting.DirectUrl!.OriginalString.TrimEnd('/'));
        }

        ExceptionDispatchInfo.Throw(best);
        throw best;
    }
}
