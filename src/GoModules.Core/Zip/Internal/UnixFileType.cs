using System;
using System.Runtime.InteropServices;

namespace GoModules.Zip.Internal;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices on Linux, which <see cref="System.IO.FileInfo"/>
/// does not: <c>lstat</c>'s file type bits. Elsewhere every non-directory, non-link is taken as regular.
/// </summary>
internal static partial class UnixFileType
{
    private const int ModeOffsetX64 = 24;
    private const int ModeOffsetGeneric = 16;

    /// <summary>Whether the object at <paramref name="path"/> (not following links) is a regular file.</summary>
    /// <param name="path">The file system path.</param>
    /// <returns>False only when <c>lstat</c> positively reports another type.</returns>
    internal static bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => ModeOffsetX64,
            Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => ModeOffsetGeneric,
            _ => -1,
        };
        if (offset < 0)
        {
            return true;
        }

        var buffer = new byte[256];
        try
        {
            var name = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
            System.Text.Encoding.UTF8.GetBytes(path, name);
            if (NativeMethods.LStat(name, buffer) != 0)
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return true;
        }

        var mode = BitConverter.ToUInt32(buffer, offset);
        return (mode & 0xF000) == 0x8000;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "lstat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int LStat(byte[] path, byte[] buffer);
    }
}
