using System;
using System.Runtime.InteropServices;
using System.Text;

namespace GoModules.Kernel;

/// <content>The file type of a path without following a link there, in one system call (Linux <c>statx</c>).</content>
internal static partial class NativeMethods
{
    /// <summary>What <see cref="TryLStatType"/> found.</summary>
    public enum LStatType
    {
        /// <summary>The call could not answer (not Linux, an error other than a missing entry): ask another way.</summary>
        Unknown,

        /// <summary>Nothing is there (<c>ENOENT</c>, or <c>ENOTDIR</c>: a file where a directory was expected on the way).</summary>
        Missing,

        /// <summary>A real directory.</summary>
        Directory,

        /// <summary>A symbolic link (never followed).</summary>
        Link,

        /// <summary>Anything else: a regular file, a device, a socket, a pipe.</summary>
        Other,
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int StatxMaskOffset = 0;
    private const int StatxModeOffset = 28;

    /// <summary>
    /// Linux <c>statx(path, AT_SYMLINK_NOFOLLOW, STATX_TYPE)</c>: the type of the entry at <paramref name="path"/>
    /// itself, with no allocation, where <see cref="System.IO.FileInfo"/>'s attributes and link target cost an
    /// <c>lstat</c>, a <c>readlink</c> and a <c>geteuid</c>. <see cref="LStatType.Unknown"/> elsewhere and on errors
    /// other than a missing entry.
    /// </summary>
    public static LStatType TryLStatType(string path)
    {
        if (!OperatingSystem.IsLinux() || path.Length > 1024)
        {
            return LStatType.Unknown;
        }

        Span<byte> name = stackalloc byte[(1024 * 3) + 1];
        var length = Encoding.UTF8.GetBytes(path, name);
        if (name[..length].Contains((byte)0))
        {
            return LStatType.Unknown;
        }

        name[length] = 0;
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        if (Statx(AtFdCwd, ref MemoryMarshal.GetReference(name), AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                2 or 20 => LStatType.Missing, // ENOENT, ENOTDIR
                _ => LStatType.Unknown,
            };
        }

        if ((MemoryMarshal.Read<uint>(buffer[StatxMaskOffset..]) & StatxType) == 0)
        {
            return LStatType.Unknown;
        }

        return (MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]) & 0xF000) switch
        {
            0x4000 => LStatType.Directory,
            0xA000 => LStatType.Link,
            _ => LStatType.Other,
        };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, ref byte nulTerminatedUtf8Path, int flags, uint mask, ref byte buffer);
}
