using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text.Unicode;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Zip.Internal;

/// <summary>
/// The rules x/mod's <c>CheckFiles</c> applies to a list of files (paths, case collisions, vendored and nested-module
/// files, go.mod and LICENSE sizes, the tree's total), each file landing in exactly one of the report's lists.
/// </summary>
internal static class FileListChecker
{
    private static readonly byte[] InvalidUtf8 = [0xFF];

    /// <summary>Checks <paramref name="files"/>; the valid ones are also added to <paramref name="validFiles"/> when given.</summary>
    public static ModuleZipCheckResult Check(IReadOnlyList<ModuleZipSourceFile> files, bool go124, List<ModuleZipSourceFile>? validFiles)
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
                    Add(p, false, ModuleZipFileErrorKind.PathNotClean, SR.ZipFileNotClean);
                    continue;
                }

                if (p.StartsWith('/'))
                {
                    Add(p, false, ModuleZipFileErrorKind.PathNotRelative, SR.ZipFileNotRelative);
                    continue;
                }

                if (utf8Ok && ZipPathRules.IsVendored(bytes, go124))
                {
                    Add(p, true, ModuleZipFileErrorKind.Vendored, SR.ZipFileVendored);
                    continue;
                }

                if (InSubmodule(p))
                {
                    Add(p, true, ModuleZipFileErrorKind.SubmoduleFile, SR.ZipFileInOtherModule);
                    continue;
                }

                if (p == ".hg_archival.txt")
                {
                    Add(p, true, ModuleZipFileErrorKind.HgArchival, SR.ZipFileHgArchival);
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
                    Add(p, false, ModuleZipFileErrorKind.GoModCase, SR.ZipGoModCase);
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
                    Add(p, true, ModuleZipFileErrorKind.SymbolicLink, SR.ZipFileSymbolicLink);
                    continue;
                }

                if (f.Type != ModuleZipFileType.RegularFile)
                {
                    Add(p, true, ModuleZipFileErrorKind.NotRegular, SR.ZipNotRegular);
                    continue;
                }

                var size = f.Size;
                if (size >= 0 && size <= maxSize)
                {
                    maxSize -= size;
                }
                else
                {
                    sizeError ??= new ModuleZipException(ModuleZipErrorKind.TreeTooLarge, SR.ZipTreeTooLarge);
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

    public static async ValueTask<bool> UsesGo124VendorRuleAsync(IReadOnlyList<ModuleZipSourceFile> files, ModuleZipVendorRule rule, CancellationToken cancellationToken)
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
}
