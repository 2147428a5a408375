using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching.Internal;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Caching;

/// <summary>
/// A module cache in the go command's GOMODCACHE layout: it answers metadata and go.mod files from disk before
/// asking the network, downloads, verifies and extracts module zips, and can be shared safely with running go
/// processes.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout and sharing.</b> Files go where <see cref="ModuleCachePaths"/> says. Downloading and extracting a
/// version happen under the version's <c>.lock</c> file, an advisory whole-file lock compatible with the go
/// command's (flock on Unix, LockFileEx on Windows); the <c>list</c> file and <c>.ziphash</c> files are written
/// under their own locks, and <c>.info</c>/<c>.mod</c> through a temporary file and a rename. Inside one process,
/// concurrent requests for one module version share one download, which runs until the last caller waiting for it
/// cancels: one caller's cancellation never fails another. Cleanup never follows a symbolic link: links in the cache
/// are unlinked, and only real directories inside the root are made writable and removed.
/// </para>
/// <para>
/// <b>Download.</b> The zip is streamed once: the bytes go to a temporary file next to the final <c>.zip</c> and,
/// at the same time, through <see cref="ModuleZipReader"/>, which checks every rule of module zips, computes the
/// <c>h1:</c> hash and extracts into a temporary directory. The hash is checked against go.sum (when
/// <see cref="ModuleCacheOptions.GoSum"/> is set); then <c>.ziphash</c> is written, the zip renamed into place, and
/// the extracted tree renamed to <c>path@version</c> and made read-only (unless
/// <see cref="ModuleCacheOptions.WritableDirectories"/>). A process killed at any point leaves either nothing
/// usable or a complete entry: neither this class nor the go command accepts a partial one, and the next download
/// cleans up and completes. A zip already in the cache that is extracted again must hash to its <c>.ziphash</c>
/// (and agree with go.sum) before the extraction is placed, otherwise <see cref="ChecksumMismatchException"/>.
/// </para>
/// <para>
/// <b>Verification.</b> Every go.mod (cached or fetched) and every zip hash is checked against the go.sum entries
/// given; the hashes checked are available from <see cref="GetCheckedSums"/> for writing go.sum. See
/// <see href="https://go.dev/ref/mod#module-cache"/> and <see href="https://go.dev/ref/mod#authenticating"/>.
/// </para>
/// </remarks>
public sealed partial class ModuleCache
{
    private static readonly byte[] OldVgoPrefix = "//vgo 0.0."u8.ToArray();

