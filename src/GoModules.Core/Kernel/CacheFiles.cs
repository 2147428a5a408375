using System;
using System.Collections.Generic;
using System.IO;

namespace GoModules.Kernel;

/// <summary>
/// File-system helpers for the module cache: removing read-only trees, permissions, leftovers.
/// </summary>
/// <remarks>
/// Every walk here has <c>lstat</c> semantics: a symbolic link (or, on Windows, any reparse point) is an entry to
/// unlink, never a directory to enter, to change the mode of, or to empty. Only real directories are made writable
/// and removed, and only when they are the cache root or lie strictly inside it with no link on the way, so a link
/// planted in the cache (as a <c>path@version.tmp-N</c> leftover, as the extracted directory, anywhere under the
/// root) never lets a cleanup touch what it points to. The go command's <c>modfetch.RemoveAll</c> walks the same
/// way (<c>filepath.WalkDir</c> does not follow links, <c>os.RemoveAll</c> unlinks them).
/// </remarks>
internal static partial class CacheFiles
{
    private const UnixFileMode AllPermissions = (UnixFileMode)0x1FF; // 0777

    private static readonly Lazy<UnixFileMode> ProcessUmask = new(ReadUmask);

    /// <summary>The process umask (Linux: from /proc/self/status; elsewhere assumed 022).</summary>
    public static UnixFileMode Umask => ProcessUmask.Value;

    /// <summary>
    /// Removes <paramref name="path"/>, which is its own boundary (the cache root for <c>go clean -modcache</c>): a
    /// link there is unlinked; a real directory is made writable and removed with everything in it, without
    /// following any link inside. Missing paths are fine.
    /// </summary>
    /// <exception cref="IOException">Something could not be removed.</exception>
    public static void RemoveAll(string path) => RemoveAll(path, path);

    /// <summary>
    /// Removes <paramref name="path"/>, which must be <paramref name="root"/> or lie strictly inside it with only real
    /// directories between the two, as the go command's <c>modfetch.RemoveAll</c> does: a link or file is unlinked, a
    /// real directory is made writable (the cache keeps it read-only) and removed with everything in it, and no link is
    /// ever followed. Missing paths are fine.
    /// </summary>
    /// <exception cref="IOException">Something could not be removed, or <paramref name="path"/> is outside
    /// <paramref name="root"/> or reached through a link.</exception>
    public static void RemoveAll(string path, string root)
    {
        path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        CheckInside(path, root, "remove");
        switch (GetKind(path))
        {
            case EntryKind.Missing:
                return;
            case EntryKind.Directory:
                RemoveTree(path);
                return;
            default:
                DeleteEntry(path, EntryKind.Other);
                return;
        }
    }

