using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Hashing.Internal;
using GoModules.Zip.Internal;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip;

/// <summary>
/// Checks files, directories and zip archives against the rules of module zips, reporting which
/// files are valid, omitted and invalid, as golang.org/x/mod/zip's CheckFiles, CheckDir and CheckZip do.
/// </summary>
/// <remarks>
/// <para>The rules (see go.dev/ref/mod#zip-files):</para>
/// <list type="bullet">
/// <item>Every entry of a zip is named <c>module@version/file/path</c> with the unescaped module path
/// and the canonical version; the module path and version pass <c>module.Check</c>; each file path
/// is clean and passes the file path rules.</item>
/// <item>No two paths are equal under Go's simple case folding, and no name is both a file and a directory.</item>
/// <item>A go.mod may appear only at the root, spelled <c>go.mod</c>.</item>
/// <item>The zip file, and separately the uncompressed total of its files, are at most
/// <see cref="ModuleZipLimits.MaxZipFile"/> bytes; the root go.mod and LICENSE at most 16 MiB each.</item>
/// <item>When making a zip, files in vendored packages and nested modules, <c>.hg_archival.txt</c>,
/// symbolic links and irregular files are left out; a directory walk also skips VCS directories.</item>
/// </list>
/// </remarks>
public static class ModuleZipValidator
{
    private static readonly byte[] InvalidUtf8 = [0xFF];

    internal const string TreeTooLargeMessage = "module source tree too large (max size is 524288000 bytes)";
    internal const string ContentsTooLargeMessage = "total uncompressed size of module contents too large (max size is 524288000 bytes)";

    /// <summary>Checks a list of files, as x/mod's <c>CheckFiles</c> does. Opens no file except, for the vendor rule, the root go.mod.</summary>
    /// <param name="files">The files, in the order they would be zipped.</param>
    /// <param name="vendorRule">Which form of the vendoring rule applies.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The report; every file lands in exactly one of its lists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="files"/> is <see langword="null"/>.</exception>
    public static async ValueTask<ModuleZipCheckResult> CheckFilesAsync(IReadOnlyList<ModuleZipSourceFile> files, ModuleZipVendorRule vendorRule = ModuleZipVendorRule.Automatic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var go124 = await UsesGo124VendorRuleAsync(files, vendorRule, cancellationToken).ConfigureAwait(false);
        return CheckFilesCore(files, go124, null);
    }

    /// <summary>Checks the files in a directory, as x/mod's <c>CheckDir</c> does; paths in the report are joined to <paramref name="directory"/>.</summary>
    /// <param name="directory">The module root directory.</param>
    /// <param name="vendorRule">Which form of the vendoring rule applies.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="IOException">The directory cannot be read.</exception>
    public static async ValueTask<ModuleZipCheckResult> CheckDirectoryAsync(string directory, ModuleZipVendorRule vendorRule = ModuleZipVendorRule.Automatic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var go124 = await UsesGo124VendorRuleAsync(directory, vendorRule, cancellationToken).ConfigureAwait(false);
        var (files, omitted) = ListDirectory(directory, go124);
        var result = CheckFilesCore(files, go124, null);
        var valid = new List<string>(result.Valid.Count);
        foreach (var v in result.Valid)
        {
            valid.Add(Join(directory, v));
        }

        var allOmitted = new List<ModuleZipFileError>(result.Omitted.Count + omitted.Count);
        foreach (var e in result.Omitted)
        {
            allOmitted.Add(e.WithPath(Join(directory, e.Path)));
        }

        foreach (var e in omitted)
        {
            allOmitted.Add(e.WithPath(Join(directory, e.Path)));
        }

        var invalid = new List<ModuleZipFileError>(result.Invalid.Count);
        foreach (var e in result.Invalid)
        {
            invalid.Add(e.WithPath(Join(directory, e.Path)));
        }

        return new ModuleZipCheckResult(valid, allOmitted, invalid, result.SizeError);
    }

