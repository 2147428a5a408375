using System.Collections.Generic;
using System.IO;
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
        Walk(new DirectoryInfo(root), "");
        return (files, omitted);

        void Walk(DirectoryInfo dir, string relDir)
        {
            var entries = new List<(string Name, FileSystemInfo Info)>();
            foreach (var info in dir.EnumerateFileSystemInfos())
            {
                entries.Add((info.Name, info));
            }

            entries.Sort((a, b) => Utf8Order.Instance.Compare(a.Name, b.Name));
            foreach (var (name, info) in entries)
            {
                var rel = relDir.Length == 0 ? name : relDir + "/" + name;
                var isLink = info.LinkTarget is not null;
                var isDir = !isLink && info is DirectoryInfo;
                if (ZipPathRules.IsVendored(Encoding.UTF8.GetBytes(rel), go124))
                {
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.Vendored, SR.ZipFileVendored));
                    if (isDir)
                    {
                        Walk((DirectoryInfo)info, rel);
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

                    var goMod = new FileInfo(Path.Combine(info.FullName, "go.mod"));
                    if (goMod.LinkTarget is not null || goMod.Exists)
                    {
                        omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.SubmoduleDirectory, SR.ZipDirectoryInOtherModule));
                        continue;
                    }

                    Walk((DirectoryInfo)info, rel);
                    continue;
                }

                if (isLink || !UnixFileType.IsRegularFile(info.FullName))
                {
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.NotRegular, SR.ZipNotRegular));
                    continue;
                }

                files.Add(new ModuleZipSourceFile(rel, ModuleZipFileType.RegularFile, ((FileInfo)info).Length, null) { FullPath = info.FullName });
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