    /// <summary>
    /// Gives every real directory of the tree at <paramref name="root"/> the mode <paramref name="mode"/> (and, on
    /// Windows, clears read-only files), entering no link; a link at <paramref name="root"/> itself is left alone.
    /// Best effort, like Go's walk that ignores errors.
    /// </summary>
    public static void MakeTreeWritable(string root, UnixFileMode mode)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (GetKind(root) != EntryKind.Directory)
        {
            return;
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            if (!TrySetDirectoryMode(dir, mode))
            {
                continue;
            }

            try
            {
                foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                {
                    var kind = KindOf(entry);
                    if (kind == EntryKind.Directory)
                    {
                        pending.Push(entry.FullName);
                    }
                    else if (OperatingSystem.IsWindows() && kind == EntryKind.Other)
                    {
                        ClearReadOnlyAttribute(entry.FullName);
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Directory mode the go command leaves with -modcacherw: 0777 minus the umask.</summary>
    public static UnixFileMode WritableDirectoryMode => AllPermissions & ~Umask;

    /// <summary>
    /// Reports whether <paramref name="path"/> is a real directory, not a link to one (<c>lstat</c> semantics).
    /// </summary>
    public static bool IsRealDirectory(string path) => GetKind(path) == EntryKind.Directory;

    /// <summary>
    /// Throws unless <paramref name="directory"/> is <paramref name="root"/>, or a real directory strictly inside it
    /// with only real directories between the two.
    /// </summary>
    /// <exception cref="IOException">A link (or a file) is on the way, or the directory is outside the root.</exception>
    public static void EnsureRealDirectoryInside(string directory, string root)
    {
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        CheckInside(directory, root, "use");

        // The root itself is the user's choice and may be a link; below it, only real directories.
        if (!string.Equals(directory, Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)), StringComparison.Ordinal)
            && GetKind(directory) != EntryKind.Directory)
        {
            throw new CacheBoundaryException(SRFormat.Format(SR.CacheRefuseNotADirectory, directory, Path.GetFullPath(root)));
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> (inside <paramref name="root"/>) one level at a time, creating nothing
    /// through a link: every existing directory between the root and it must be a real one.
    /// </summary>
    /// <exception cref="IOException">A link (or a file) is on the way, or the directory is outside the root.</exception>
    public static void CreateRealDirectoryInside(string directory, string root)
    {
        directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

        // The walk below checks every directory on the way (and refuses a link or file with the same message), so
        // only the textual test of being inside the root is needed first.
        CheckInside(directory, fullRoot, "use", walk: false);
        if (string.Equals(directory, fullRoot, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(directory);
            return;
        }

        // The root itself is the user's choice and may be a link; below it, only real directories.
        Directory.CreateDirectory(fullRoot);
        for (var i = fullRoot.Length + 1; i <= directory.Length; i++)
        {
            if (i < directory.Length && !IsSeparator(directory[i]))
            {
                continue;
            }

            var prefix = directory[..i];
            switch (GetKind(prefix))
            {
                case EntryKind.Directory:
                    break;
                case EntryKind.Missing:
                    // Its parent is a real directory: this makes exactly one new, real directory.
                    Directory.CreateDirectory(prefix);
                    if (GetKind(prefix) != EntryKind.Directory)
                    {
                        goto default;
                    }

                    break;
                default:
                    throw new CacheBoundaryException(SRFormat.Format(SR.CacheRefuseNotDirectory, "use", directory, prefix, fullRoot));
            }
        }
    }

    /// <summary>Unlinks <paramref name="path"/> if it is a symbolic link (never touching its target); reports whether it did.</summary>
    public static bool UnlinkIfLink(string path)
    {
        if (GetKind(path) != EntryKind.Link)
        {
            return false;
        }

        DeleteEntry(path, EntryKind.Link);
        return true;
    }

    /// <summary>
    /// Reports whether a file can be found at <paramref name="path"/> (through a link, as reads go): unlike
    /// <see cref="File.Exists"/>, false for a dangling link.
    /// </summary>
    public static bool FileExistsForReading(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            return GetKind(path) != EntryKind.Link || File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: true };
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reports whether anything, a dangling link included, is at <paramref name="path"/>.</summary>
    public static bool EntryExists(string path) => GetKind(path) != EntryKind.Missing;

    /// <summary>Deletes the files in <paramref name="directory"/> whose names start and end as given (best effort).</summary>
    public static void DeleteFiles(string directory, string prefix, string suffix)
    {
        if (!IsRealDirectory(directory))
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

    /// <summary>
    /// Removes (best effort) the entries of <paramref name="directory"/>, which lies inside <paramref name="root"/>,
    /// whose names start with one of the prefixes: directories with everything in them, links and files by unlinking.
    /// </summary>
    public static void RemoveEntries(string directory, string root, params string[] prefixes)
    {
        if (!IsRealDirectory(directory))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            foreach (var prefix in prefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    try
                    {
                        RemoveAll(entry, root);
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

    /// <summary>What is at a path, without following a link there.</summary>
    private enum EntryKind
    {
        Missing,
        Directory,
        Link,
        Other,
    }

    private static EntryKind GetKind(string path)
    {
        // One statx on Linux (this runs for every directory between the cache root and each file it writes);
        // FileInfo's attributes and link target (lstat, readlink, geteuid) where that cannot answer.
        switch (NativeMethods.TryLStatType(path))
        {
            case NativeMethods.LStatType.Missing:
                return EntryKind.Missing;
            case NativeMethods.LStatType.Directory:
                return EntryKind.Directory;
            case NativeMethods.LStatType.Link:
                return EntryKind.Link;
            case NativeMethods.LStatType.Other:
                return EntryKind.Other;
        }

        FileSystemInfo info = new FileInfo(path);
        var attributes = info.Attributes;
        if ((int)attributes == -1)
        {
            return EntryKind.Missing;
        }

        // LinkTarget (readlink) as well as the attributes: the definitive lstat answer for the one path asked about.
        return info.LinkTarget is not null ? EntryKind.Link : KindOf(info);
    }

    /// <summary>
    /// The kind of an entry, from its attributes: on Unix a link's carry <see cref="FileAttributes.ReparsePoint"/>
    /// (and <see cref="FileAttributes.Directory"/> as well when it points to a directory), from the directory entry's
    /// own type.
    /// </summary>
    private static EntryKind KindOf(FileSystemInfo info)
    {
        var attributes = info.Attributes;
        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            return EntryKind.Link;
        }

        return (attributes & FileAttributes.Directory) != 0 ? EntryKind.Directory : EntryKind.Other;
    }

    /// <summary>Throws unless <paramref name="path"/> is the root or strictly inside it, reached through real directories only.</summary>
    private static void CheckInside(string path, string root, string action, bool walk = true)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (string.Equals(path, root, StringComparison.Ordinal))
        {
            return;
        }

        if (!path.StartsWith(root, StringComparison.Ordinal) || path.Length <= root.Length + 1 || !IsSeparator(path[root.Length]))
        {
            throw new CacheBoundaryException(SRFormat.Format(SR.CacheRefuseOutside, action, path, root));
        }

        if (!walk)
        {
            return;
        }

        // Every directory between the root and the path must be a real one: a link on the way would lead outside.
        var end = path.Length;
        for (var i = root.Length + 1; i < end; i++)
        {
            if (IsSeparator(path[i]) && GetKind(path[..i]) is EntryKind.Link or EntryKind.Other)
            {
                throw new CacheBoundaryException(SRFormat.Format(SR.CacheRefuseNotDirectory, action, path, path[..i], root));
            }
        }
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;
}
