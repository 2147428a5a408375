using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GoModules.Zip;

namespace GoModules.Tests.Zip;

/// <summary>Test-side helpers: an independent h1 oracle over System.IO.Compression and kind names.</summary>
internal static class ZipTestKit
{
    /// <summary>h1 of a zip computed with ZipArchive (names sorted by UTF-8 bytes), independent of the library.</summary>
    public static string H1(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var lines = new List<(byte[] Name, string Hex)>();
        foreach (var e in archive.Entries)
        {
            using var s = e.Open();
            var hex = Convert.ToHexStringLower(SHA256.HashData(s));
            lines.Add((Encoding.UTF8.GetBytes(e.FullName), hex));
        }

        lines.Sort((a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        var summary = new MemoryStream();
        foreach (var (name, hex) in lines)
        {
            summary.Write(Encoding.ASCII.GetBytes(hex + "  "));
            summary.Write(name);
            summary.WriteByte((byte)'\n');
        }

        return "h1:" + Convert.ToBase64String(SHA256.HashData(summary.ToArray()));
    }

    public static List<string> EntryNames(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName).ToList();
    }

    public static string KindName(ModuleZipFileErrorKind kind) => kind switch
    {
        ModuleZipFileErrorKind.Vendored => "vendored",
        ModuleZipFileErrorKind.SubmoduleFile => "submodule_file",
        ModuleZipFileErrorKind.SubmoduleDirectory => "submodule_dir",
        ModuleZipFileErrorKind.VcsDirectory => "vcs_dir",
        ModuleZipFileErrorKind.HgArchival => "hg_archival",
        ModuleZipFileErrorKind.SymbolicLink => "symlink",
        ModuleZipFileErrorKind.NotRegular => "not_regular",
        ModuleZipFileErrorKind.PathNotClean => "path_not_clean",
        ModuleZipFileErrorKind.PathNotRelative => "path_not_relative",
        ModuleZipFileErrorKind.InvalidFilePath => "invalid_file_path",
        ModuleZipFileErrorKind.GoModCase => "gomod_case",
        ModuleZipFileErrorKind.GoModNotRoot => "gomod_not_root",
        ModuleZipFileErrorKind.GoModTooLarge => "gomod_too_large",
        ModuleZipFileErrorKind.LicenseTooLarge => "license_too_large",
        ModuleZipFileErrorKind.CaseCollision => "case_collision",
        ModuleZipFileErrorKind.FileDirectoryConflict => "file_dir_conflict",
        ModuleZipFileErrorKind.DuplicateFile => "duplicate_file",
        ModuleZipFileErrorKind.MissingPrefix => "missing_prefix",
        _ => kind.ToString(),
    };

    public static string KindName(ModuleZipErrorKind kind) => kind switch
    {
        ModuleZipErrorKind.InvalidFiles => "invalid_files",
        ModuleZipErrorKind.TreeTooLarge => "tree_too_large",
        ModuleZipErrorKind.ZipFileTooLarge => "zip_file_too_large",
        ModuleZipErrorKind.ContentsTooLarge => "contents_too_large",
        ModuleZipErrorKind.VersionNotCanonical => "version_not_canonical",
        ModuleZipErrorKind.InvalidModulePath => "invalid_module_path",
        ModuleZipErrorKind.InvalidVersion => "invalid_version",
        ModuleZipErrorKind.MajorVersionMismatch => "major_version_mismatch",
        ModuleZipErrorKind.LargerThanDeclared => "larger_than_declared",
        ModuleZipErrorKind.TargetNotEmpty => "target_not_empty",
        ModuleZipErrorKind.ZipFormat => "zip_format",
        ModuleZipErrorKind.UnexpectedEndOfData => "zip_unexpected_eof",
        ModuleZipErrorKind.ChecksumMismatch => "zip_checksum",
        ModuleZipErrorKind.UnsupportedCompression => "zip_algorithm",
        _ => kind.ToString(),
    };

    /// <summary>A readable stream of <paramref name="length"/> copies of one byte.</summary>
    public sealed class FillStream(byte value, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            buffer.AsSpan(offset, n).Fill(value);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
