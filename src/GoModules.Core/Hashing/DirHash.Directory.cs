using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Runtime.CompilerServices;
using System.Threading;
using GoModules.Hashing.Internal;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Hashing;

/// <content>The hash of a directory on disk: the walk, the names go gives its files, and opening them.</content>
public static partial class DirHash
{
    /// <summary>HashDir with an optional summary capture (for tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string HashDirectoryCore(string directory, string prefix, IBufferWriter<byte>? capture, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory) && File.Exists(directory))
        {
            throw new IOException($"{directory} is not a directory");
        }

        var files = ListFiles(directory, prefix);
        var names = new string[files.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = files[i].Name;
        }

        var paths = new string[files.Count];
        var order = new int[files.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(names, order, Utf8Order.Instance);
        for (var i = 0; i < order.Length; i++)
        {
            paths[i] = files[order[i]].FullPath;
        }

        // Sizes are not known: asking for them would cost a stat per file, more than the work it
        // could save. Items are taken in name order; each core takes the next file when it is free.
        var limit = FirstNewline(names);
        var digests = new byte[limit * HashWorker.DigestSize];
        ParallelHashing.Run(
            limit,
            sizes: null,
            ParallelHashing.WorkerCount(limit, long.MaxValue),
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (worker, i) =>
            {
                using var handle = OpenForHashing(paths[i]);
                worker.HashFile(handle, digests.AsSpan(i * HashWorker.DigestSize, HashWorker.DigestSize), cancellationToken);
            },
            cancellationToken);
        return FinishStrings(names, limit, digests, capture);
    }

    /// <summary>
    /// Opens a file of the walk for reading. On Linux a plain <c>open(O_RDONLY | O_CLOEXEC)</c>: a
    /// <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> adds an advisory
    /// <c>flock</c> and an <c>fstat</c> per file, a third of the system calls of hashing a small file. Where that open
    /// fails, the framework's open runs and reports the failure with its usual exception.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SafeFileHandle OpenForHashing(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = NativeMethods.Open(path, NativeMethods.OpenFlags(write: false));
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }
        }

        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    private readonly record struct FileItem(string FullPath, string Name);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<FileItem> ListFiles(string directory, string prefix)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
            MatchType = MatchType.Simple,
        };

        // Go names each file filepath.Join(prefix, rel), which cleans the result. The relative path
        // from the walk is already clean, so cleaning the prefix once gives the same names.
        var cleanPrefix = prefix.Length == 0 ? string.Empty : GoPath.Clean(prefix);
        var namePrefix = cleanPrefix switch
        {
            "" or "." => string.Empty,
            "/" => "/",
            _ => cleanPrefix + "/",
        };
        // Go opens each file at filepath.Join(dir, strings.TrimPrefix(name, prefix)). That is the
        // walked file itself whenever the prefix is clean or merely ends in a slash; for other
        // prefixes (say "./m@v1") it is some other path, usually missing, and HashDir fails.
        var openByName = !string.Equals(namePrefix, prefix, StringComparison.Ordinal)
            && !string.Equals(namePrefix, prefix + "/", StringComparison.Ordinal);
        var separator = Path.DirectorySeparatorChar;
        var enumerable = new FileSystemEnumerable<FileItem>(
            directory,
            [MethodImpl(MethodImplOptions.AggressiveOptimization)] (ref FileSystemEntry entry) =>
            {
                var sub = entry.Directory[entry.RootDirectory.Length..].TrimStart(separator);
                var name = sub.IsEmpty
                    ? string.Concat(namePrefix, entry.FileName)
                    : string.Concat(namePrefix, sub, "/", entry.FileName);
                if (separator != '/')
                {
                    name = name.Replace(separator, '/');
                }

                return new FileItem(openByName ? OpenPath(directory, name, prefix) : entry.ToFullPath(), name);
            },
            options)
        {
            // Attributes and sizes cost a stat and more per file, so only directories are asked (to spot links).
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return [.. enumerable];
    }

    private static string OpenPath(string directory, string name, string prefix)
    {
        var rest = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        return Path.GetFullPath(Path.Join(directory, rest));
    }
}
