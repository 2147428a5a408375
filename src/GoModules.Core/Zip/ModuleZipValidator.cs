using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Kernel.Zip;
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
    /// <summary>Checks a list of files, as x/mod's <c>CheckFiles</c> does. Opens no file except, for the vendor rule, the root go.mod.</summary>
    /// <param name="files">The files, in the order they would be zipped.</param>
    /// <param name="vendorRule">Which form of the vendoring rule applies.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The report; every file lands in exactly one of its lists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="files"/> is <see langword="null"/>.</exception>
    public static async ValueTask<ModuleZipCheckResult> CheckFilesAsync(IReadOnlyList<ModuleZipSourceFile> files, ModuleZipVendorRule vendorRule = ModuleZipVendorRule.Automatic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var go124 = await FileListChecker.UsesGo124VendorRuleAsync(files, vendorRule, cancellationToken).ConfigureAwait(false);
        return FileListChecker.Check(files, go124, null);
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
        var go124 = await ModuleDirectoryWalker.UsesGo124VendorRuleAsync(directory, vendorRule, cancellationToken).ConfigureAwait(false);
        var (files, omitted) = ModuleDirectoryWalker.List(directory, go124);
        var result = FileListChecker.Check(files, go124, null);
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

        ZipCentralDirectory cd;
        try
        {
            cd = await SeekableZipReader.ReadDirectoryAsync(handle, size, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleZipException ex)
        {
            return new ModuleZipCheckResult([], [], [], null, ex);
        }

        using (cd)
        {
            return CheckCentralDirectory(cd, modulePath + "@" + version + "/");
        }
    }

    internal static ModuleZipException ZipFileTooLarge(long size)
        => new(ModuleZipErrorKind.ZipFileTooLarge, SRFormat.Format(SR.ZipFileTooLarge, size, ModuleZipLimits.MaxZipFile));

    internal static ModuleZipCheckResult CheckCentralDirectory(ZipCentralDirectory cd, string prefix)
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
                sizeError ??= new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, SR.ZipContentsTooLarge);
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
            return new ModuleZipException(ModuleZipErrorKind.VersionNotCanonical, SRFormat.Format(SR.ZipVersionNotCanonical, GoQuote.Quote(version.AsSpan()), GoQuote.Quote(canonical.AsSpan())));
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

    private static string Join(string directory, string slashPath)
        => Path.Join(directory, Path.DirectorySeparatorChar == '/' ? slashPath : slashPath.Replace('/', Path.DirectorySeparatorChar));

    internal static SafeFileHandle OpenRead(string path) => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
}
