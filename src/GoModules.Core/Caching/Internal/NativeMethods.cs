using System;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Caching.Internal;

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
    private static extern int Open(byte[] nulTerminatedUtf8Path, int flags, int mode);

    /// <summary>
    /// Linux <c>open(path, flags | O_CREAT, mode)</c>: opens the file, creating it when missing. Only where
    /// <see cref="GoModules.Zip.Internal.LinuxFiles.IsSupported"/> (there, <c>open</c>'s variadic mode argument is
    /// passed like a fixed one).
    /// </summary>
    public static int OpenOrCreate(string path, int flags, int mode)
    {
        const int OCreat = 0x40;
        return Open(NulTerminatedUtf8(path), flags | OCreat, mode);
    }

    private static byte[] NulTerminatedUtf8(string path)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
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

    /// <summary>Unix <c>open(2)</c> flags for the current platform.</summary>
    public static int OpenFlags(bool write)
    {
        // O_RDONLY = 0, O_RDWR = 2 everywhere; O_CLOEXEC differs.
        var cloexec = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsFreeBSD() ? 0x1000000 : 0x80000;
        if (OperatingSystem.IsFreeBSD())
        {
            cloexec = 0x100000;
        }

        return (write ? 2 : 0) | cloexec;
    }
}
