using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Direct.Internal;

/// <summary>
/// An exclusive lock on a mirror directory shared by processes (a <c>DIR.lock</c> file opened without sharing,
/// as the go command locks its VCS work directories), so that two processes never initialise or fetch
/// into the same bare repository at once.
/// </summary>
internal static class MirrorLock
{
    public static async Task<IDisposable> AcquireAsync(string directory, CancellationToken cancellationToken)
    {
        var path = directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var delay = 10;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException)
            {
                // Held by another process (or another instance in this one): wait and retry.
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 500);
        }
    }
}
