using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;
using GoModules.Kernel.Zip;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Seekable mode of <see cref="ModuleZipReader"/>: the central directory first (names and declared
/// sizes checked before any data is read), then every entry's local header, data and descriptor
/// checked against it, inflated, hashed and optionally extracted in parallel; finally the entries
/// must tile the file exactly up to the central directory, which must reach the end records, which
/// must end the file.
/// </summary>
internal static partial class SeekableZipReader
{
    private const int DigestSize = 32;
    internal const int ChunkSize = 256 * 1024;

    public static async Task<ModuleZipReadResult> ReadAsync(string zipFile, string modulePath, string version, ModuleZipReadOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        if (moduleError is not null)
        {
            throw moduleError;
        }

        using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        var size = RandomAccess.GetLength(handle);
        if (size > ModuleZipLimits.MaxZipFile)
        {
            throw ModuleZipValidator.ZipFileTooLarge(size);
        }

        var cd = await ReadDirectoryAsync(handle, size, cancellationToken).ConfigureAwait(false);
        using (cd)
        {
            CheckLayout(cd, size);
            var fileCount = CheckNames(cd, modulePath + "@" + version + "/", options?.AllowSymbolicLinkEntries ?? true, out var total);
            var target = options?.ExtractTo is { } dir ? new ExtractionTarget(dir) : null;
            using (target)
            {
                var ends = ArrayPool<long>.Shared.Rent(Math.Max(cd.Count, 1));
                var digests = ArrayPool<byte>.Shared.Rent(Math.Max(cd.Count, 1) * DigestSize);
                var workers = new ConcurrentBag<SeekableZipWorker>();
                try
                {
                    var progress = options?.Progress;
                    long done = 0;
                    var degree = options?.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
                    degree = Math.Max(1, Math.Min(degree, cd.Count));
                    var prefixLength = Encoding.UTF8.GetByteCount(modulePath + "@" + version + "/");
                    var nextIndex = -1;
                    using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

                    // A fixed set of workers pulls entry indexes from a shared counter: each keeps its
                    // inflater, hash and buffer, so nothing is allocated per entry.
                    void Work()
                    {
                        var w = new SeekableZipWorker();
                        workers.Add(w);
                        try
                        {
                            int i;
                            while ((i = Interlocked.Increment(ref nextIndex)) < cd.Count)
                            {
                                failed.Token.ThrowIfCancellationRequested();
                                ends[i] = ProcessEntry(handle, cd, i, prefixLength, target, w, digests.AsSpan(i * DigestSize, DigestSize));
                                if (progress is not null)
                                {
                                    progress.Report(Interlocked.Add(ref done, cd[i].CompressedSize));
                                }
                            }
                        }
                        catch
                        {
                            w.Sink.Abort();
                            failed.Cancel();
                            throw;
                        }
                    }

                    var tasks = new Task[degree];
                    for (var t = 0; t < degree; t++)
                    {
                        tasks[t] = Task.Run(Work, CancellationToken.None);
                    }

                    try
                    {
                        await Task.WhenAll(tasks).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // A worker failed and canceled the others: surface the real failure.
                        foreach (var t in tasks)
                        {
                            if (t.IsFaulted && t.Exception!.InnerException is { } inner and not OperationCanceledException)
                            {
                                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                            }
                        }

                        throw;
                    }

                    for (var i = 0; i < cd.Count; i++)
                    {
                        var next = i + 1 < cd.Count ? cd[i + 1].LocalHeaderOffset : cd.DirectoryOffset;
                        if (ends[i] != next)
                        {
                            var name = Encoding.UTF8.GetString(cd.Name(cd[i]));
                            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, SRFormat.Format(SR.ZipEntriesOverlap, name), name);
                        }
                    }

                    var hash = ComputeHash(cd, digests);
                    target?.Commit();
                    progress?.Report(size);
                    return new ModuleZipReadResult(hash, cd.Count, fileCount, total, size);
                }
                finally
                {
                    foreach (var w in workers)
                    {
                        w.Dispose();
                    }

                    ArrayPool<long>.Shared.Return(ends);
                    ArrayPool<byte>.Shared.Return(digests);
                }
            }
        }
    }

    /// <summary>Reads the central directory strictly; any failure to is the archive not being a valid zip.</summary>
    /// <exception cref="ModuleZipException">The archive is not a readable zip.</exception>
    internal static async ValueTask<ZipCentralDirectory> ReadDirectoryAsync(SafeFileHandle handle, long size, CancellationToken cancellationToken)
    {
        try
        {
            return await ZipCentralDirectory.ReadAsync(handle, size, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, SR.ZipNotValid, null, null, ex);
        }
    }

    private static string ComputeHash(ZipCentralDirectory cd, byte[] digests)
    {
        var order = new int[cd.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => cd.Name(cd[a]).SequenceCompareTo(cd.Name(cd[b])));
        using var summary = new SummaryWriter(null);
        foreach (var i in order)
        {
            summary.AppendLine(digests.AsSpan(i * DigestSize, DigestSize), cd.Name(cd[i]));
        }

        return summary.Finish();
    }

}
