using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Kernel;

/// <summary>
/// Writes whole files so that readers see either the old content or the new one, never a torn file: the bytes go
/// to a temporary file in the same directory, named <c>&lt;final name&gt;&lt;random decimal&gt;.tmp</c> and created
/// exclusively (mode 0666 before umask), which is then renamed over the final name. The naming is the go command's,
/// so either tool may clean up the other's leftovers.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Creates a new, uniquely named temporary file next to <paramref name="finalPath"/>.</summary>
    public static FileStream CreateTemporary(string finalPath, FileOptions options = FileOptions.None)
    {
        var directory = Path.GetDirectoryName(finalPath)!;
        var prefix = Path.GetFileName(finalPath);
        for (var attempt = 0; ; attempt++)
        {
            var name = Path.Join(directory, prefix + Random.Shared.Next(1_000_000_000).ToString(CultureInfo.InvariantCulture) + ".tmp");
            try
            {
                return new FileStream(name, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.Read | FileShare.Delete,
                    Options = options,
                    BufferSize = 0,
                });
            }
            catch (IOException) when (attempt < 10_000 && File.Exists(name))
            {
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file and a rename.</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = CreateTemporary(path);
        var name = temp.Name;
        var renamed = false;
        try
        {
            await using (temp.ConfigureAwait(false))
            {
                await temp.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            }

            Replace(name, path);
            renamed = true;
        }
        finally
        {
            if (!renamed)
            {
                TryDelete(name);
            }
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> over <paramref name="destination"/> in the same directory. On Unix this is a
    /// plain <c>rename(2)</c>, which replaces a symbolic link at the destination (dangling or not) rather than
    /// writing to what it points to; .NET's <see cref="File.Move(string, string, bool)"/> looks at the destination
    /// through the link first and fails on a dangling one.
    /// </summary>
    /// <exception cref="IOException">The rename failed.</exception>
    public static void Replace(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, destination, overwrite: true);
            return;
        }

        int errno;
        try
        {
            errno = NativeMethods.Rename(source, destination);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            File.Move(source, destination, overwrite: true);
            return;
        }

        if (errno != 0)
        {
            throw errno is 13 or 1
                ? new UnauthorizedAccessException($"rename '{source}' '{destination}' failed (errno {errno}).")
                : new IOException($"rename '{source}' '{destination}' failed (errno {errno}).", errno);
        }
    }

    /// <summary>Deletes a file, ignoring failures (best effort, as Go's cleanups are).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
