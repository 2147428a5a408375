using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph.Internal;
using GoModules.Hashing;
using GoModules.SumDb;

namespace GoModules.Graph;

/// <summary>
/// <c>go mod download [modules]</c> as the newest go command runs it, around a <see cref="ModuleCache"/>: finds the
/// main module from a working directory, loads its <see cref="ModuleGraph"/> when the arguments need it, downloads
/// the selected module versions with bounded parallelism, and updates the main module's go.sum.
/// </summary>
/// <remarks>
/// <para>
/// Without arguments (inside a module) it downloads what the main module requires: at <c>go 1.17</c> or later the
/// selected version of every module its go.mod lists, before that the whole build list; the go.mod hashes of the graph
/// are written to go.sum before downloading. Arguments are <c>path@version</c>, <c>path@query</c> (resolved through the
/// fetcher), a module path the main module requires, or <c>all</c>; after downloading, the hashes of what was
/// downloaded are written to go.sum. Replacements of the main module apply; directory replacements and the main module
/// itself are skipped. Every download is checked against go.sum, and a mismatch stops everything (the go command's
/// SECURITY ERROR).
/// </para>
/// <para>
/// The <c>go</c> and <c>toolchain</c> pseudo-modules are not handled here (see <see cref="Toolchains.GoToolchainQuery.TryDownloadAsync"/>).
/// </para>
/// </remarks>
public sealed class MainModuleDownloader
{
    private readonly IModuleFetcher _fetcher;
    private readonly ModuleCacheOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="fetcher">Where module files and version queries are answered from.</param>
    /// <param name="options">
    /// The cache settings. The downloader sets <see cref="ModuleCacheOptions.GoSum"/> to the main module's go.sum and,
    /// when <see cref="ModuleCacheOptions.ChecksumVerifier"/> is not set, the result of <see cref="CreateChecksumVerifier"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public MainModuleDownloader(IModuleFetcher fetcher, ModuleCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(options);
        _fetcher = fetcher;
        _options = options;
    }

    /// <summary>
    /// Gets or initializes the factory of the checksum verifier (go.sum, then GOSUMDB) for hashes go.sum does not list.
    /// It receives an independent copy of the main module's go.sum (<see langword="null"/> outside a module).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: only go.sum is consulted, unless the options carry a verifier.</value>
    public Func<GoSumFile?, ModuleChecksumVerifier?>? CreateChecksumVerifier { get; init; }

    /// <summary>
    /// Runs <c>go mod download</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, and reports
    /// every failure in the result, as the go command prints it, instead of throwing.
    /// </summary>
    /// <param name="workingDirectory">The directory the main module is looked up from.</param>
    /// <param name="arguments">The module arguments; empty for the main module's requirements.</param>
    /// <param name="progress">Receives byte counts and completions of the downloads, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The records, notices and errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workingDirectory"/> or <paramref name="arguments"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<MainModuleDownloadResult> TryDownloadAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IProgress<ModuleDownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        ArgumentNullException.ThrowIfNull(arguments);
        var run = new MainModuleDownloadResult();
        try
        {
            var root = MainModuleFiles.FindDirectory(workingDirectory);
            MainModuleFiles? main = null;
            if (root is not null)
            {
                main = await MainModuleFiles.ReadAsync(root, cancellationToken).ConfigureAwait(false);
                _options.GoSum = main.GoSum;
            }

            // The verifier adds what it verifies to its own copy of go.sum; main.GoSum stays the file as read, the
            // baseline for deciding what is new.
            _options.ChecksumVerifier ??= CreateChecksumVerifier?.Invoke(main?.CopyGoSum());

            var cache = new ModuleCache(_fetcher, _options);
            var plan = new DownloadPlan(cache, _fetcher, main);
            var targets = await plan.ResolveAsync(arguments, cancellationToken).ConfigureAwait(false);
            run.NoticeList.AddRange(plan.Notices);
            if (arguments.Count == 0)
            {
                // Without arguments only the go.mod hashes of the graph are saved, before downloading.
                await plan.WriteGoSumAsync(plan.KeepSums(zipSums: false), cancellationToken).ConfigureAwait(false);
            }

            var results = await cache.TryDownloadAllAsync(targets.ConvertAll(t => t.Module), progress, cancellationToken).ConfigureAwait(false);

            // A download that does not match go.sum (or the checksum database) is fatal in the go command: it stops
            // at once, before any JSON record is printed, with the SECURITY ERROR text on stderr and exit status 1.
            foreach (var result in results)
            {
                if (result.Exception is ChecksumMismatchException mismatch)
                {
                    throw mismatch;
                }
            }

            for (var i = 0; i < results.Count; i++)
            {
                results[i].Query = targets[i].Query;
                run.ResultList.Add(results[i]);
            }

            if (arguments.Count > 0)
            {
                try
                {
                    await plan.WriteGoSumAsync(plan.KeepSums(zipSums: true), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ChecksumMismatchException or ModuleCacheLinkException)
                {
                    run.LateErrorList.Add("go: updating go.sum: " + ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is GoModuleException or ChecksumMismatchException or FormatException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            run.FatalException = ex;
            // The go command prints checksum and go.sum format failures as they are (base.Fatalf, no "go: ").
            run.FatalError = ex is ChecksumMismatchException or GoSumFormatException || ex.Message.StartsWith("go: ", StringComparison.Ordinal)
                ? ex.Message
                : "go: " + ex.Message;
        }

        return run;
    }
}
