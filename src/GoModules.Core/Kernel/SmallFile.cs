using System;
using System.IO;
using System.Runtime.InteropServices;

namespace GoModules.Kernel;

/// <summary>
/// Reads a small file that may be missing without an exception and without a lookup before the open: on Unix one
/// <c>open</c> (a missing file costs one failed system call), <c>read</c> to the end and <c>close</c>; elsewhere
/// an existence check and <see cref="File.ReadAllBytes(string)"/>. For cache files read in bulk (go.mod, .info).
/// </summary>
internal static class SmallFile
{
    /// <summary>The whole file, or <see langword="null"/> when it is missing or cannot be read.</summary>
    public static byte[]? TryReadAll(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return ReadPortable(path);
        }

        int fd;
        do
        {
            fd = NativeMethods.Open(path, NativeMethods.OpenFlags(write: false));
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == 4); // EINTR

        if (fd < 0)
        {
            return null;
        }

        // read(2) into a growing buffer until end of file, then close(2): no fstat or lseek, no SafeFileHandle.
        try
        {
            var buffer = t_buffer ??= new byte[InitialBuffer];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= Array.MaxLength / 2)
                    {
                        return null;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                    t_buffer = buffer;
                }

                var n = Read(fd, ref buffer[length], buffer.Length - length);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4)
                    {
                        continue; // EINTR
                    }

                    return null;
                }

                if (n == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += (int)n;
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Large enough for nearly every go.mod and .info file in one read.</summary>
    private const int InitialBuffer = 8192;

    /// <summary>Each thread's read buffer (the result is a copy of exactly the file's bytes).</summary>
    [ThreadStatic]
    private static byte[]? t_buffer;

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);

    private static byte[]? ReadPortable(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
