using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.ModFile;

namespace GoModules.Caching.Internal;

/// <summary>
/// <c>go mod download [modules]</c> as the newest go command runs it: find the main module, load its requirement
/// graph when needed, record go.mod hashes in go.sum (before downloading, without arguments) or every kept hash
/// (after downloading, with arguments), and download the selected module versions with bounded parallelism.
/// </summary>
internal static class DownloadRun
{
    public static async Task<DownloadRunResult> RunAsync(
        IModuleFetcher fetcher,
        ModuleCacheOptions options,
        string workingDirectory,
        IReadOnlyList<string> args,
        IProgress<ModuleDownloadProgress>? progress,
        CancellationToken cancellationToken,
        Func<Hashing.GoSumFile?, SumDb.ModuleChecksumVerifier?>? createVerifier = null)
    {
        var run = new DownloadRunResult();
        try
        {
            var root = MainModuleDownload.FindModuleRoot(workingDirectory);
            GoModFile? goMod = null;
            Hashing.GoSumFile? goSum = null;
            byte[]? goSumData = null;
            if (root is not null)
            {
                (goMod, goSum, goSumData) = await MainModuleDownload.ReadMainModuleWithBytesAsync(root, cancellationToken).ConfigureAwait(false);
                options.GoSum = goSum;
            }

            // The verifier adds what it verifies to its own copy of go.sum; goSum stays the file as read, the baseline
            // for deciding what is new.
            options.ChecksumVerifier ??= createVerifier?.Invoke(goSumData is null ? null : Hashing.GoSumFile.Parse(goSumData, Hashing.GoSumReadMode.ThrowOnMalformedLine));

            var cache = new ModuleCache(fetcher, options);
            var main = new MainModuleDownload(cache, fetcher, root, goMod, goSum);
            var (targets, graph) = await main.ResolveAsync(args, cancellationToken).ConfigureAwait(false);
            run.Notices.AddRange(main.Notices);
            if (args.Count == 0)
            {
                // Without arguments only the go.mod hashes of the graph are saved, before downloading.
                await main.WriteGoSumAsync(main.KeepSums(graph, zipSums: false), cancellationToken).ConfigureAwait(false);
            }

            var modules = targets.ConvertAll(t => t.Module);
            var results = await cache.DownloadAllAsync(modules, progress, cancellationToken).ConfigureAwait(false);

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
                run.Results.Add(results[i]);
            }

            if (args.Count > 0)
            {
                try
                {
                    await main.WriteGoSumAsync(main.KeepSums(graph, zipSums: true), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ChecksumMismatchException or ModuleCacheLinkException)
                {
                    run.LateErrors.Add("go: updating go.sum: " + ex.Message);
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
            run.FatalError = ex is ChecksumMismatchException or Hashing.GoSumFormatException || ex.Message.StartsWith("go: ", StringComparison.Ordinal)
                ? ex.Message
                : "go: " + ex.Message;
        }

        return run;
    }
}
