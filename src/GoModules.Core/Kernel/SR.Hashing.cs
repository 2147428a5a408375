namespace GoModules.Kernel;

/// <summary>Message texts for hashing and go.sum.</summary>
internal static partial class SR
{
    /// <summary>
    /// {0} = path, {1} = version, {2} = "/go.mod" or "", {3} = downloaded hash, {4} = "source:" padded,
    /// {5} = recorded hash, {6} = source name. The first lines follow the go command.
    /// </summary>
    public const string ChecksumMismatch =
        "verifying {0}@{1}{2}: checksum mismatch\n" +
        "\tdownloaded: {3}\n" +
        "\t{4}{5}\n" +
        "\n" +
        "SECURITY ERROR\n" +
        "The content downloaded for this module does not hash to the checksum recorded in {6}.\n" +
        "Usual causes: the version was re-tagged or its files replaced after the checksum was recorded;\n" +
        "a different GOPROXY or origin served other bits; the local module cache is corrupted\n" +
        "(remove it with 'go clean -modcache' and download again); or the download was tampered with.\n" +
        "Do not just delete the recorded line: find out which of these happened.\n" +
        "\n" +
        "For more information, see 'go help module-auth'.";

    /// <summary>{0} = file name, {1} = 1-based line number, {2} = number of fields. Go 1.22's wording.</summary>
    public const string GoSumWrongFieldCount = "malformed go.sum:\n{0}:{1}: wrong number of fields {2}";

    /// <summary>Go's wording when go.sum has no hash for a module version (after the <c>path@version: </c> prefix).</summary>
    public const string GoSumMissingEntry = "missing go.sum entry";

    /// <summary>Appended to <see cref="GoSumMissingEntry"/> for the go.mod hash, as the go command does.</summary>
    public const string GoSumMissingForGoMod = " for go.mod file";

    /// <summary>Appended when go.sum lists only hashes of unknown kinds.</summary>
    public const string GoSumOnlyUnknownHashes = " (go.sum lists only hashes of unknown kinds)";

    /// <summary>{0} = the value. Argument error of go.sum fields.</summary>
    public const string GoSumFieldHasSpace = "The value '{0}' contains white space, which go.sum uses to separate fields.";

    /// <summary>Argument error of an empty go.sum field.</summary>
    public const string GoSumFieldEmpty = "The value must not be empty.";

    /// <summary>Argument error: a module version without a version.</summary>
    public const string GoSumVersionNull = "The module version has no version.";

    /// <summary>Argument error: an undefined hash kind.</summary>
    public const string GoSumUnknownKind = "Unknown go.sum hash kind.";

    /// <summary>Argument error: an undefined read mode.</summary>
    public const string GoSumUnknownReadMode = "Unknown read mode.";

    /// <summary>{0} = zip file, {1} = entry name, {2} = required prefix (DirHashOptions.RequiredZipPrefix).</summary>
    public const string HashZipEntryOutsidePrefix = "{0}: entry \"{1}\" is not under {2}";
}
