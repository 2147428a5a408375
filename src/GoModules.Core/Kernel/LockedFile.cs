using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel;

/// <summary>
/// A file opened together with an advisory whole-file lock, compatible with the go command's
/// <c>cmd/go/internal/lockedfile</c>: <c>flock</c> on Unix, <c>LockFileEx</c> over the whole range on Windows.
/// Readers take a shared lock, writers an exclusive one; the lock lasts until <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Go blocks in the system call while it waits; this class polls the non-blocking form with a growing, jittered
/// delay instead, so that waiting costs no thread and can be canceled. On Unix the file is opened with a plain
/// <c>open(2)</c>: .NET's <see cref="FileStream"/> takes its own non-blocking <c>flock</c> when it opens a file and
/// would fail outright while a go process holds the lock.
/// </remarks>
internal sealed class LockedFile : IDisposable
{
    private const int MaxDelayMilliseconds = 25;
    private bool _disposed;

    private LockedFile(SafeFileHandle handle, string path)
    {
        Handle = handle;
        Path = path;
    }

    public SafeFileHandle Handle { get; }

    public string Path { get; }

    /// <summary>Opens an existing file for reading under a shared lock (Go's <c>lockedfile.Open</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ValueTask<LockedFile> OpenReadAsync(string path, CancellationToken cancellationToken)
        => OpenAsync(path, write: false, create: false, refuseLink: null, cancellationToken);

    /// <summary>
    /// Opens a file of the module cache for reading and writing under an exclusive lock, creating it (mode 0666 before
    /// umask) when missing (Go's <c>lockedfile.Edit</c>, <c>lockedfile.MutexAt(…).Lock()</c>). A symbolic link at
    /// <paramref name="path"/> is never followed (<c>O_NOFOLLOW</c> on Linux and macOS): nothing is created or
    /// written through it, and it is left as it is.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="refuseLink">Makes the exception to throw when a symbolic link is at <paramref name="path"/> (the
    /// caller's public exception type: the kernel names none).</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    /// <param name="logger">Logs a wait for the lock (event ids 2101, 2102), or <see langword="null"/>.</param>
    public static ValueTask<LockedFile> OpenWriteAsync(string path, Func<string, Exception> refuseLink, CancellationToken cancellationToken, ILogger? logger = null)
        => OpenAsync(path, write: true, create: true, refuseLink, cancellationToken, logger);

    /// <summary>
    /// Like <see cref="OpenWriteAsync"/> for a file that belongs to the user (go.sum), which may be a symbolic link
    /// the user made: the link is followed, as the go command does.
    /// </summary>
    public static ValueTask<LockedFile> OpenUserFileWriteAsync(string path, CancellationToken cancellationToken)
        => OpenAsync(path, write: true, create: true, refuseLink: null, cancellationToken);

