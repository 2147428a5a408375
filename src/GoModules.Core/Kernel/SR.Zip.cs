namespace GoModules.Kernel;

/// <summary>Message texts for module zips and the zip records under them.</summary>
internal static partial class SR
{
    // Go's archive/zip and io texts, reported as Go reports them (the h1 of a zip must fail as Go's does).

    /// <summary>Go's <c>zip.ErrFormat</c>.</summary>
    public const string ZipNotValid = "zip: not a valid zip file";

    /// <summary>Go's <c>zip.ErrChecksum</c>.</summary>
    public const string ZipChecksumError = "zip: checksum error";

    /// <summary>Go's <c>zip.ErrAlgorithm</c>.</summary>
    public const string ZipUnsupportedAlgorithm = "zip: unsupported compression algorithm";

    /// <summary>Go's <c>io.ErrUnexpectedEOF</c>.</summary>
    public const string ZipUnexpectedEof = "unexpected EOF";

    /// <summary>Go's <c>io.EOF</c>.</summary>
    public const string ZipEof = "EOF";

    /// <summary>Go's error for an end record whose comment runs past the end of the file.</summary>
    public const string ZipInvalidCommentLength = "zip: invalid comment length";

    /// <summary>Go's <c>zip: negative offset</c>.</summary>
    public const string ZipNegativeOffset = "zip: negative offset";

    /// <summary>The deflate decoder's error for data that is not valid deflate.</summary>
    public const string FlateCorrupt = "flate: corrupt input";

    /// <summary>zlib could not get memory for its decoding state.</summary>
    public const string FlateOutOfMemory = "flate: zlib is out of memory";

    // Reading module zips ({0} is the entry name where there is one).

    public const string ZipUnexpectedBytes = "unexpected bytes at offset {0} (not a zip record)";
    public const string ZipEndsBeforeEndRecord = "zip: not a valid zip file (the archive ends before its end of central directory record)";
    public const string ZipTrailingTooLong = "trailing bytes after the end of the archive: too many for the end record to be found from the back";
    public const string ZipTrailingEndRecord = "trailing bytes after the end of the archive hold another end of central directory record";
    public const string ZipEntryEncrypted = "{0}: encrypted entries are not supported";
    public const string ZipEntryUnsupportedAlgorithm = "{0}: zip: unsupported compression algorithm";
    public const string ZipStoredDescriptorNoSize = "{0}: stored entry with a data descriptor and no size cannot be read from a stream";
    public const string ZipStoredSizesDiffer = "{0}: stored entry with different compressed and uncompressed sizes";
    public const string ZipEntryContentsTooLarge = "{0}: " + ZipContentsTooLarge;
    public const string ZipEntryNotValidDeflate = "{0}: zip: not a valid zip file ({1})";
    public const string ZipCorruptDeflate = "{0}: corrupt deflate stream";
    public const string ZipCompressedEndsEarly = "{0}: unexpected EOF (compressed data ends before the deflate stream)";
    public const string ZipDeflateEndsEarly = "{0}: deflate stream ends before its declared compressed size";
    public const string ZipDeflateTruncated = "{0}: unexpected EOF (deflate stream is truncated)";
    public const string ZipEntryShorterThanDeclared = "{0}: unexpected EOF (entry is shorter than its declared size)";
    public const string ZipEntryChecksum = "{0}: zip: checksum error";
    public const string ZipEntryChecksumCentral = "{0}: zip: checksum error (central directory)";
    public const string ZipEntryChecksumDescriptor = "{0}: zip: checksum error (data descriptor)";
    public const string ZipDescriptorSizesDiffer = "{0}: data descriptor sizes differ from the data";
    public const string ZipCentralZip64Missing = "central directory entry {0} has a missing or truncated zip64 extra field";
    public const string ZipCentralMoreEntries = "central directory lists more entries than the archive holds";
    public const string ZipCentralFewerEntries = "central directory lists fewer entries than the archive holds";
    public const string ZipCentralNameDiffers = "central directory entry {0} is named {1}, but the local header says {2}";
    public const string ZipCentralMethodDiffers = "{0}: central directory method or flags differ from the local header";
    public const string ZipCentralYieldsMore = "{0}: zip: not a valid zip file (the entry yields more data than the central directory declares)";
    public const string ZipCentralYieldsLess = "{0}: unexpected EOF (the entry is shorter than the central directory declares)";
    public const string ZipCentralCrcDiffers = "{0}: central directory CRC-32 differs from the local header";
    public const string ZipCentralCompressedDiffers = "{0}: central directory compressed size differs from the data";
    public const string ZipCentralOffsetDiffers = "{0}: central directory offset differs from the entry's position";
    public const string ZipSymbolicLinkEntry = "symbolic link entries are not allowed";
    public const string ZipMalformedZip64End = "malformed zip64 end of central directory record";
    public const string ZipZip64EndDisagrees = "zip64 end of central directory record disagrees with the archive";
    public const string ZipZip64LocatorElsewhere = "zip64 locator points elsewhere";
    public const string ZipEndDisagrees = "end of central directory record disagrees with the archive";
    public const string ZipMalformedLocalExtra = "malformed extra field in a local header";
    public const string ZipMalformedLocalSizes = "malformed sizes in a local header";
    public const string ZipEntriesOverlap = "{0}: entries overlap or leave bytes between them";
    public const string ZipOffsetsOutOfOrder = "{0}: central directory offsets are not in archive order";
    public const string ZipBytesBeforeFirstEntry = "zip: not a valid zip file (bytes before the first entry)";
    public const string ZipNoLocalHeader = "{0}: no local header at the offset the central directory gives";
    public const string ZipLocalHeaderOverruns = "{0}: local header runs into the next entry";
    public const string ZipLocalNameDiffers = "{0}: the local header at this offset is named {1}";
    public const string ZipLocalMethodDiffers = "{0}: local header method or flags differ from the central directory";
    public const string ZipLocalSizesDiffer = "{0}: local header CRC-32 or sizes differ from the central directory";
    public const string ZipDataOverruns = "{0}: entry data runs into the next entry or the central directory";
    public const string ZipDescriptorMissing = "{0}: data descriptor is missing";
    public const string ZipDescriptorSizesDifferCentral = "{0}: data descriptor sizes differ from the central directory";

