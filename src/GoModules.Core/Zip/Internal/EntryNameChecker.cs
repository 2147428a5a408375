using System;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Zip.Internal;

/// <summary>
/// The per-entry name rules of x/mod's checkZip, applied one entry at a time so that a streaming
/// reader can reject an entry as soon as its local header arrives: the <c>module@version/</c>
/// prefix, clean paths, the file path rules, case-fold collisions and go.mod placement; plus the
/// size budget and the go.mod and LICENSE limits.
/// </summary>
internal sealed class EntryNameChecker : IDisposable
{
    private readonly byte[] _prefix;
    private readonly string _prefixText;
    private readonly CollisionChecker _collisions = new();
    private long _total;

    public EntryNameChecker(string prefix)
    {
        _prefixText = prefix;
        _prefix = Encoding.UTF8.GetBytes(prefix);
    }

    /// <summary>Gets the sum of the sizes accepted so far.</summary>
    public long TotalSize => _total;

    /// <summary>Checks an entry name.</summary>
    /// <param name="name">The full entry name.</param>
    /// <param name="relative">The name without the prefix and without a trailing slash.</param>
    /// <param name="error">When invalid, the error naming the entry.</param>
    /// <returns>What the entry is.</returns>
    public EntryVerdict Check(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> relative, out ModuleZipFileError? error)
    {
        relative = default;
        error = null;
        if (!name.StartsWith(_prefix))
        {
            error = new ModuleZipFileError(name, ModuleZipFileErrorKind.MissingPrefix, SRFormat.Format(SR.ZipMissingPrefix, GoQuote.Quote(_prefixText.AsSpan())));
            return EntryVerdict.Invalid;
        }

        var rest = name[_prefix.Length..];
        if (rest.IsEmpty)
        {
            return EntryVerdict.PrefixEntry;
        }

        var isDir = rest[^1] == '/';
        if (isDir)
        {
            rest = rest[..^1];
        }

        if (!ZipPathRules.IsClean(rest))
        {
            error = new ModuleZipFileError(name, ModuleZipFileErrorKind.PathNotClean, SR.ZipFileNotClean);
            return EntryVerdict.Invalid;
        }

        var pathError = ZipPathRules.CheckFilePath(rest, out var message);
        if (pathError != PathErrorKind.None)
        {
            error = new ModuleZipFileError(name, ModuleZipFileErrorKind.InvalidFilePath, message!, pathError);
            return EntryVerdict.Invalid;
        }

        var collision = _collisions.Check(rest, isDir, out var at, out var other);
        if (collision != CollisionResult.None)
        {
            error = new ModuleZipFileError(name, CollisionKind(collision), CollisionMessage(collision, at, other));
            return EntryVerdict.Invalid;
        }

        relative = rest;
        if (isDir)
        {
            return EntryVerdict.Directory;
        }

        var slash = rest.LastIndexOf((byte)'/');
        var baseName = rest[(slash + 1)..];
        if (Ascii.EqualsIgnoreCase(baseName, "go.mod"u8))
        {
            if (slash >= 0)
            {
                error = new ModuleZipFileError(name, ModuleZipFileErrorKind.GoModNotRoot, SR.ZipGoModNotRoot);
                return EntryVerdict.Invalid;
            }

            if (!rest.SequenceEqual("go.mod"u8))
            {
                error = new ModuleZipFileError(name, ModuleZipFileErrorKind.GoModCase, SR.ZipGoModCase);
                return EntryVerdict.Invalid;
            }
        }

        return EntryVerdict.File;
    }

    /// <summary>
    /// Counts a file's size against the 500 MiB budget; false (and nothing counted) when it does not fit.
    /// </summary>
    /// <param name="size">The declared or actual size.</param>
    /// <returns>Whether it fits.</returns>
    public bool TryAddSize(long size)
    {
        if (size >= 0 && ModuleZipLimits.MaxZipFile - _total >= size)
        {
            _total += size;
            return true;
        }

        return false;
    }

    /// <summary>The size limit of a file at the root (go.mod, LICENSE), or -1 when it has none.</summary>
    /// <param name="relative">The file path.</param>
    /// <returns>The limit in bytes, or -1.</returns>
    public static long FileLimit(ReadOnlySpan<byte> relative)
        => relative.SequenceEqual("go.mod"u8) ? ModuleZipLimits.MaxGoMod
            : relative.SequenceEqual("LICENSE"u8) ? ModuleZipLimits.MaxLicense
            : -1;

    /// <summary>The error for a root go.mod or LICENSE over its limit.</summary>
    /// <param name="name">The full entry name.</param>
    /// <param name="relative">The file path.</param>
    /// <returns>The error.</returns>
    public static ModuleZipFileError FileTooLarge(ReadOnlySpan<byte> name, ReadOnlySpan<byte> relative)
        => relative.SequenceEqual("go.mod"u8)
            ? new ModuleZipFileError(name, ModuleZipFileErrorKind.GoModTooLarge, GoModTooLargeMessage)
            : new ModuleZipFileError(name, ModuleZipFileErrorKind.LicenseTooLarge, LicenseTooLargeMessage);

    internal static readonly string GoModTooLargeMessage = SRFormat.Format(SR.ZipGoModTooLarge, ModuleZipLimits.MaxGoMod);

    internal static readonly string LicenseTooLargeMessage = SRFormat.Format(SR.ZipLicenseTooLarge, ModuleZipLimits.MaxLicense);

    internal static ModuleZipFileErrorKind CollisionKind(CollisionResult r) => r switch
    {
        CollisionResult.CaseCollision => ModuleZipFileErrorKind.CaseCollision,
        CollisionResult.FileDirectoryConflict => ModuleZipFileErrorKind.FileDirectoryConflict,
        _ => ModuleZipFileErrorKind.DuplicateFile,
    };

    internal static string CollisionMessage(CollisionResult r, ReadOnlySpan<byte> at, ReadOnlySpan<byte> other) => r switch
    {
        CollisionResult.CaseCollision => SRFormat.Format(SR.ZipCaseCollision, GoQuote.Quote(other), GoQuote.Quote(at)),
        CollisionResult.FileDirectoryConflict => SRFormat.Format(SR.ZipFileAndDirectory, GoQuote.Quote(at)),
        _ => SRFormat.Format(SR.ZipMultipleEntries, GoQuote.Quote(at)),
    };

    public void Dispose() => _collisions.Dispose();
}
