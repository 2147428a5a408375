using System;
using System.IO;
using System.Runtime.InteropServices;
using GoModules.Kernel;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// The three system calls per extracted file that the go command makes on Linux: <c>open(O_CREAT|O_EXCL, 0444)</c>,
/// <c>pwrite</c>, <c>close</c>. Through <see cref="File.OpenHandle"/> each file also costs two <c>flock</c> calls,
/// <c>fstatfs</c>, <c>lseek</c> and a <c>fchmod</c>, which on a module of thousands of small files is a fifth of the
/// extraction time. Linux on x64 and Arm64 only (where the flag values below hold and <c>open</c>'s variadic mode
/// argument is passed like any other); elsewhere the callers use the portable APIs.
/// </summary>
internal static class LinuxFiles
{
    private const int OWronly = 0x1;
    private const int OExcl = 0x80;
    private const int EIntr = 4;
    private const int EFBig = 27;
    private const int ENoSpc = 28;

    /// <summary>Gets whether this process can use these calls.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Creates a new file (failing if anything exists at the path) for writing, with the given mode less the umask.</summary>
    /// <param name="nulTerminatedPath">The UTF-8 path, ending with a NUL byte.</param>
    /// <param name="mode">The permission bits.</param>
    /// <param name="file">The open file, on success.</param>
    /// <returns>0, or the error number (see <see cref="Error"/>).</returns>
    public static int TryCreateExclusive(ReadOnlySpan<byte> nulTerminatedPath, int mode, out SafeFileHandle? file)
    {
        int fd;
        do
        {
            fd = NativeMethods.OpenWithMode(nulTerminatedPath, OWronly | NativeMethods.LinuxCreate | OExcl | NativeMethods.CloseOnExecFlag, mode);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EIntr);

        if (fd < 0)
        {
            file = null;
            return Marshal.GetLastPInvokeError();
        }

        file = new SafeFileHandle(fd, ownsHandle: true);
        return 0;
    }

    /// <summary>Reserves <paramref name="length"/> bytes for a file.</summary>
    /// <returns>0, or the error number of a full disk or a file too large (other failures, such as a file system
    /// that cannot reserve space, are ignored, as .NET does).</returns>
    public static int TryPreallocate(SafeFileHandle file, long length)
    {
        if (Fallocate((int)file.DangerousGetHandle(), 0, 0, length) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoSpc or EFBig)
            {
                return errno;
            }
        }

        return 0;
    }

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>.</summary>
    /// <exception cref="IOException">The write failed.</exception>
    public static void Write(SafeFileHandle file, ReadOnlySpan<byte> data, long offset)
    {
        var fd = (int)file.DangerousGetHandle();
        while (!data.IsEmpty)
        {
            var n = PWrite(fd, ref MemoryMarshal.GetReference(data), data.Length, offset);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == EIntr)
                {
                    continue;
                }

                throw Error("write", Marshal.GetLastPInvokeError(), null);
            }

            data = data[(int)n..];
            offset += n;
        }
    }

    /// <summary>The exception for a failed call.</summary>
    public static IOException Error(string call, int errno, string? path)
    {
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        var message = path is null ? SRFormat.Format(SR.ZipCallFailed, call, reason) : SRFormat.Format(SR.ZipCallOnPathFailed, call, path, reason);
        return new IOException(message, errno);
    }

    [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint PWrite(int fd, ref byte buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fallocate(int fd, int mode, long offset, long length);
}
