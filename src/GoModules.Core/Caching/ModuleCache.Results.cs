using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using GoModules.Hashing;
using GoModules.Zip;

namespace GoModules.Caching;

/// <content>
/// Downloads that produce <c>go mod download</c> records (<see cref="ModuleDownloadResult"/>). The naming rule of the
/// public API (ARCHITECTURE.md): a method named <c>XAsync</c> throws when it cannot do X; a method named
/// <c>TryXAsync</c> reports a module's failure in its result (<see cref="ModuleDownloadResult.Error"/>) and throws only
/// for invalid arguments and for the caller's own cancellation.
/// </content>
public sealed partial class ModuleCache
{
    /// <summary>
    /// Downloads the version a query selects, as <c>go mod download path@query</c> does: a canonical version is taken
    /// as it is; any other query (<c>latest</c>, <c>upgrade</c>, <c>v1.2</c>, <c>&lt;v1.3.0</c>, a branch or commit
    /// in direct mode) is resolved through the fetcher first, and the record carries both the resolved version and the
    /// query.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="query">A version or version query.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record of the successful download (<see cref="ModuleDownloadResult.Succeeded"/> is <see langword="true"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty.</exception>
    /// <exception cref="ChecksumMismatchException">The download does not match go.sum or the checksum database.</exception>
    /// <exception cref="GoModuleException">The query matched nothing, or the fetcher failed (for example <see cref="NoMatchingVersionException"/>, <see cref="ModuleNotFoundException"/>, <see cref="Zip.ModuleZipException"/>).</exception>
    /// <exception cref="IOException">The cache could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads take different kinds of first argument (a module version, or a path and a query); they cannot be confused.")]
    public async Task<ModuleDownloadResult> DownloadAsync(ModulePath path, string query, CancellationToken cancellationToken = default)
    {
        var result = await TryDownloadAsync(path, query, cancellationToken).ConfigureAwait(false);
        if (result.Exception is { } ex)
        {
            ExceptionDispatchInfo.Throw(ex);
        }

        return result;
    }

    /// <summary>
    /// Downloads the version a query selects, as <see cref="DownloadAsync(ModulePath, string, CancellationToken)"/> does,
    /// and reports a failure (of the query or of the download) in the record instead of throwing. When the query
    /// fails, the record's <see cref="ModuleDownloadResult.Version"/> is the query, as the go command prints it.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="query">A version or version query.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record; <see cref="ModuleDownloadResult.Error"/> says what failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads take different kinds of first argument (a module version, or a path and a query); they cannot be confused.")]
    public async Task<ModuleDownloadResult> TryDownloadAsync(ModulePath path, string query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        if (ModuleCachePaths.TryEscapeCacheVersion(query, out _))
        {
            return await TryDownloadCoreAsync(new ModuleVersion(path, query), null, cancellationToken).ConfigureAwait(false);
        }

        Fetching.ModuleInfo info;
        try
        {
            info = await _fetcher.QueryAsync(path, query, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsModuleFailure(ex))
        {
            return ModuleDownloadResult.FromFailure(path.Value, query, string.Empty, ex);
        }

        var result = await TryDownloadCoreAsync(new ModuleVersion(path, info.Version), null, cancellationToken).ConfigureAwait(false);
        result.Query = query;
        return result;
    }

    /// <summary>
    /// Downloads one version as <c>go mod download</c> does (metadata, go.mod, zip, extraction, checks) and reports
    /// the outcome in a record instead of throwing.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record; <see cref="ModuleDownloadResult.Error"/> says what failed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads take different kinds of first argument (a module version, or a path and a query); they cannot be confused.")]
    public Task<ModuleDownloadResult> TryDownloadAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        => TryDownloadCoreAsync(module, null, cancellationToken);

    /// <summary>
    /// Downloads many versions with bounded parallelism (<see cref="ModuleCacheOptions.MaxParallelDownloads"/>),
    /// as <c>go mod download</c> does; each outcome is reported in its record.
    /// </summary>
    /// <param name="modules">The module versions.</param>
    /// <param name="progress">Receives byte counts and completions, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records, in the order of <paramref name="modules"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="modules"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<IReadOnlyList<ModuleDownloadResult>> TryDownloadAllAsync(
        IReadOnlyList<ModuleVersion> modules,
        IProgress<ModuleDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var results = new ModuleDownloadResult[modules.Count];
        await RunAllAsync(modules, progress, (i, r) => results[i] = r, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Downloads many versions as <see cref="TryDownloadAllAsync"/> does (at most
    /// <see cref="ModuleCacheOptions.MaxParallelDownloads"/> at once) and yields each record as soon as its download
    /// finishes, in completion order.
    /// </summary>
    /// <param name="modules">The module versions.</param>
    /// <param name="progress">Receives per-module byte counts and completions, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests; it also reaches the enumerator.</param>
    /// <returns>The records, one per module version, in the order the downloads finish.</returns>
    /// <remarks>
    /// Canceling, or leaving the enumeration early (disposing the enumerator), stops the downloads that are still
    /// running and waits for them: each leaves the cache as a download interrupted at any point does (nothing usable
    /// or a complete entry, no temporary file), and nothing runs once the enumeration is over. Downloads not yet
    /// started are not started.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="modules"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public IAsyncEnumerable<ModuleDownloadResult> TryDownloadEachAsync(
        IReadOnlyList<ModuleVersion> modules,
        IProgress<ModuleDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return EachAsync(modules, progress, cancellationToken);
    }

    private async IAsyncEnumerable<ModuleDownloadResult> EachAsync(
        IReadOnlyList<ModuleVersion> modules,
        IProgress<ModuleDownloadProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<ModuleDownloadResult>(new UnboundedChannelOptions { SingleReader = true });
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    await RunAllAsync(modules, progress, (_, r) => channel.Writer.TryWrite(r), stop.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);
        try
        {
            while (await channel.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var result))
                {
                    yield return result;
                }
            }
        }
        finally
        {
            // Leaving early (or canceling) stops the rest, and the enumeration ends only once nothing runs any more.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task RunAllAsync(
        IReadOnlyList<ModuleVersion> modules,
        IProgress<ModuleDownloadProgress>? progress,
        Action<int, ModuleDownloadResult> completed,
        CancellationToken cancellationToken)
    {
        var done = 0;
        await Parallel.ForAsync(
            0,
            modules.Count,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelDownloads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var module = modules[i];
                IProgress<long>? bytes = progress is null
                    ? null
                    : new Progress(b => progress.Report(new ModuleDownloadProgress(module, b, Volatile.Read(ref done), modules.Count, null)));
                var result = await TryDownloadCoreAsync(module, bytes, ct).ConfigureAwait(false);
                var count = Interlocked.Increment(ref done);
                completed(i, result);
                progress?.Report(new ModuleDownloadProgress(module, 0, count, modules.Count, result));
            }).ConfigureAwait(false);
    }

