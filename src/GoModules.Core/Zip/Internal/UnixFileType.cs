using System;
using System.IO;
using System.Runtime.InteropServices;
using GoModules.Kernel;

namespace GoModules.Zip.Internal;

/// <summary>
/// What kind of file system object a path names, not following a final symbolic link (<c>lstat</c>'s file type
/// bits), which <see cref="FileSystemInfo"/> does not tell for FIFOs, sockets and devices. Linux asks the kernel
/// with <c>statx</c> (whose structure is the same on every architecture); other Unix systems ask the runtime's own
/// <c>lstat</c> wrapper (its <c>FileStatus</c>, which .NET's file APIs read); Windows has only files, directories
/// and reparse points. There is no default: a failed or unknown answer is an <see cref="IOException"/>.
/// </summary>
internal static partial class UnixFileType
{
    private const uint StatxType = NativeMethods.StatxType;
    private const uint StatxSizeField = NativeMethods.StatxSize;
    private const int FileStatusSize = 512;
    private const int TypeMask = 0xF000;

    /// <summary>Gets the type of the object at <paramref name="path"/>, not following a final link.</summary>
    /// <param name="path">The file system path.</param>
    /// <returns>Its type.</returns>
    /// <exception cref="IOException">The object cannot be examined, or its type is not one of the known kinds.</exception>
    internal static UnixFileKind Get(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(path);
            return (attributes & FileAttributes.ReparsePoint) != 0 ? UnixFileKind.SymbolicLink
                : (attributes & FileAttributes.Directory) != 0 ? UnixFileKind.Directory
                : (attributes & FileAttributes.Device) != 0 ? UnixFileKind.CharacterDevice
                : UnixFileKind.Regular;
        }

        return OperatingSystem.IsLinux() ? GetWithStatx(path) : GetWithRuntimeLStat(path);
    }

    /// <summary>Whether the object at <paramref name="path"/> (not following links) is a regular file.</summary>
    /// <param name="path">The file system path.</param>
    /// <returns>True for a regular file only.</returns>
    /// <exception cref="IOException">The object cannot be examined.</exception>
    internal static bool IsRegularFile(string path) => Get(path) == UnixFileKind.Regular;

    /// <summary>Gets the type of the object at <paramref name="path"/>, not following a final link, and its size (one <c>statx</c> on Linux, as go's one <c>lstat</c>).</summary>
    /// <param name="path">The file system path.</param>
    /// <param name="size">The size <c>lstat</c> reports.</param>
    /// <returns>Its type.</returns>
    /// <exception cref="IOException">The object cannot be examined, or its type is not one of the known kinds.</exception>
    internal static UnixFileKind GetWithSize(string path, out long size)
    {
        if (!OperatingSystem.IsLinux())
        {
            var kind = Get(path);
            size = kind == UnixFileKind.Regular ? new FileInfo(path).Length : 0;
            return kind;
        }

        var errno = NativeMethods.LStatx(path, StatxType | StatxSizeField, out var stat);
        if (errno != 0)
        {
            throw Failure("statx", errno, path);
        }

        if ((stat.Mask & (StatxType | StatxSizeField)) != (StatxType | StatxSizeField))
        {
            throw new IOException(SRFormat.Format(SR.ZipFileTypeNotReported, path));
        }

        size = stat.Size;
        return FromMode(stat.Mode, path);
    }

    /// <summary>The kernel's answer on Linux.</summary>
    internal static UnixFileKind GetWithStatx(string path)
    {
        var errno = NativeMethods.LStatx(path, StatxType, out var stat);
        if (errno != 0)
        {
            throw Failure("statx", errno, path);
        }

        if ((stat.Mask & StatxType) == 0)
        {
            throw new IOException(SRFormat.Format(SR.ZipFileTypeNotReported, path));
        }

        return FromMode(stat.Mode, path);
    }

    /// <summary>The runtime's own <c>lstat</c> (System.Native's <c>SystemNative_LStat</c>), for other Unix systems.</summary>
    internal static UnixFileKind GetWithRuntimeLStat(string path)
    {
        var name = Marshal.StringToCoTaskMemUTF8(path);
        var buffer = Marshal.AllocHGlobal(FileStatusSize);
        try
        {
            if (SystemNativeLStat(name, buffer) != 0)
            {
                throw Failure("lstat", Marshal.GetLastPInvokeError(), path);
            }

            return FromMode(Marshal.PtrToStructure<FileStatusHead>(buffer).Mode, path);
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
            Marshal.FreeCoTaskMem(name);
        }
    }

    private static UnixFileKind FromMode(int mode, string path) => (mode & TypeMask) switch
    {
        0x8000 => UnixFileKind.Regular,
        0x4000 => UnixFileKind.Directory,
        0xA000 => UnixFileKind.SymbolicLink,
        0x1000 => UnixFileKind.Fifo,
        0xC000 => UnixFileKind.Socket,
        0x2000 => UnixFileKind.CharacterDevice,
        0x6000 => UnixFileKind.BlockDevice,
        var other => throw new IOException(SRFormat.Format(SR.ZipUnknownFileType, path, other)),
    };

    private static IOException Failure(string call, int errno, string path) => LinuxFiles.Error(call, errno, path);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SystemNativeLStat(nint path, nint output);

    /// <summary>The start of the runtime's <c>FileStatus</c> (src/native/libs/System.Native/pal_io.h), up to the mode.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatusHead
    {
        public int Flags;
        public int Mode;
    }
}
