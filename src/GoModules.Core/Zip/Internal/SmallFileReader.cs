using System;
using System.Buffers;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using GoModules.Kernel;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Reads a whole small file of a module directory into a pooled buffer with the system calls go makes
/// (<c>open</c>, <c>pread</c> until the end, <c>close</c>). Through <see cref="FileStream"/> each file also costs two
/// <c>flock</c> calls, an <c>fstat</c> and an <c>fadvise</c>: on a module of thousands of small files, more system
/// calls than the reading itself. Linux on x64 and Arm64 only (see <see cref="LinuxFiles.IsSupported"/>).
/// </summary>
internal static class SmallFileReader
{
    private const int EIntr = 4;

    /// <summary>
    /// Reads the file at <paramref name="path"/>, refusing more than <paramref name="declaredSize"/> bytes; returns the
    /// rented buffer (return it to <see cref="ArrayPool{T}.Shared"/>) and the byte count, or null when it holds more.
    /// </summary>
    public static byte[]? Read(string path, long declaredSize, out int length, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limit = checked((int)declaredSize + 1);
        var name = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(path.Length) + 1);
        SafeFileHandle file;
        try
        {
            var n = Encoding.UTF8.GetBytes(path, name);
            name[n] = 0;
            int fd;
            do
            {
                fd = NativeMethods.OpenWithMode(name.AsSpan(0, n + 1), NativeMethods.OpenFlags(write: false), 0);
            }
            while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);

            if (fd < 0)
            {
                throw LinuxFiles.Error("open", Marshal.GetLastPInvokeError(), path);
            }

            file = new SafeFileHandle(fd, ownsHandle: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(name);
        }

        using (file)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(limit);
            try
            {
                var total = 0;
                while (total < limit)
                {
                    var n = PRead(file, buffer.AsSpan(total, limit - total), total, path);
                    if (n == 0)
                    {
                        break;
                    }

                    total += n;
                }

                length = total;
                if (total > declaredSize)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                return buffer;
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }

    // RandomAccess.Read would first ask the handle whether it can seek (an lseek per file).
    private static int PRead(SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                var n = PRead(file.DangerousGetHandle().ToInt32(), ref MemoryMarshal.GetReference(buffer), buffer.Length, offset);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    throw LinuxFiles.Error("pread", errno, path);
                }
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint PRead(int fd, ref byte buffer, nint count, long offset);
}
