using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GoModules.Caching.Internal;

/// <summary>File-system helpers for the module cache: removing read-only trees, permissions, leftovers.</summary>
internal static class CacheFiles
{
    private const UnixFileMode AllPermissions = (UnixFileMode)0x1FF; // 0777

    private static readonly Lazy<UnixFileMode> ProcessUmask = new(ReadUmask);

    /// <summary>The process umask (Linux: from /proc/self/status; elsewhere assumed 022).</summary>
    public static UnixFileMode Umask => ProcessUmask.Value;

    /// <summary>
    /// Removes a directory tree written by a download, first making its directories writable (the cache keeps them
    /// read-only), as the go command's <c>modfetch.RemoveAll</c> does. Missing directories are fine.
    /// </summary>
    public static void RemoveAll(string path)
    {
        if (File.Exists(path) && !Directory.Exists(path))
        {
            ClearReadOnlyAttribute(path);
            File.Delete(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            return;
        }

        MakeTreeWritable(path, AllPermissions);
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Gives every directory of a tree the mode <paramref name="mode"/> (and, on Windows, clears read-only files).</summary>
    public static void MakeTreeWritable(string root, UnixFileMode mode)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            try
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(dir, mode);
                }

                foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                {
                    if ((entry.Attributes & FileAttributes.Directory) != 0 && (entry.Attributes & FileAttributes.ReparsePoint) == 0)
                    {
                        pending.Push(entry.FullName);
                    }
                    else if (OperatingSystem.IsWindows())
                    {
                        ClearReadOnlyAttribute(entry.FullName);
                    }
                }
            }
            catch (IOException)
            {
                // Best effort, like Go's walk that ignores errors.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Directory mode the go command leaves with -modcacherw: 0777 minus the umask.</summary>
    public static UnixFileMode WritableDirectoryMode => AllPermissions & ~Umask;

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

    /// <summary>Deletes the files in <paramref name="directory"/> whose names start and end as given (best effort).</summary>
    public static void DeleteFiles(string directory, string prefix, string suffix)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (name.Length > prefix.Length + suffix.Length - 1
                && name.StartsWith(prefix, StringComparison.Ordinal)
                && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                AtomicFile.TryDelete(file);
            }
        }
    }

    /// <summary>Removes the directories in <paramref name="directory"/> whose names start with one of the prefixes.</summary>
    public static void RemoveDirectories(string directory, params string[] prefixes)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(dir);
            foreach (var prefix in prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    try
                    {
                        RemoveAll(dir);
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }

                    break;
                }
            }
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
