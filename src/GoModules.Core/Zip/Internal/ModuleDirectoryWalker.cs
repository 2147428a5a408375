using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;

namespace GoModules.Zip.Internal;

/// <summary>The directory side of module zips: which files of a module root go in, and the go.mod's vendoring rule.</summary>
internal static class ModuleDirectoryWalker
{
    /// <summary>Walks a directory as x/mod's listFilesInDir does (Go's filepath.Walk: names in byte order, links not followed).</summary>
    public static (List<ModuleZipSourceFile> Files, List<ModuleZipFileError> Omitted) List(string root, bool go124)
    {
        var files = new List<ModuleZipSourceFile>();
        var omitted = new List<ModuleZipFileError>();
        Walk(Path.GetFullPath(root), "");
        return (files, omitted);

        void Walk(string dir, string relDir)
        {
            // Names only: a FileSystemInfo per entry would cost an lstat of its own.
            var entries = new List<(string Name, string FullPath)>(new FileSystemEnumerable<(string, string)>(dir, (ref FileSystemEntry e) => (e.FileName.ToString(), e.ToFullPath()), new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }));
            entries.Sort((a, b) => Utf8Order.Instance.Compare(a.Name, b.Name));
            foreach (var (name, fullPath) in entries)
            {
                var rel = relDir.Length == 0 ? name : relDir + "/" + name;

                // One statx per entry on Linux (type and size together, as go's one lstat), where FileSystemInfo
                // would cost a readlink, an lstat and a statx.
                long size = 0;
                var kind = OperatingSystem.IsLinux() ? UnixFileType.GetWithSize(fullPath, out size) : (UnixFileKind?)null;
                var isLink = kind is null ? new FileInfo(fullPath).LinkTarget is not null : kind == UnixFileKind.SymbolicLink;
                var isDir = kind is null ? !isLink && Directory.Exists(fullPath) : kind == UnixFileKind.Directory;
                if (ZipPathRules.IsVendored(Encoding.UTF8.GetBytes(rel), go124))
                {
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.Vendored, SR.ZipFileVendored));
                    if (isDir)
                    {
                        Walk(fullPath, rel);
                    }

                    continue;
                }

                if (isDir)
                {
                    if (name is ".bzr" or ".git" or ".hg" or ".svn")
                    {
                        omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.VcsDirectory, SR.ZipVcsDirectory));
                        continue;
                    }

                    var goMod = new FileInfo(Path.Combine(fullPath, "go.mod"));
                    if (goMod.LinkTarget is not null || goMod.Exists)
                    {
                        omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.SubmoduleDirectory, SR.ZipDirectoryInOtherModule));
                        continue;
                    }

                    Walk(fullPath, rel);
                    continue;
                }

                if (isLink || (kind ?? UnixFileType.Get(fullPath)) != UnixFileKind.Regular)
                {
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.NotRegular, SR.ZipNotRegular));
                    continue;
                }

                files.Add(new ModuleZipSourceFile(rel, ModuleZipFileType.RegularFile, kind is null ? new FileInfo(fullPath).Length : size, null) { FullPath = fullPath });
            }
        }
    }

    public static async ValueTask<bool> UsesGo124VendorRuleAsync(string directory, ModuleZipVendorRule rule, CancellationToken cancellationToken)
    {
        if (rule == ModuleZipVendorRule.Legacy)
        {
            return false;
        }

        var goMod = new FileInfo(Path.Combine(directory, "go.mod"));
        if (!goMod.Exists || goMod.LinkTarget is not null || goMod.Length > ModuleZipLimits.MaxGoMod)
        {
            return false;
        }

        var bytes = await File.ReadAllBytesAsync(goMod.FullName, cancellationToken).ConfigureAwait(false);
        return ZipPathRules.GoVersionAtLeast124(bytes);
    }
}