    private readonly IModuleFetcher _fetcher;
    private readonly ModuleCacheOptions _options;
    private readonly SingleFlight<ModuleVersion, ModuleInfo> _infoFlights = new();
    private readonly SingleFlight<ModuleVersion, ReadOnlyMemory<byte>> _goModFlights = new();
    private readonly SingleFlight<(ModuleVersion Module, bool Extract), string> _downloadFlights = new();
    private readonly GoSumGate _goSumGate;
    private readonly Microsoft.Extensions.Logging.ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="fetcher">Where missing files come from, usually a <see cref="ProxyChainFetcher"/>.</param>
    /// <param name="options">The cache settings; <see cref="ModuleCacheOptions.Root"/> must be absolute.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The root is empty or relative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ModuleCacheOptions.MaxParallelDownloads"/> is less than 1.</exception>
    public ModuleCache(IModuleFetcher fetcher, ModuleCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxParallelDownloads, 1, nameof(options));
        _fetcher = fetcher;
        _options = options;
        Paths = new ModuleCachePaths(options.Root);
        _logger = CoreLog.For<ModuleCache>(options.LoggerFactory);
        _goSumGate = new GoSumGate(options, _logger);
    }

    /// <summary>Gets the names used in this cache.</summary>
    /// <value>The path mapper for <see cref="ModuleCacheOptions.Root"/>.</value>
    public ModuleCachePaths Paths { get; }

    /// <summary>Gets the settings this cache was made with.</summary>
    internal ModuleCacheOptions Options => _options;

    /// <summary>Reports a completed protocol step to <see cref="ModuleCacheOptions.StepCompleted"/>, when set.</summary>
    private void ReportStep(ModuleCacheStep step, ModuleVersion module) => _options.StepCompleted?.Invoke(step, module);

    /// <summary>
    /// Gets a version's metadata (<c>.info</c>): from the cache when present and readable, otherwise from the
    /// fetcher, and then stores it in the cache.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="GoModuleException">The fetcher failed (for example <see cref="ModuleNotFoundException"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        var file = Paths.GetInfoFile(module);
        return _infoFlights.RunAsync(module, (m, ct) => LoadInfoAsync(m, file, ct), cancellationToken);
    }

    private async Task<ModuleInfo> LoadInfoAsync(ModuleVersion module, string file, CancellationToken cancellationToken)
    {
        var cached = ReadIfExists(file);
        if (cached is not null && ModuleInfo.TryParse(cached, out var info))
        {
            Metrics.CacheLookup("info", hit: true);
            return info;
        }

        Metrics.CacheLookup("info", hit: false);

        info = await _fetcher.GetInfoAsync(module, cancellationToken).ConfigureAwait(false);
        try
        {
            CacheFiles.CreateRealDirectoryInside(Path.GetDirectoryName(file)!, Paths.Root);
            await AtomicFile.WriteAsync(file, ProxyDirectoryWriter.FormatInfo(info), cancellationToken).ConfigureAwait(false);
            ReportStep(ModuleCacheStep.InfoWritten, module);
        }
        catch (Exception ex) when (ex is IOException or ModuleCacheLinkException)
        {
            // Like the go command ("writing stat cache"), a cache that cannot be written does not fail the lookup.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return info;
    }

    /// <summary>
    /// Gets a version's go.mod file: from the cache when present, otherwise from the fetcher, and then stores it
    /// (and rewrites the <c>list</c> file). Either way its hash is checked against go.sum.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The go.mod bytes.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="ChecksumMismatchException">The go.mod does not match go.sum.</exception>
    /// <exception cref="GoModuleException">The fetcher failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        var file = Paths.GetGoModFile(module);

        // A go.mod already in the cache is read and checked on the caller's thread: a graph reads hundreds of them,
        // and a shared run per file would cost a thread-pool hop each (cached files are immutable, written by rename,
        // so reading one twice at once is harmless).
        return TryUseCachedGoMod(module, file, cancellationToken)
            ?? _goModFlights.RunAsync(module, (m, ct) => LoadGoModAsync(m, file, ct), cancellationToken);
    }

    /// <summary>
    /// The go.mod in the cache, checked against go.sum, or <see langword="null"/> when there is none to use (missing,
    /// unreadable, or written by an old vgo).
    /// </summary>
    private Task<ReadOnlyMemory<byte>>? TryUseCachedGoMod(ModuleVersion module, string file, CancellationToken cancellationToken)
    {
        var cached = ReadIfExists(file);
        if (cached is null || cached.AsSpan().StartsWith(OldVgoPrefix))
        {
            return null;
        }

        Metrics.CacheLookup("mod", hit: true);
        var check = CheckSumAsync(module, isGoMod: true, DirHash.HashGoMod(cached), cached, cancellationToken);
        return check.IsCompletedSuccessfully ? Task.FromResult<ReadOnlyMemory<byte>>(cached) : AfterCheckAsync(check, cached);
    }

    private static async Task<ReadOnlyMemory<byte>> AfterCheckAsync(ValueTask check, byte[] data)
    {
        await check.ConfigureAwait(false);
        return data;
    }

    private async Task<ReadOnlyMemory<byte>> LoadGoModAsync(ModuleVersion module, string file, CancellationToken cancellationToken)
    {
        // Looked at again inside the flight: another caller's download may have written it since.
        if (TryUseCachedGoMod(module, file, cancellationToken) is { } cached)
        {
            return await cached.ConfigureAwait(false);
        }

        Metrics.CacheLookup("mod", hit: false);

        var data = await _fetcher.GetGoModAsync(module, cancellationToken).ConfigureAwait(false);
        await CheckSumAsync(module, isGoMod: true, DirHash.HashGoMod(data.Span), data, cancellationToken).ConfigureAwait(false);
        try
        {
            CacheFiles.CreateRealDirectoryInside(Path.GetDirectoryName(file)!, Paths.Root);
            await AtomicFile.WriteAsync(file, data, cancellationToken).ConfigureAwait(false);
            ReportStep(ModuleCacheStep.GoModWritten, module);
            await VersionList.RewriteAsync(Path.GetDirectoryName(file)!, cancellationToken).ConfigureAwait(false);
            ReportStep(ModuleCacheStep.ListWritten, module);
        }
        catch (Exception ex) when (ex is IOException or ModuleCacheLinkException)
        {
            // "writing go.mod cache" is a warning in the go command too.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return data;
    }

    /// <summary>
    /// Makes sure the version's zip and <c>.ziphash</c> are in the cache, downloading (and verifying) the zip when
    /// needed, as <c>modfetch.DownloadZip</c> does.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The path of the cached zip.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="ChecksumMismatchException">The zip does not match go.sum.</exception>
    /// <exception cref="ModuleZipException">The zip breaks a rule of module zips.</exception>
    /// <exception cref="GoModuleException">The fetcher failed.</exception>
    /// <exception cref="IOException">The cache could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<string> DownloadZipAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        var zip = Paths.GetZipFile(module);
        return WaitForZipAsync(_downloadFlights.RunAsync((module, false), (k, ct) => EnsureAsync(k.Module, extract: false, ct, null), cancellationToken), zip);

        static async Task<string> WaitForZipAsync(Task<string> download, string zip)
        {
            await download.ConfigureAwait(false);
            return zip;
        }
    }

    /// <summary>
    /// Makes sure the version is downloaded and extracted into the cache and that its hash matches go.sum, as
    /// <c>modfetch.Download</c> does.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The extracted directory.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="ChecksumMismatchException">The zip does not match go.sum, or a cached zip extracted again no longer matches its <c>.ziphash</c> (nothing is placed).</exception>
    /// <exception cref="ModuleZipException">The zip breaks a rule of module zips.</exception>
    /// <exception cref="GoModuleException">The fetcher failed.</exception>
    /// <exception cref="IOException">The cache could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads take different kinds of first argument (a module version, or a path and a query); they cannot be confused.")]
    public Task<string> DownloadAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        => DownloadAsync(module, null, cancellationToken);

    private Task<string> DownloadAsync(ModuleVersion module, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        _ = Paths.GetExtractedDirectory(module);
        return _downloadFlights.RunAsync((module, true), (k, ct) => EnsureAsync(k.Module, extract: true, ct, progress), cancellationToken);
    }

    /// <summary>
    /// Reads a version's go.sum hash from its <c>.ziphash</c> file (the go command's <c>modfetch.Sum</c>).
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The hash, or <see langword="null"/> when the file is missing or not a valid hash.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<string?> GetZipHashAsync(ModuleVersion module, CancellationToken cancellationToken = default)
    {
        var file = Paths.GetZipHashFile(module);
        var data = await LockedFile.ReadIfExistsAsync(file, cancellationToken).ConfigureAwait(false);
        return data is not null && ZipHash.TryRead(data, out var hash) ? hash : null;
    }

    /// <summary>
    /// Reports whether a version is completely extracted: its directory exists, no <c>.partial</c> marker is
    /// left, and its <c>.ziphash</c> exists (the go command's <c>DownloadDir</c> rule). The directory must be a real
    /// one: a symbolic link where it belongs is not an extraction (the next download unlinks and replaces it).
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <returns><see langword="true"/> when the extracted directory can be used.</returns>
    /// <exception cref="InvalidModuleVersionException">The version is not canonical.</exception>
    public bool IsExtracted(ModuleVersion module)
        => CacheFiles.IsRealDirectory(Paths.GetExtractedDirectory(module))
            && !File.Exists(Paths.GetPartialFile(module))
            && File.Exists(Paths.GetZipHashFile(module));


    /// <summary>
    /// Removes the whole cache, making its read-only directories writable first (<c>go clean -modcache</c>). No
    /// symbolic link is followed: links in the cache, and a root that is itself a link, are unlinked and what they
    /// point to is left as it is.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the cache is gone.</returns>
    /// <exception cref="IOException">A file could not be removed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task CleanAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        CacheFiles.RemoveAll(Paths.Root);
        _infoFlights.Clear();
        _goModFlights.Clear();
        _downloadFlights.Clear();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Gets every hash this cache checked against go.sum (or accepted because go.sum had none), as go.sum entries:
    /// the lines the go command would add to go.sum for the work done.
    /// </summary>
    /// <returns>The entries, sorted by path, version and hash.</returns>
    public IReadOnlyList<GoSumEntry> GetCheckedSums() => _goSumGate.GetCheckedSums();

    /// <summary>Checks a hash against go.sum and the checksum database and records it (see <see cref="GoSumGate"/>).</summary>
    private ValueTask CheckSumAsync(ModuleVersion module, bool isGoMod, string hash, ReadOnlyMemory<byte> goMod, CancellationToken cancellationToken)
        => _goSumGate.CheckAsync(module, isGoMod, hash, goMod, cancellationToken);

    /// <summary>A cached file, or null when it is missing or unreadable (one failed open, no lookup before it).</summary>
    private static byte[]? ReadIfExists(string file) => SmallFile.TryReadAll(file);

}
