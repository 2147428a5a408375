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

    /// <summary><c>statx</c> mask bit: the file type and mode.</summary>
    public const uint StatxType = 0x1;

    /// <summary><c>statx</c> mask bit: the size.</summary>
    public const uint StatxSize = 0x200;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int StatxBufferSize = 256;
    private const int StatxMaskOffset = 0;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int StackPathLimit = 1024;

    /// <summary>What <see cref="LStatx"/> read from the kernel's <c>struct statx</c>.</summary>
    /// <param name="Mask">The fields the kernel filled in (<c>stx_mask</c>).</param>
    /// <param name="Mode">The file type and permission bits (<c>stx_mode</c>).</param>
    /// <param name="Size">The size in bytes (<c>stx_size</c>).</param>
    public readonly record struct StatxResult(uint Mask, int Mode, long Size);

    /// <summary>
    /// Linux <c>statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, mask)</c>, the one wrapper of that call: the entry at
    /// <paramref name="path"/> itself, never following a final link. Returns 0 and fills <paramref name="result"/>, or
    /// returns the <c>errno</c> (<c>EINVAL</c> for a path holding a NUL). Linux only.
    /// </summary>
    public static int LStatx(string path, uint mask, out StatxResult result)
    {
        result = default;
        var max = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        byte[]? rented = null;
        Span<byte> name = path.Length <= StackPathLimit ? stackalloc byte[(StackPathLimit * 3) + 1] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(path, name);
            if (name[..length].Contains((byte)0))
            {
                return 22; // EINVAL
            }

            name[length] = 0;
            Span<byte> buffer = stackalloc byte[StatxBufferSize];
            if (Statx(AtFdCwd, ref MemoryMarshal.GetReference(name), AtSymlinkNoFollow, mask, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return Marshal.GetLastPInvokeError();
            }

            result = new StatxResult(
                MemoryMarshal.Read<uint>(buffer[StatxMaskOffset..]),
                MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]),
                MemoryMarshal.Read<long>(buffer[StatxSizeOffset..]));
            return 0;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The type of the entry at <paramref name="path"/> itself in one <c>statx</c>, with no allocation, where
    /// <see cref="System.IO.FileInfo"/>'s attributes and link target cost an <c>lstat</c>, a <c>readlink</c> and a
    /// <c>geteuid</c>. <see cref="LStatType.Unknown"/> elsewhere and on errors other than a missing entry.
    /// </summary>
    public static LStatType TryLStatType(string path)
    {
        if (!OperatingSystem.IsLinux() || path.Length > StackPathLimit)
        {
            return LStatType.Unknown;
        }

        var errno = LStatx(path, StatxType, out var stat);
        if (errno != 0)
        {
            return errno switch
            {
                2 or 20 => LStatType.Missing, // ENOENT, ENOTDIR
                _ => LStatType.Unknown,
            };
        }

        if ((stat.Mask & StatxType) == 0)
        {
            return LStatType.Unknown;
        }

        return (stat.Mode & 0xF000) switch
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