    private async Task<ModuleDownloadResult> TryDownloadCoreAsync(ModuleVersion module, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var result = new ModuleDownloadResult(module.Path.Value, module.Version ?? string.Empty);
        try
        {
            await GetInfoAsync(module, cancellationToken).ConfigureAwait(false);
            result.Info = Paths.GetInfoFile(module);
            var goMod = await GetGoModAsync(module, cancellationToken).ConfigureAwait(false);
            result.GoMod = Paths.GetGoModFile(module);
            result.GoModSum = DirHash.HashGoMod(goMod.Span);
            result.Dir = await DownloadAsync(module, progress, cancellationToken).ConfigureAwait(false);
            result.Zip = Paths.GetZipFile(module);
            result.Sum = await GetZipHashAsync(module, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsModuleFailure(ex))
        {
            // An OperationCanceledException that is not this caller's (a transport's own timeout, say) is an outcome
            // like any other failure: recorded, not thrown.
            result.Error = GoErrorText(ex);
            result.Exception = ex;
            result.Dir = string.Empty;
            if (result.Sum.Length == 0)
            {
                result.Zip = string.Empty;
            }
        }

        return result;
    }

    /// <summary>The failures a <c>Try</c> method records instead of throwing.</summary>
    private static bool IsModuleFailure(Exception ex)
        => ex is GoModuleException or ChecksumMismatchException or FormatException or InvalidDataException or IOException or UnauthorizedAccessException or OperationCanceledException;

    /// <summary>A synchronous <see cref="IProgress{T}"/> (reports on the calling thread).</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>
    /// The text the go command reports for a failed download (<c>go mod download -json</c>'s Error): the message,
    /// without the <c>path@version: </c> that <see cref="EnsureAsync"/> put before a zip or link error which the go
    /// command reports bare (the exception itself keeps it).
    /// </summary>
    private static string GoErrorText(Exception ex)
        => ex is GoModuleException { Module: { } module, InnerException: GoModuleException inner }
            && (ex is ModuleZipException or ModuleCacheLinkException)
            && string.Equals(ex.Message, module.ToString() + ": " + inner.Message, StringComparison.Ordinal)
            ? inner.Message
            : ex.Message;
}