    private static async ValueTask<LockedFile> OpenAsync(string path, bool write, bool create, Func<string, Exception>? refuseLink, CancellationToken cancellationToken, ILogger? logger = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var handle = OpenHandle(path, write, create, refuseLink);
        try
        {
            var attempt = 0;
            var started = 0L;
            while (!TryLock(handle, write))
            {
                if (attempt == 0 && logger is not null)
                {
                    started = Stopwatch.GetTimestamp();
                    CoreLog.LockWaiting(logger, path);
                }

                await Task.Delay(NextDelay(attempt++), cancellationToken).ConfigureAwait(false);
            }

            if (attempt != 0 && logger is not null)
            {
                var waited = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                CoreLog.LockAcquired(logger, path, waited);
            }

            return new LockedFile(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Takes the lock without waiting; <see langword="false"/> when another process holds a conflicting one.</summary>
    internal static bool TryLock(SafeFileHandle handle, bool exclusive)
    {
        if (OperatingSystem.IsWindows())
        {
            var overlapped = default(NativeMethods.NativeOverlapped);
            var flags = NativeMethods.LockfileFailImmediately | (exclusive ? NativeMethods.LockfileExclusiveLock : 0);
            if (NativeMethods.LockFileEx(handle, flags, 0, -1, -1, ref overlapped))
            {
                return true;
            }

            var error = Marshal.GetLastPInvokeError();
            if (error == 33 /* ERROR_LOCK_VIOLATION */ || error == 997 /* ERROR_IO_PENDING */)
            {
                return false;
            }

            throw new IOException($"LockFileEx failed (error {error}).", error);
        }

        var fd = (int)handle.DangerousGetHandle();
        var operation = (exclusive ? NativeMethods.LockExclusive : NativeMethods.LockShared) | NativeMethods.LockNonBlocking;
        while (true)
        {
            if (NativeMethods.Flock(fd, operation) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == 4 /* EINTR */)
            {
                continue;
            }

            if (errno == 11 /* EAGAIN/EWOULDBLOCK on Linux */ || errno == 35 /* EWOULDBLOCK on macOS/BSD */)
            {
                return false;
            }

            throw new IOException($"flock failed (errno {errno}).", errno);
        }
    }

    private static int NextDelay(int attempt)
    {
        var ceiling = Math.Min(MaxDelayMilliseconds, 1 << Math.Min(attempt, 5));
        return 1 + Random.Shared.Next(ceiling);
    }

    private static SafeFileHandle OpenHandle(string path, bool write, bool create, Func<string, Exception>? refuseLink)
    {
        var noFollow = refuseLink is not null;
        var noFollowFlag = noFollow ? NativeMethods.NoFollowFlag() : null;
        if (noFollow && noFollowFlag is null && new FileInfo(path).LinkTarget is not null)
        {
            // No O_NOFOLLOW here (Windows, other Unix systems): at least refuse a link that is already there.
            throw refuseLink!(path);
        }

        if (OperatingSystem.IsWindows())
        {
            return File.OpenHandle(
                path,
                create ? FileMode.OpenOrCreate : FileMode.Open,
                write ? FileAccess.ReadWrite : FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
        }

        var linuxCreate = create && NativeMethods.HasFixedArgumentOpen;
        if (create && !linuxCreate && !CacheFiles.EntryExists(path))
        {
            try
            {
                // Creates the file with mode 0666 before umask, as Go does. CreateNew (O_CREAT|O_EXCL) never follows
                // a link; it fails when anything, a dangling link included, is already there. This .NET open also
                // takes a non-blocking flock of its own, which fails if someone already locks the file: then it exists.
                File.OpenHandle(path, noFollow ? FileMode.CreateNew : FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete).Dispose();
            }
            catch (IOException) when (CacheFiles.EntryExists(path))
            {
            }
        }

        var flags = NativeMethods.OpenFlags(write) | (noFollowFlag ?? 0);
        while (true)
        {
            // On Linux one call creates a missing file with mode 0666 before umask, as Go's OpenFile does.
            var fd = linuxCreate
                ? NativeMethods.OpenOrCreate(path, flags, 0x1B6)
                : NativeMethods.Open(path, flags);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (noFollowFlag is not null && NativeMethods.IsSymbolicLinkError(errno))
            {
                throw refuseLink!(path);
            }

            switch (errno)
            {
                case 4: // EINTR
                    continue;
                case 2: // ENOENT
                    throw new FileNotFoundException($"Could not find file '{path}'.", path);
                case 13: // EACCES
                case 1: // EPERM
                    throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
                default:
                    throw new IOException($"open '{path}' failed (errno {errno}).", errno);
            }
        }
    }

    /// <summary>Reads a whole file under a shared lock (Go's <c>lockedfile.Read</c>); <see langword="null"/> when it is missing.</summary>
    public static async Task<byte[]?> ReadIfExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var locked = await OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            return locked.ReadAll();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The file's current length.</summary>
    public long Length => RandomAccess.GetLength(Handle);

    /// <summary>Reads the whole file.</summary>
    public byte[] ReadAll()
    {
        var length = Length;
        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(Handle, buffer.AsSpan(read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == buffer.Length ? buffer : buffer[..read];
    }

    /// <summary>
    /// Replaces the content the way the go command does for <c>list</c> and <c>.ziphash</c>: truncate to zero,
    /// extend to the final length (zero-filled), then write; a torn write leaves NUL bytes that readers reject.
    /// </summary>
    public void Replace(ReadOnlySpan<byte> content)
    {
        SetLength(0);
        SetLength(content.Length);
        Write(content);
    }

    /// <summary>Writes <paramref name="content"/> at the start of the file.</summary>
    public void Write(ReadOnlySpan<byte> content) => RandomAccess.Write(Handle, content, 0);

    /// <summary>Waits until the file's content is on disk (<c>fsync</c>).</summary>
    public void FlushToDisk() => RandomAccess.FlushToDisk(Handle);

    /// <summary>Sets the file length.</summary>
    public void SetLength(long length)
    {
        if (OperatingSystem.IsWindows())
        {
            RandomAccess.SetLength(Handle, length);
            return;
        }

        while (NativeMethods.Ftruncate((int)Handle.DangerousGetHandle(), length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != 4)
            {
                throw new IOException($"ftruncate '{Path}' failed (errno {errno}).", errno);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Closing the descriptor releases the lock.
        Handle.Dispose();
    }
}
