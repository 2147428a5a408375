using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching.Internal;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Caching;

/// <content>The download and extraction protocol, run under the version's lock.</content>
public sealed partial class ModuleCache
{
    /// <summary>
    /// Writes a <c>.ziphash</c> under an exclusive lock: truncate, extend, write (Go's <c>hashZip</c>). Called with the
    /// version's lock held, so a symbolic link found where the file belongs is unlinked (its target is never touched)
    /// and a regular file is created in its place, as the rename does for the <c>.zip</c>, <c>.info</c> and <c>.mod</c>.
    /// </summary>
    private static async Task WriteZipHashAsync(string file, string hash, CancellationToken cancellationToken)
    {
        LockedFile locked;
        try
        {
            locked = await LockedFile.OpenWriteAsync(file, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleCacheLinkException) when (CacheFiles.UnlinkIfLink(file))
        {
            locked = await LockedFile.OpenWriteAsync(file, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
        }

        using (locked)
        {
            locked.Replace(Encoding.ASCII.GetBytes(hash));
        }
    }

    /// <summary>
    /// The download and extraction protocol (<see cref="EnsureCoreAsync"/>; returns the extracted directory, or the zip
    /// when <paramref name="extract"/> is false), with the module problems it meets named after the module version: a zip that is
    /// not valid and a planted link become <c>path@version: …</c> members of the <see cref="GoModuleException"/> family.
    /// </summary>
    private async Task<string> EnsureAsync(ModuleVersion module, bool extract, CancellationToken cancellationToken, IProgress<long>? progress)
    {
        try
        {
            return await EnsureCoreAsync(module, extract, cancellationToken, progress).ConfigureAwait(false);
        }
        catch (ModuleZipException ex) when (ex.Module is null)
        {
            throw ex.ForModule(module);
        }
        catch (ModuleCacheLinkException ex) when (ex.Module is null)
        {
            throw ex.ForModule(module);
        }
        catch (CacheBoundaryException ex)
        {
            throw new ModuleCacheLinkException(ex.Message, ex).ForModule(module);
        }
        catch (InvalidDataException ex)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, ex.Message, null, null, ex).ForModule(module);
        }
    }

