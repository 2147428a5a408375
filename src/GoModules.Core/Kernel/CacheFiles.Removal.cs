using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Kernel;

/// <summary>The tree walk that removes entries without following links, and the permission changes it needs.</summary>
internal static partial class CacheFiles
{
    /// <summary>
    /// Removes a real directory and its content: each directory is made writable before it is emptied, links and
    /// files are unlinked, and directories are removed once empty.
    /// </summary>
    private static void RemoveTree(string top)
    {
        var pending = new Stack<(string Path, bool Emptied)>();
        pending.Push((top, false));
        while (pending.Count > 0)
        {
            var (dir, emptied) = pending.Pop();
            if (emptied)
            {
                try
                {
                    Directory.Delete(dir, recursive: false);
                }
                catch (DirectoryNotFoundException)
                {
                }

                continue;
            }

            if (!TrySetDirectoryMode(dir, AllPermissions))
            {
                // No longer a real directory (replaced meanwhile): unlink whatever is there now.
                if (GetKind(dir) is EntryKind.Link or EntryKind.Other)
                {
                    DeleteEntry(dir, EntryKind.Link);
                }

                continue;
            }

            pending.Push((dir, true));
            FileSystemInfo[] entries;
            try
            {
                // Listed whole before anything is unlinked: removing entries while readdir is still walking the
                // directory may make it skip some, and the directory would then not be empty when removed.
                entries = new DirectoryInfo(dir).GetFileSystemInfos();
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                var kind = KindOf(entry);
                if (kind == EntryKind.Directory)
                {
                    pending.Push((entry.FullName, false));
                }
                else
                {
                    DeleteEntry(entry.FullName, kind);
                }
            }
        }
    }

    /// <summary>Unlinks a file or link (never what a link points to).</summary>
    private static void DeleteEntry(string path, EntryKind kind)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // A directory link or junction is removed as an (empty) directory, which removes only the link.
                if (kind == EntryKind.Link && (File.GetAttributes(path) & FileAttributes.Directory) != 0)
                {
                    Directory.Delete(path, recursive: false);
                    return;
                }

                ClearReadOnlyAttribute(path);
            }

            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (FileNotFoundException)
        {
        }
    }

    /// <summary>
    /// Changes the mode of a real directory. On Linux and macOS the directory is opened with <c>O_NOFOLLOW</c> and
    /// <c>O_DIRECTORY</c> and changed through the descriptor, so a link swapped in after the directory was listed is
    /// refused rather than followed. Returns false when the path is no longer a real directory.
    /// </summary>
    private static bool TrySetDirectoryMode(string dir, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return GetKind(dir) == EntryKind.Directory;
        }

        if (NativeMethods.NoFollowDirectoryFlags() is { } flags)
        {
            int fd;
            try
            {
                fd = NativeMethods.Open(dir, NativeMethods.OpenFlags(write: false) | flags);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return FallbackSetMode(dir, mode);
            }

            if (fd < 0)
            {
                // ELOOP or ENOTDIR: a link or a file; ENOENT: gone. Either way not a directory to work on. A real
                // directory that cannot be opened (mode 0) is changed by path after the lstat check, as Go does.
                return FallbackSetMode(dir, mode);
            }

            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            try
            {
                // fchmod(2) on the descriptor: the directory that was opened, never a link put in its place since.
                File.SetUnixFileMode(handle, mode);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // As before: a mode that cannot be changed is left to the removal that follows to report.
            }

            return true;
        }

        return FallbackSetMode(dir, mode);
    }

    private static bool FallbackSetMode(string dir, UnixFileMode mode)
    {
        if (GetKind(dir) != EntryKind.Directory)
        {
            return false;
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir, mode);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return true;
    }

    private static void ClearReadOnlyAttribute(string file)
    {
        try
        {
            var attributes = File.GetAttributes(file);
            if ((attributes & FileAttributes.ReadOnly) != 0)
            {
                File.SetAttributes(file, attributes & ~FileAttributes.ReadOnly);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static UnixFileMode ReadUmask()
    {
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/self/status"))
            {
                foreach (var line in File.ReadLines("/proc/self/status", Encoding.ASCII))
                {
                    if (line.StartsWith("Umask:", StringComparison.Ordinal))
                    {
                        return (UnixFileMode)Convert.ToInt32(line["Umask:".Length..].Trim(), 8);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (FormatException)
        {
        }

        return (UnixFileMode)0x12; // 022
    }
}
