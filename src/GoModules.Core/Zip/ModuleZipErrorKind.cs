namespace GoModules.Zip;

/// <summary>What made a module zip operation fail; carried by <see cref="ModuleZipException"/>.</summary>
public enum ModuleZipErrorKind
{
    /// <summary>One or more files are invalid; see <see cref="ModuleZipException.Errors"/>.</summary>
    InvalidFiles,

    /// <summary>The files to zip add up to more than <see cref="ModuleZipLimits.MaxZipFile"/> bytes.</summary>
    TreeTooLarge,

    /// <summary>The zip file itself is larger than <see cref="ModuleZipLimits.MaxZipFile"/> bytes.</summary>
    ZipFileTooLarge,

    /// <summary>The uncompressed sizes of the entries add up to more than <see cref="ModuleZipLimits.MaxZipFile"/> bytes.</summary>
    ContentsTooLarge,

    /// <summary>The version is not in canonical form.</summary>
    VersionNotCanonical,

    /// <summary>The module path is malformed.</summary>
    InvalidModulePath,

    /// <summary>The version is not a semantic version.</summary>
    InvalidVersion,

    /// <summary>The version's major version does not match the path's major-version suffix.</summary>
    MajorVersionMismatch,

    /// <summary>A file delivered more bytes than its declared size.</summary>
    LargerThanDeclared,

    /// <summary>The extraction target exists and is not empty.</summary>
    TargetNotEmpty,

    /// <summary>The archive is not a valid zip file, or its structure is corrupt.</summary>
    ZipFormat,

    /// <summary>An entry yields fewer bytes than declared, or the archive ends early.</summary>
    UnexpectedEndOfData,

    /// <summary>An entry's CRC-32 does not match its data.</summary>
    ChecksumMismatch,

    /// <summary>An entry uses a compression method other than stored or deflated.</summary>
    UnsupportedCompression,

    /// <summary>An entry is encrypted.</summary>
    Encrypted,

    /// <summary>
    /// The central directory disagrees with the entries read before it (names, order, sizes,
    /// CRC-32s, offsets or count), or there are bytes outside the entries.
    /// </summary>
    CentralDirectoryMismatch,
}