    // Limits and module checks.

    public const string ZipTreeTooLarge = "module source tree too large (max size is 524288000 bytes)";
    public const string ZipContentsTooLarge = "total uncompressed size of module contents too large (max size is 524288000 bytes)";
    public const string ZipFileTooLarge = "module zip file is too large ({0} bytes; limit is {1} bytes)";
    public const string ZipVersionNotCanonical = "version {0} is not canonical (should be {1})";

    // The rules on files and names (x/mod's texts).

    public const string ZipFileNotClean = "file path is not clean";
    public const string ZipFileNotRelative = "file path is not relative";
    public const string ZipFileVendored = "file is in vendor directory";
    public const string ZipFileInOtherModule = "file is in another module";
    public const string ZipFileHgArchival = "file is inserted by 'hg archive' and is always omitted";
    public const string ZipGoModCase = "go.mod files must have lowercase names";
    public const string ZipGoModNotRoot = "go.mod file not in module root directory";
    public const string ZipFileSymbolicLink = "file is a symbolic link";
    public const string ZipNotRegular = "not a regular file";
    public const string ZipVcsDirectory = "directory is a version control repository";
    public const string ZipDirectoryInOtherModule = "directory is in another module";
    public const string ZipMissingPrefix = "path does not have prefix {0}";
    public const string ZipGoModTooLarge = "go.mod file too large (max size is {0} bytes)";
    public const string ZipLicenseTooLarge = "LICENSE file too large (max size is {0} bytes)";
    public const string ZipCaseCollision = "case-insensitive file name collision: {0} and {1}";
    public const string ZipFileAndDirectory = "entry {0} is both a file and a directory";
    public const string ZipMultipleEntries = "multiple entries for file {0}";
    public const string ZipMalformedFilePath = "malformed file path";
    public const string ZipYieldsMoreThanDeclared = "zip: not a valid zip file: {0} yields more data than its declared size";

    // Writing and extracting.

    public const string ZipTargetNotEmpty = "target directory {0} exists and is not empty";
    public const string ZipOutsideTarget = "refusing to write outside the target: {0}";
    public const string ZipCreatePrefix = "create zip: ";
    public const string ZipCreateDirectoryPrefix = "create zip {0}: ";
    public const string ZipLargerThanDeclared = "{0}file {1} is larger than declared size";
    public const string ZipSourceCannotOpen = "The file '{0}' cannot be opened.";
    public const string ZipFileTypeNotReported = "statx {0}: the file type was not reported";
    public const string ZipUnknownFileType = "lstat {0}: unknown file type 0x{1:x}";

    // The download tee of the cache.

    public const string ZipTeeRestartOnly = "The zip download can only restart from the beginning.";
    public const string ZipTeeAbandoned = "zip download abandoned";
    public const string ZipTeeReaderStopped = "The module zip reader stopped before the end of the archive.";
    public const string ZipTeeUseWriteAsync = "Use WriteAsync.";

    /// <summary>{0} = system call, {1} = path, {2} = the system's reason (Go's PathError form).</summary>
    public const string ZipCallOnPathFailed = "{0} {1}: {2}";

    /// <summary>{0} = system call, {1} = the system's reason.</summary>
    public const string ZipCallFailed = "{0}: {1}";
}
