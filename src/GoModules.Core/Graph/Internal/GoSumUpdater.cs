using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Hashing;
using GoModules.Kernel;

namespace GoModules.Graph.Internal;

/// <summary>
/// Adds checked hashes to a go.sum file the way the go command's <c>WriteGoSum</c> does: only when at least one
/// kept hash is new, under the module cache's side lock (best effort) and an exclusive lock on go.sum itself, merging
/// with whatever the file holds by then; the result is sorted and drops the known bogus empty-go.mod hashes.
/// </summary>
internal static class GoSumUpdater
{
    private static bool Listed(GoSumFile file, GoSumEntry sum)
    {
        foreach (var hash in file.GetHashesOfField(sum.Path, sum.Version))
        {
            if (string.Equals(hash, sum.Hash, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <returns>Whether the file was written.</returns>
    public static async Task<bool> UpdateAsync(
        string goSumPath,
        ModuleCachePaths cachePaths,
        IEnumerable<GoSumEntry> sums,
        Func<GoSumEntry, bool> keep,
        GoSumFile? alreadyRead,
        CancellationToken cancellationToken)
    {
        var wanted = new List<GoSumEntry>();
        foreach (var sum in sums)
        {
            if (keep(sum) && (alreadyRead is null || !Listed(alreadyRead, sum)))
            {
                wanted.Add(sum);
            }
        }

        if (wanted.Count == 0)
        {
            return false;
        }

        LockedFile? sideLock = null;
        try
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(cachePaths.SideLockFile)!);
                sideLock = await LockedFile.OpenWriteAsync(cachePaths.SideLockFile, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ModuleCacheLinkException)
            {
                // Best effort, as in the go command: the side lock only excludes old go versions.
            }

            using var file = await LockedFile.OpenUserFileWriteAsync(goSumPath, cancellationToken).ConfigureAwait(false);
            var current = GoSumFile.Parse(file.ReadAll(), GoSumReadMode.ThrowOnMalformedLine, goSumPath);
            foreach (var sum in wanted)
            {
                current.Add(sum);
            }

            file.Replace(Encoding.UTF8.GetBytes(current.Format()));
            return true;
        }
        finally
        {
            sideLock?.Dispose();
        }
    }
}
