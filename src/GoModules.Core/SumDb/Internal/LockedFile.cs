using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.SumDb.Internal;

/// <summary>
/// Whole-file advisory locking compatible with the go command's <c>lockedfile</c> package: readers
/// hold a shared lock and writers an exclusive one for the duration of the operation. On Unix the
/// runtime implements <see cref="FileShare"/> with <c>flock</c> (shared for read-only opens that
/// allow others to read, exclusive for <see cref="FileShare.None"/>), the same call Go uses; on
/// Windows share modes give the same exclusion. The runtime does not wait for a lock, so a busy
/// file is retried until it is free or the operation is cancelled (Go's lock blocks).
/// </summary>
internal static class LockedFile
{
    // Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION. Unix: flock's EWOULDBLOCK (Linux 11, BSD and macOS 35),
    // which the runtime reports as the HResult of the IOException.
    private const int SharingViolation = 32;
    private const int LockViolation = 33;
    private const int WouldBlockLinux = 11;
    private const int WouldBlockBsd = 35;

    /// <summary>Reads the whole file under a shared lock; null when it does not exist.</summary>
    public static async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = await OpenAsync(path, FileMode.Open, FileAccess.Read, FileShare.Read, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates or replaces the file's content under an exclusive lock (create, lock, truncate, write).</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = await OpenAsync(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            stream.SetLength(0);
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Compare-and-swap under an exclusive lock: replaces the content with <paramref name="newValue"/> when the file is
    /// missing, empty, or holds exactly <paramref name="oldValue"/>; otherwise leaves it and returns false.
    /// </summary>
    public static async Task<bool> CompareAndSwapAsync(string path, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = await OpenAsync(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var current = await ReadAllAsync(stream, cancellationToken).ConfigureAwait(false);
            if (current.Length > 0 && !current.AsSpan().SequenceEqual(oldValue.Span))
            {
                return false;
            }

            stream.Seek(0, SeekOrigin.Begin);
            stream.SetLength(0);
            await stream.WriteAsync(newValue, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            return true;
        }
    }

    private static async Task<FileStream> OpenAsync(string path, FileMode mode, FileAccess access, FileShare share, CancellationToken cancellationToken)
    {
        var delay = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = mode,
                    Access = access,
                    Share = share,
                    Options = FileOptions.Asynchronous,
                    BufferSize = 0,
                });
            }
            catch (IOException ex) when (IsLockConflict(ex))
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
        }
    }

    private static bool IsLockConflict(IOException ex)
    {
        if (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            var code = ex.HResult & 0xFFFF;
            return code is SharingViolation or LockViolation;
        }

        return ex.HResult is WouldBlockLinux or WouldBlockBsd;
    }

    private static async Task<byte[]> ReadAllAsync(FileStream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
