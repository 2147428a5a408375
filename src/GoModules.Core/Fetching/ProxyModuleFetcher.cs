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
        return ProxyVersionList.TaggedVersions(lines, string.Empty);
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
        var context = new ProxyQueryContext(this, path, lines, getGoMod, honorRetractions);
        return await ProxyVersionQuery.QueryFromListAsync(context, query, context.Retractions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The chain's <c>go list -m -versions</c> step for one proxy: the tagged versions of <c>@v/list</c>, without the
    /// versions the module's latest go.mod retracts when <paramref name="honorRetractions"/> is set.
    /// </summary>
    internal async ValueTask<IReadOnlyList<string>> ListVersionsCoreAsync(ModulePath path, Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? getGoMod, bool honorRetractions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lines = await ReadListAsync(path, cancellationToken).ConfigureAwait(false);
        var versions = ProxyVersionList.TaggedVersions(lines, string.Empty);
        if (!honorRetractions || versions.Count == 0)
        {
            return versions;
        }

        var context = new ProxyQueryContext(this, path, lines, getGoMod, honorRetractions: true);
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

    /// <summary>
    /// Go's <c>proxyRepo.Latest</c> for a list already read: the version <c>@latest</c> names, or, when
    /// the proxy has no <c>@latest</c>, the newest timestamped or pseudo-version line of the list.
    /// </summary>
    /// <remarks>
    /// Like the go command (which computes this as soon as it reads a list), the <c>.info</c> of that
    /// newest line is requested before <c>@latest</c>, so the requests come in Go's order.
    /// </remarks>
    internal async ValueTask<ModuleInfo> LatestAsync(ModulePath path, string[] lines, CancellationToken cancellationToken)
    {
        var best = ProxyVersionList.LatestFromList(lines);
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
    internal async ValueTask<ModuleInfo> StatAsync(ModulePath path, string rev, CancellationToken cancellationToken)
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
