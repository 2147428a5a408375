using System;
using GoModules.Hashing;
using GoModules.SumDb;
using Microsoft.Extensions.Logging;

namespace GoModules.Caching;

/// <summary>Settings of a <see cref="ModuleCache"/>.</summary>
public sealed class ModuleCacheOptions
{
    /// <summary>Gets or sets the cache root (GOMODCACHE). Must be an absolute path.</summary>
    /// <value>The default value is the empty string, which <see cref="ModuleCache"/> rejects.</value>
    public string Root { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a value indicating whether extracted directories stay writable (the go command's
    /// <c>-modcacherw</c> flag). Extracted files are read-only either way.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: directories are made read-only.</value>
    public bool WritableDirectories { get; set; }

    /// <summary>
    /// Gets or sets the go.sum entries downloads are checked against, always and first: a listed <c>h1:</c> hash that
    /// differs from the download is a <see cref="ChecksumMismatchException"/> (the go command's SECURITY ERROR) and
    /// nothing of that download is kept; a listed equal hash settles it without asking the checksum database, whatever
    /// <see cref="ChecksumVerifier"/> is set.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is checked against go.sum.</value>
    public GoSumFile? GoSum { get; set; }

    /// <summary>
    /// Gets or sets the verifier consulted for every hash <see cref="GoSum"/> does not list, as the go command does: its
    /// own go.sum, then (unless GOSUMDB is <c>off</c> or GONOSUMDB/GOPRIVATE match) the checksum database. It adds to the
    /// check of <see cref="GoSum"/>; it never replaces it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: only <see cref="GoSum"/> is consulted.</value>
    public ModuleChecksumVerifier? ChecksumVerifier { get; set; }

    /// <summary>Gets or sets how many module versions <see cref="ModuleCache.TryDownloadAllAsync"/> downloads at once.</summary>
    /// <value>The default value is twice the processor count, at least 4 and at most 16 (the go command uses one
    /// download per processor).</value>
    public int MaxParallelDownloads { get; set; } = Math.Clamp(2 * Environment.ProcessorCount, 4, 16);

    /// <summary>
    /// Gets or sets a value indicating whether a downloaded zip is flushed to the storage device before it is
    /// renamed into place, so that it survives a power failure (the go command only closes the file).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool FlushToDisk { get; set; }

    /// <summary>
    /// Gets or sets the logger factory of the cache: lock waits, extraction and go.sum decisions are logged under the
    /// category <c>GoModules.Caching.ModuleCache</c> (event ids in the GoModules.Core README).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is logged.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Gets or sets a callback that receives each step of the download protocol right after it completes (see
    /// <see cref="ModuleCacheStep"/>): a diagnostic trace, for example <c>gomod</c>'s <c>GOMODULES_TRACE_CACHE</c> output
    /// that the crash-safety tests read to stop a process between two steps. It runs synchronously on the downloading
    /// thread, possibly on several threads at once, and must not throw.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is reported and nothing is spent.</value>
    public System.Action<ModuleCacheStep, ModuleVersion>? StepCompleted { get; set; }

    /// <summary>Creates options from Go settings: GOMODCACHE, and <c>-modcacherw</c> in GOFLAGS.</summary>
    /// <param name="environment">The Go settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> is <see langword="null"/>.</exception>
    public static ModuleCacheOptions FromEnvironment(GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ModuleCacheOptions
        {
            Root = environment.GoModCache,
            WritableDirectories = environment.ModCacheReadWrite,
        };
    }
}
