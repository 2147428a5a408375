using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>
/// An exclusive lock on a mirror directory shared by processes (a <c>DIR.lock</c> file with an advisory whole-file
/// lock, as the go command locks its VCS work directories), so that two processes never initialise or fetch into the
/// same bare repository at once. The lock file is never opened through a symbolic link.
/// </summary>
internal static class MirrorLock
{
    /// <exception cref="GoModules.ModuleCacheLinkException">A symbolic link is where the lock file belongs.</exception>
    public static async Task<IDisposable> AcquireAsync(string directory, CancellationToken cancellationToken)
    {
        var path = directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return await LockedFile.OpenWriteAsync(path, ModuleCacheLinkException.At, cancellationToken).ConfigureAwait(false);
    }
}
