using System.Text;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>The checks made on the central directory before any entry is read: layout, names, sizes.</summary>
internal static partial class SeekableZipReader
{
    private static void CheckLayout(ZipCentralDirectory cd, long size)
    {
        // Bytes after the end record are ignored, as the go command's zip reader does, when the record found from the
        // back is the one a forward reading meets right after the central directory (checked below) and the trailing
        // bytes hold no other end-record signature.
        if (cd.EndOfArchive > size || (cd.EndOfArchive < size && cd.TrailingHasEndSignature))
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, SR.ZipTrailingEndRecord);
        }

        if (cd.ParsedLength != cd.DirectorySize || cd.DirectoryOffset + cd.DirectorySize != cd.EndRecordsOffset)
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, SR.ZipEndDisagrees);
        }

        for (var i = 1; i < cd.Count; i++)
        {
            if (cd[i].LocalHeaderOffset <= cd[i - 1].LocalHeaderOffset)
            {
                var name = Encoding.UTF8.GetString(cd.Name(cd[i]));
                throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, SRFormat.Format(SR.ZipOffsetsOutOfOrder, name), name);
            }
        }

        if (cd.Count > 0 ? cd[0].LocalHeaderOffset != 0 : cd.DirectoryOffset != 0)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, SR.ZipBytesBeforeFirstEntry);
        }
    }

    private static int CheckNames(ZipCentralDirectory cd, string prefix, bool allowSymlinks, out long total)
    {
        // The declared total first: the go command reports a module that is too large before any other problem.
        long declared = 0;
        for (var i = 0; i < cd.Count; i++)
        {
            var size = cd[i].UncompressedSize;
            if (size < 0 || size > ModuleZipLimits.MaxZipFile - declared)
            {
                var n = Encoding.UTF8.GetString(cd.Name(cd[i]));
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, SRFormat.Format(SR.ZipEntryContentsTooLarge, n), n);
            }

            declared += size;
        }

        using var checker = new EntryNameChecker(prefix);
        var files = 0;
        for (var i = 0; i < cd.Count; i++)
        {
            ref var e = ref cd[i];
            var name = cd.Name(e);
            if ((e.Flags & (ZipRecords.FlagEncrypted | ZipRecords.FlagStrongEncryption)) != 0)
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.Encrypted, SRFormat.Format(SR.ZipEntryEncrypted, n), n);
            }

            if (e.Method is not (ZipRecords.MethodStored or ZipRecords.MethodDeflated))
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.UnsupportedCompression, SRFormat.Format(SR.ZipEntryUnsupportedAlgorithm, n), n);
            }

            var verdict = checker.Check(name, out var relative, out var error);
            if (verdict == EntryVerdict.Invalid)
            {
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, error!.ToString(), error.Path, [error]);
            }

            if (e.IsSymbolicLink && !allowSymlinks)
            {
                var fe = new ModuleZipFileError(name, ModuleZipFileErrorKind.SymbolicLink, SR.ZipSymbolicLinkEntry);
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            if (verdict == EntryVerdict.File)
            {
                files++;
                var limit = EntryNameChecker.FileLimit(relative);
                if (limit >= 0 && e.UncompressedSize > limit)
                {
                    var fe = EntryNameChecker.FileTooLarge(name, relative);
                    throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
                }
            }

            if (!checker.TryAddSize(e.UncompressedSize))
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, SRFormat.Format(SR.ZipEntryContentsTooLarge, n), n);
            }
        }

        total = checker.TotalSize;
        return files;
    }
}