    /// <summary>
    /// Checks the names and declared sizes in a zip file's central directory, as x/mod's
    /// <c>CheckZip</c> does (no entry data is read; <see cref="ModuleZipReader"/> verifies the data).
    /// </summary>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="zipFile">The zip file.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The report; paths are full entry names. A malformed module path or version, or an
    /// unreadable archive, is reported through <see cref="ModuleZipCheckResult.Error"/> with empty lists.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<ModuleZipCheckResult> CheckZipAsync(string modulePath, string version, string zipFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(zipFile);
        var moduleError = CheckModule(modulePath, version);
        if (moduleError is not null)
        {
            return new ModuleZipCheckResult([], [], [], null, moduleError);
        }

        using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var size = RandomAccess.GetLength(handle);
        if (size > ModuleZipLimits.MaxZipFile)
        {
            return new ModuleZipCheckResult([], [], [], ZipFileTooLarge(size));
        }

        CentralDirectory cd;
        try
        {
            cd = await CentralDirectory.ReadAsync(handle, size, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleZipException ex)
        {
            return new ModuleZipCheckResult([], [], [], null, new ModuleZipException(ModuleZipErrorKind.ZipFormat, "zip: not a valid zip file", null, null, ex));
        }

        using (cd)
        {
            return CheckCentralDirectory(cd, modulePath + "@" + version + "/");
        }
    }

    internal static ModuleZipException ZipFileTooLarge(long size)
        => new(ModuleZipErrorKind.ZipFileTooLarge, string.Create(CultureInfo.InvariantCulture, $"module zip file is too large ({size} bytes; limit is {ModuleZipLimits.MaxZipFile} bytes)"));

    internal static ModuleZipCheckResult CheckCentralDirectory(CentralDirectory cd, string prefix)
    {
        var valid = new List<string>();
        var invalid = new List<ModuleZipFileError>();
        ModuleZipException? sizeError = null;
        using var checker = new EntryNameChecker(prefix);
        for (var i = 0; i < cd.Count; i++)
        {
            ref var e = ref cd[i];
            var name = cd.Name(e);
            var verdict = checker.Check(name, out var relative, out var error);
            switch (verdict)
            {
                case EntryVerdict.Invalid:
                    invalid.Add(error!);
                    continue;
                case EntryVerdict.PrefixEntry or EntryVerdict.Directory:
                    continue;
            }

            if (!checker.TryAddSize(e.UncompressedSize))
            {
                sizeError ??= new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, ContentsTooLargeMessage);
            }

            var limit = EntryNameChecker.FileLimit(relative);
            if (limit >= 0 && e.UncompressedSize > limit)
            {
                invalid.Add(EntryNameChecker.FileTooLarge(name, relative));
                continue;
            }

            valid.Add(Encoding.UTF8.GetString(name));
        }

