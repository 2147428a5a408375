using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel;

/// <summary>
/// The few system calls needed for locks that interoperate with the go command's <c>lockedfile</c> package:
/// <c>flock</c> and a plain <c>open</c> on Unix (so that .NET's own advisory locking of <c>FileStream</c>s, which
/// is also <c>flock</c>, does not get in the way), <c>LockFileEx</c> on Windows.
/// </summary>
internal static partial class NativeMethods
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int LockUnlock = 8;

    public const int LockfileFailImmediately = 0x1;
    public const int LockfileExclusiveLock = 0x2;

    /// <summary>
    /// Gets whether this process can pass <c>open</c>'s variadic mode argument like a fixed one (Linux on x64 and
    /// Arm64), which <see cref="OpenOrCreate"/> needs.
    /// </summary>
    public static bool HasFixedArgumentOpen { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Flock(int fd, int operation);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags);

    /// <summary>Unix <c>open(path, flags)</c> without a mode argument (so without <c>O_CREAT</c>).</summary>
    public static int Open(string path, int flags) => Open(NulTerminatedUtf8(path), flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(ref byte nulTerminatedUtf8Path, int flags, int mode);

    /// <summary>
    /// Linux <c>open(path, flags | O_CREAT, mode)</c>: opens the file, creating it when missing. Only where
    /// <see cref="HasFixedArgumentOpen"/> (there, <c>open</c>'s variadic mode argument is
    /// passed like a fixed one).
    /// </summary>
    public static int OpenOrCreate(string path, int flags, int mode)
        => OpenWithMode(NulTerminatedUtf8(path), flags | LinuxCreate, mode);

    /// <summary>
    /// Linux <c>open(path, flags, mode)</c> with the mode argument (for <c>O_CREAT</c>), on a path already encoded.
    /// Only where <see cref="HasFixedArgumentOpen"/>.
    /// </summary>
    /// <param name="nulTerminatedUtf8Path">The UTF-8 path, ending with a NUL byte.</param>
    /// <param name="flags">The open flags.</param>
    /// <param name="mode">The permission bits of a created file (less the umask).</param>
    /// <returns>The file descriptor, or -1 with the error number in <see cref="Marshal.GetLastPInvokeError"/>.</returns>
    public static int OpenWithMode(ReadOnlySpan<byte> nulTerminatedUtf8Path, int flags, int mode)
        => Open(ref MemoryMarshal.GetReference(nulTerminatedUtf8Path), flags, mode);

    /// <summary>Linux's <c>O_CREAT</c>.</summary>
    public const int LinuxCreate = 0x40;

    /// <summary>Gets <c>O_CLOEXEC</c> for the current platform.</summary>
    public static int CloseOnExecFlag { get; } = OperatingSystem.IsFreeBSD() ? 0x100000
        : OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? 0x1000000 : 0x80000;

    private static byte[] NulTerminatedUtf8(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename(byte[] nulTerminatedUtf8From, byte[] nulTerminatedUtf8To);

    /// <summary>Unix <c>rename(2)</c>: replaces whatever entry is at <paramref name="to"/>, a link itself rather than its target.</summary>
    /// <returns>0, or the error number.</returns>
    public static int Rename(string from, string to)
    {
        var fromBytes = NulTerminatedUtf8(from);
        var toBytes = NulTerminatedUtf8(to);
        while (true)
        {
            if (Rename(fromBytes, toBytes) == 0)
            {
                return 0;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != 4)
            {
                return errno;
            }
        }
    }

    [DllImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Ftruncate(int fd, long length);

    [DllImport("kernel32.dll", EntryPoint = "LockFileEx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool LockFileEx(SafeFileHandle file, int flags, int reserved, int lengthLow, int lengthHigh, ref NativeOverlapped overlapped);

    [DllImport("kernel32.dll", EntryPoint = "UnlockFileEx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static extern bool UnlockFileEx(SafeFileHandle file, int reserved, int lengthLow, int lengthHigh, ref NativeOverlapped overlapped);

    /// <summary>The Windows OVERLAPPED structure (only the offset fields are used: 0, the start of the file).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NativeOverlapped
    {
        public IntPtr Internal;
        public IntPtr InternalHigh;
        public int OffsetLow;
        public int OffsetHigh;
        public IntPtr EventHandle;
    }

    /// <summary>
    /// <c>O_NOFOLLOW</c> for the current platform (open fails with <c>ELOOP</c> when the last component of the path
    /// is a symbolic link), or <see langword="null"/> where its value is not known here.
    /// </summary>
    public static int? NoFollowFlag()
    {
        if (OperatingSystem.IsLinux())
        {
            return RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 or Architecture.X86 => 0x20000,
                Architecture.Arm64 or Architecture.Arm => 0x8000,
                _ => null,
            };
        }

        return OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD() ? 0x100 : null;
    }

    /// <summary>
    /// <c>O_DIRECTORY | O_NOFOLLOW</c>, for opening a directory that must not be reached through a link, where both values
    /// are known (Linux on x86/x64/Arm, macOS); else <see langword="null"/>.
    /// </summary>
    public static int? NoFollowDirectoryFlags()
    {
        int? directory = OperatingSystem.IsLinux()
            ? RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 or Architecture.X86 => 0x10000,
                Architecture.Arm64 or Architecture.Arm => 0x4000,
                _ => null,
            }
            : OperatingSystem.IsMacOS() ? 0x100000 : null;
        return directory is { } d && NoFollowFlag() is { } noFollow ? d | noFollow : null;
    }

    /// <summary>Whether <paramref name="errno"/> is what <c>open</c> with <c>O_NOFOLLOW</c> reports for a symbolic link.</summary>
    public static bool IsSymbolicLinkError(int errno)
    {
        if (OperatingSystem.IsLinux())
        {
            return errno == 40; // ELOOP
        }

        // ELOOP on macOS and FreeBSD; FreeBSD reports EMLINK for O_NOFOLLOW on a link.
        return errno == 62 || (OperatingSystem.IsFreeBSD() && errno == 31);
    }

    /// <summary>Unix <c>open(2)</c> flags for the current platform.</summary>
    public static int OpenFlags(bool write)
    {
        // O_RDONLY = 0, O_RDWR = 2 everywhere; O_CLOEXEC differs.
        return (write ? 2 : 0) | CloseOnExecFlag;
    }
}