    private async Task<string> EnsureCoreAsync(ModuleVersion module, bool extract, CancellationToken cancellationToken, IProgress<long>? progress)
    {
        var zip = Paths.GetZipFile(module);
        var zipHash = Paths.GetZipHashFile(module);
        var dir = Paths.GetExtractedDirectory(module);
        var result = extract ? dir : zip;
        var verified = false;
        var zipReady = File.Exists(zip) && File.Exists(zipHash);
        var dirReady = zipReady && (!extract || IsExtracted(module));
        Metrics.CacheLookup("zip", zipReady);
        if (extract)
        {
            Metrics.CacheLookup("extracted", dirReady);
        }

        if (!dirReady)
        {
            // Nothing is created through a link: the download directory and the files written in it (the lock,
            // .ziphash, temporary files renamed over the final names) are real entries of the cache.
            CacheFiles.CreateRealDirectoryInside(Path.GetDirectoryName(zip)!, Paths.Root);
            using (await LockedFile.OpenWriteAsync(Paths.GetLockFile(module), ModuleCacheLinkException.At, cancellationToken, _logger).ConfigureAwait(false))
            {
                ReportStep(ModuleCacheStep.LockAcquired, module);
                verified = await EnsureLockedAsync(module, extract, zip, zipHash, dir, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        if (extract && !verified)
        {
            // Go's checkMod: the recorded hash must still agree with go.sum.
            await CheckZipHashFileAsync(module, zip, zipHash, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Runs with the version's lock held. Returns whether the zip hash was checked against go.sum here.</summary>
    private async Task<bool> EnsureLockedAsync(
        ModuleVersion module, bool extract, string zip, string zipHash, string dir, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Check again: another process may have finished while we waited for the lock. (A dangling link where the
        // zip belongs is no zip: the download renames a real one over it.)
        var haveZip = CacheFiles.FileExistsForReading(zip);
        var zipReady = haveZip && File.Exists(zipHash);
        var dirReady = !extract || IsExtracted(module);
        if (zipReady && dirReady)
        {
            return false;
        }

        var versionsDirectory = Path.GetDirectoryName(zip)!;
        var zipName = Path.GetFileName(zip);

        // Leftovers of writers that are gone (the lock proves it): temporary zips, and temporary extraction
        // directories, both Go's (before Go 1.16) and ours.
        if (!zipReady)
        {
            CacheFiles.DeleteFiles(versionsDirectory, zipName, ".tmp");
        }

        string? staging = null;
        if (!dirReady)
        {
            var parent = Path.GetDirectoryName(dir)!;
            var baseName = Path.GetFileName(dir);
            // Extraction happens only in real directories of the cache: a link on the way would put the files
            // (and the clean-up of a failed extraction) outside it.
            CacheFiles.CreateRealDirectoryInside(parent, Paths.Root);
            CacheFiles.RemoveEntries(parent, Paths.Root, baseName + ".tmp-", "." + baseName + ".tmp-");
            staging = Path.Join(parent, baseName + ".tmp-" + Random.Shared.Next(1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var verified = false;
        try
        {
            if (!zipReady)
            {
                string hash;
                if (haveZip)
                {
                    // The zip is there but its hash was lost: hash it again (extracting at the same time if needed).
                    hash = (await ModuleZipReader.ReadFileAsync(zip, module.Path.Value, module.Version, new ModuleZipReadOptions { ExtractTo = staging }, cancellationToken).ConfigureAwait(false)).Hash;
                    await CheckSumAsync(module, isGoMod: false, hash, default, cancellationToken).ConfigureAwait(false);
                    await WriteZipHashAsync(zipHash, hash, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await DownloadZipOnceAsync(module, zip, zipHash, staging, progress, cancellationToken).ConfigureAwait(false);
                }

                verified = true;
            }
            else if (staging is not null)
            {
                // The zip is extracted again (its directory went missing): what is placed must be what was recorded.
                var hash = (await ModuleZipReader.ReadFileAsync(zip, module.Path.Value, module.Version, new ModuleZipReadOptions { ExtractTo = staging }, cancellationToken).ConfigureAwait(false)).Hash;
                await CheckCachedZipAsync(module, zipHash, hash, cancellationToken).ConfigureAwait(false);
                verified = true;
            }

            if (staging is not null)
            {
                PlaceExtracted(module, staging, dir);
                staging = null;
            }
        }
        finally
        {
            if (staging is not null)
            {
                try
                {
                    CacheFiles.RemoveAll(staging, Paths.Root);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        return verified;
    }

    /// <summary>
    /// Streams the zip once into a temporary file and the one-pass reader, checks the hash, writes
    /// <c>.ziphash</c> and renames the zip into place.
    /// </summary>
    private async Task DownloadZipOnceAsync(
        ModuleVersion module, string zip, string zipHash, string? staging, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var temp = AtomicFile.CreateTemporary(zip);
        var tempName = temp.Name;
        ReportStep(ModuleCacheStep.ZipTempCreated, module);
        var renamed = false;
        ZipTeeStream? tee = null;
        try
        {
            tee = new ZipTeeStream(temp, module.Path.Value, module.Version, staging, cancellationToken);
            ModuleZipReadResult read;
            try
            {
                await _fetcher.CopyZipToAsync(module, tee, progress, cancellationToken).ConfigureAwait(false);
                read = await tee.CompleteAsync().ConfigureAwait(false);
                ReportStep(ModuleCacheStep.ZipStreamed, module);
            }
            catch
            {
                tee.Abandon();
                await tee.DrainAsync().ConfigureAwait(false);
                throw;
            }

            if (_options.FlushToDisk)
            {
                temp.Flush(flushToDisk: true);
            }

            await temp.DisposeAsync().ConfigureAwait(false);
            await CheckSumAsync(module, isGoMod: false, read.Hash, default, cancellationToken).ConfigureAwait(false);
            await WriteZipHashAsync(zipHash, read.Hash, cancellationToken).ConfigureAwait(false);
            ReportStep(ModuleCacheStep.ZipHashWritten, module);
            AtomicFile.Replace(tempName, zip);
            renamed = true;
            ReportStep(ModuleCacheStep.ZipRenamed, module);
        }
        finally
        {
            await temp.DisposeAsync().ConfigureAwait(false);
            if (!renamed)
            {
                AtomicFile.TryDelete(tempName);
            }
        }
    }

    /// <summary>
    /// Puts a completely extracted staging directory in place of <paramref name="dir"/>: removes a partial
    /// extraction (the go command's, marked by <c>.partial</c>) and the marker, then renames.
    /// </summary>
    private void PlaceExtracted(ModuleVersion module, string staging, string dir)
    {
        // A link where the directory belongs is unlinked; its target is never touched.
        CacheFiles.RemoveAll(dir, Paths.Root);

        ReportStep(ModuleCacheStep.OldDirectoryRemoved, module);
        var partial = Paths.GetPartialFile(module);
        if (File.Exists(partial))
        {
            File.Delete(partial);
        }

        Directory.Move(staging, dir);
        ReportStep(ModuleCacheStep.DirectoryPlaced, module);
        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Debug))
        {
            var subject = module.ToString();
            CoreLog.Extracted(_logger, subject, dir);
        }
        if (_options.WritableDirectories && !OperatingSystem.IsWindows())
        {
            CacheFiles.MakeTreeWritable(dir, CacheFiles.WritableDirectoryMode);
        }
    }

    /// <summary>
    /// Checks the hash of a cached zip that was just extracted again against its <c>.ziphash</c> (a step the go
    /// command skips) and against go.sum, before the extraction is placed. A <c>.ziphash</c> that is torn is
    /// rewritten from the zip once the zip passes go.sum.
    /// </summary>
    private async Task CheckCachedZipAsync(ModuleVersion module, string zipHash, string actual, CancellationToken cancellationToken)
    {
        var data = await LockedFile.ReadIfExistsAsync(zipHash, cancellationToken).ConfigureAwait(false);
        if (data is not null && ZipHash.TryRead(data, out var recorded))
        {
            if (!string.Equals(recorded, actual, StringComparison.Ordinal))
            {
                throw new ChecksumMismatchException(module, isGoMod: false, recorded, actual, zipHash);
            }

            await CheckSumAsync(module, isGoMod: false, actual, default, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CheckSumAsync(module, isGoMod: false, actual, default, cancellationToken).ConfigureAwait(false);
        await WriteZipHashAsync(zipHash, actual, cancellationToken).ConfigureAwait(false);
        ReportStep(ModuleCacheStep.ZipHashWritten, module);
    }

    /// <summary>Go's <c>checkMod</c>: the <c>.ziphash</c> must hold a valid hash that agrees with go.sum.</summary>
    private async Task CheckZipHashFileAsync(ModuleVersion module, string zip, string zipHash, CancellationToken cancellationToken)
    {
        var data = await LockedFile.ReadIfExistsAsync(zipHash, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"verifying {module}: open {zipHash}: no such file or directory", zipHash);
        if (!ZipHash.TryRead(data, out var hash))
        {
            // A torn or damaged .ziphash: recompute it from the zip.
            hash = (await ModuleZipReader.ReadFileAsync(zip, module.Path.Value, module.Version, null, cancellationToken).ConfigureAwait(false)).Hash;
            await CheckSumAsync(module, isGoMod: false, hash, default, cancellationToken).ConfigureAwait(false);
            await WriteZipHashAsync(zipHash, hash, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!hash.StartsWith(DirHash.H1Prefix, StringComparison.Ordinal))
        {
            throw new GoModuleException(
                "verifying " + module + ": " + PathErrors.Format(SR.CacheUnexpectedZipHash, GoQuote.Quote(hash.AsSpan())), module);
        }

        await CheckSumAsync(module, isGoMod: false, hash, default, cancellationToken).ConfigureAwait(false);
    }
}