        return new ModuleZipCheckResult(valid, [], invalid, sizeError);
    }

    /// <summary>Checks the module path and version as Create, CheckZip and Unzip do first.</summary>
    internal static ModuleZipException? CheckModule(string modulePath, string version)
    {
        var canonical = SemVer.CanonicalModuleVersion(version);
        if (!string.Equals(canonical, version, StringComparison.Ordinal))
        {
            return new ModuleZipException(ModuleZipErrorKind.VersionNotCanonical, "version " + GoQuote.Quote(version.AsSpan()) + " is not canonical (should be " + GoQuote.Quote(canonical.AsSpan()) + ")");
        }

        try
        {
            ModuleVersion.Check(modulePath, version);
            return null;
        }
        catch (InvalidModulePathException ex)
        {
            return new ModuleZipException(ModuleZipErrorKind.InvalidModulePath, ex.Message, null, null, ex);
        }
        catch (InvalidModuleVersionException ex)
        {
            var kind = ex.Kind == VersionErrorKinds.MajorVersionMismatch ? ModuleZipErrorKind.MajorVersionMismatch : ModuleZipErrorKind.InvalidVersion;
            return new ModuleZipException(kind, ex.Message, null, null, ex);
        }
    }

    internal static ModuleZipCheckResult CheckFilesCore(IReadOnlyList<ModuleZipSourceFile> files, bool go124, List<ModuleZipSourceFile>? validFiles)
    {
        var valid = new List<string>();
        var omitted = new List<ModuleZipFileError>();
        var invalid = new List<ModuleZipFileError>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        ModuleZipException? sizeError = null;

        void Add(string path, bool isOmitted, ModuleZipFileErrorKind kind, string message, PathErrorKind pathError = PathErrorKind.None)
        {
            if (!reported.Add(path))
            {
                return;
            }

            var fe = new ModuleZipFileError(path, kind, message, pathError);

            (isOmitted ? omitted : invalid).Add(fe);
        }

        // Pass 1: directories holding a regular go.mod (in any case) are nested modules.
        var moduleRoots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            var p = f.Path;
            var slash = p.LastIndexOf('/');
            var baseName = p.AsSpan(slash + 1);
            if (baseName.Equals("go.mod", StringComparison.OrdinalIgnoreCase) && f.Type == ModuleZipFileType.RegularFile)
            {
                moduleRoots.Add(p[..(slash + 1)]);
            }
        }

        bool InSubmodule(string p)
        {
            while (true)
            {
                var slash = p.LastIndexOf('/');
                if (slash < 0)
                {
                    return false;
                }

                var dir = p[..(slash + 1)];
                if (moduleRoots.Contains(dir))
                {
                    return true;
                }

                p = p[..slash];
            }
        }

        using var collisions = new CollisionChecker();
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            var maxSize = ModuleZipLimits.MaxZipFile;
            foreach (var f in files)
            {
                var p = f.Path;
                if (buffer.Length < p.Length * 3)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(p.Length * 3);
                }

                var status = Utf8.FromUtf16(p, buffer, out _, out var written, replaceInvalidSequences: false);
                var utf8Ok = status == OperationStatus.Done;
                var bytes = buffer.AsSpan(0, written);
                if (!utf8Ok)
                {
                    // A string that is not valid UTF-16 cannot be valid UTF-8 either.
                    bytes = InvalidUtf8;
                }

                if (utf8Ok && !ZipPathRules.IsClean(bytes))
                {
                    Add(p, false, ModuleZipFileErrorKind.PathNotClean, "file path is not clean");
                    continue;
                }

                if (p.StartsWith('/'))
                {
                    Add(p, false, ModuleZipFileErrorKind.PathNotRelative, "file path is not relative");
                    continue;
                }

                if (utf8Ok && ZipPathRules.IsVendored(bytes, go124))
                {
                    Add(p, true, ModuleZipFileErrorKind.Vendored, "file is in vendor directory");
                    continue;
                }

                if (InSubmodule(p))
                {
                    Add(p, true, ModuleZipFileErrorKind.SubmoduleFile, "file is in another module");
                    continue;
                }

                if (p == ".hg_archival.txt")
                {
                    Add(p, true, ModuleZipFileErrorKind.HgArchival, "file is inserted by 'hg archive' and is always omitted");
                    continue;
                }

                var pathError = ZipPathRules.CheckFilePath(bytes, out var message);
                if (pathError != PathErrorKind.None)
                {
                    Add(p, false, ModuleZipFileErrorKind.InvalidFilePath, message!, pathError);
                    continue;
                }

                if (p.Length == 6 && p != "go.mod" && p.Equals("go.mod", StringComparison.OrdinalIgnoreCase))
                {
                    Add(p, false, ModuleZipFileErrorKind.GoModCase, "go.mod files must have lowercase names");
                    continue;
                }

                var collision = collisions.Check(bytes, f.Type == ModuleZipFileType.Directory, out var at, out var other);
                if (collision != CollisionResult.None)
                {
                    Add(p, false, EntryNameChecker.CollisionKind(collision), EntryNameChecker.CollisionMessage(collision, at, other));
                    continue;
                }

                if (f.Type == ModuleZipFileType.SymbolicLink)
                {
                    Add(p, true, ModuleZipFileErrorKind.SymbolicLink, "file is a symbolic link");
                    continue;
                }

                if (f.Type != ModuleZipFileType.RegularFile)
                {
                    Add(p, true, ModuleZipFileErrorKind.NotRegular, "not a regular file");
                    continue;
                }

                var size = f.Size;
                if (size >= 0 && size <= maxSize)
                {
                    maxSize -= size;
                }
                else
                {
                    sizeError ??= new ModuleZipException(ModuleZipErrorKind.TreeTooLarge, TreeTooLargeMessage);
                }

                if (p == "go.mod" && size > ModuleZipLimits.MaxGoMod)
                {
                    Add(p, false, ModuleZipFileErrorKind.GoModTooLarge, EntryNameChecker.GoModTooLargeMessage);
                    continue;
                }

                if (p == "LICENSE" && size > ModuleZipLimits.MaxLicense)
                {
                    Add(p, false, ModuleZipFileErrorKind.LicenseTooLarge, EntryNameChecker.LicenseTooLargeMessage);
                    continue;
                }

                valid.Add(p);
                validFiles?.Add(f);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ModuleZipCheckResult(valid, omitted, invalid, sizeError);
    }

    /// <summary>Walks a directory as x/mod's listFilesInDir does (Go's filepath.Walk: names in byte order, links not followed).</summary>
    internal static (List<ModuleZipSourceFile> Files, List<ModuleZipFileError> Omitted) ListDirectory(string root, bool go124)
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
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.Vendored, "file is in vendor directory"));
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
                        omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.VcsDirectory, "directory is a version control repository"));
                        continue;
                    }

                    var goMod = new FileInfo(Path.Combine(info.FullName, "go.mod"));
                    if (goMod.LinkTarget is not null || goMod.Exists)
                    {
                        omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.SubmoduleDirectory, "directory is in another module"));
                        continue;
                    }

                    Walk((DirectoryInfo)info, rel);
                    continue;
                }

                if (isLink || !UnixFileType.IsRegularFile(info.FullName))
                {
                    omitted.Add(new ModuleZipFileError(rel, ModuleZipFileErrorKind.NotRegular, "not a regular file"));
                    continue;
                }

                files.Add(new ModuleZipSourceFile(rel, ModuleZipFileType.RegularFile, ((FileInfo)info).Length, null) { FullPath = info.FullName });
            }
        }
    }

    internal static async ValueTask<bool> UsesGo124VendorRuleAsync(IReadOnlyList<ModuleZipSourceFile> files, ModuleZipVendorRule rule, CancellationToken cancellationToken)
    {
        if (rule == ModuleZipVendorRule.Legacy)
        {
            return false;
        }

        foreach (var f in files)
        {
            if (f.Path == "go.mod" && f.Type == ModuleZipFileType.RegularFile && f.Size <= ModuleZipLimits.MaxGoMod)
            {
                var stream = await f.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    using var ms = new MemoryStream();
                    await stream.CopyToAsync(ms, cancellationToken).ConfigureAwait(false);
                    return ZipPathRules.GoVersionAtLeast124(ms.GetBuffer().AsSpan(0, (int)ms.Length));
                }
            }
        }

        return false;
    }

    internal static async ValueTask<bool> UsesGo124VendorRuleAsync(string directory, ModuleZipVendorRule rule, CancellationToken cancellationToken)
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

    private static string Join(string directory, string slashPath)
        => Path.Join(directory, Path.DirectorySeparatorChar == '/' ? slashPath : slashPath.Replace('/', Path.DirectorySeparatorChar));

    internal static SafeFileHandle OpenRead(string path) => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
}
