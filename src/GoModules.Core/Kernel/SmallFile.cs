using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel;

/// <summary>
/// Reads a small file that may be missing without an exception and without a lookup before the open: on Unix one
/// <c>open</c> (a missing file costs one failed system call), <c>fstat</c>, <c>read</c> and <c>close</c>; elsewhere
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

        try
        {
            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                return null;
            }

            var buffer = new byte[length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
                if (n == 0)
                {
                    return buffer.AsSpan(0, read).ToArray();
                }

                read += n;
            }

            return buffer;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

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
