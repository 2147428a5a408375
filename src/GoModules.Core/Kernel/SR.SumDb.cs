namespace GoModules.Kernel;

/// <summary>Message texts for the checksum database. The wording follows golang.org/x/mod/sumdb and cmd/go where they have one.</summary>
internal static partial class SR
{
    public const string SumDbMalformedRecord = "malformed record data";

    /// <summary>{0} = inner reason, {1} = the note.</summary>
    public const string SumDbReadingTreeNote = "reading tree note: {0}\nnote:\n{1}";

    /// <summary>{0} = the note text.</summary>
    public const string SumDbReadingTree = "reading tree: malformed tree note\ntree:\n{0}";

    /// <summary>{0} = record id, {1} = tree size.</summary>
    public const string SumDbCannotValidateRecord = "cannot validate record {0} in tree of size {1}";
    public const string SumDbCannotAuthenticateRecord = "cannot authenticate record data in server response";
    public const string SumDbInconsistentTile = "downloaded inconsistent tile";

    /// <summary>{0} = tile path, {1} = length received, {2} = length expected.</summary>
    public const string SumDbBadTileLength = "malformed tile {0}: {1} bytes, want {2}";

    /// <summary>{0} = what was read, {1} = the limit.</summary>
    public const string SumDbResponseTooLarge = "response for {0} is larger than {1} bytes";
    public const string SumDbIndexesNotInTree = "indexes not in tree";

    /// <summary>{0} = old note, {1} = new note, {2} = proof lines.</summary>
    public const string SumDbFork = "SECURITY ERROR\ngo.sum database server misbehavior detected!\n\nold database:\n\t{0}\nnew database:\n\t{1}\nproof of misbehavior:\n\t{2}";

    /// <summary>{0} = inner message.</summary>
    public const string SumDbInitializing = "initializing sumdb.Client: {0}";

    /// <summary>{0} = path, {1} = version, {2} = inner message.</summary>
    public const string SumDbModuleError = "{0}@{1}: {2}";

    public const string GoSumDbTooManyFields = "invalid GOSUMDB: too many fields";

    /// <summary>{0} = reason.</summary>
    public const string GoSumDbInvalid = "invalid GOSUMDB: {0}";

    /// <summary>{0} = the name.</summary>
    public const string GoSumDbBadName = "invalid sumdb name (must be host[/path]): {0}";

    /// <summary>{0} = the URL text.</summary>
    public const string GoSumDbBadUrl = "invalid GOSUMDB URL: {0}";

    /// <summary>{0} = "path@version: ", {1} = "module" or "go.mod", {2} = inner message.</summary>
    public const string SumDbVerifying = "{0}verifying {1}: {2}";

    /// <summary>{0} = why.</summary>
    public const string SumDbMissingGoPath = "could not locate sumdb file: missing $GOPATH{0}";

    /// <summary>{0} = downloaded hash, {1} = database name, {2} = the database's hash. cmd/go's checkSumDB wording.</summary>
    public const string SumDbMismatch = "checksum mismatch\n\tdownloaded: {0}\n\t{1}: {2}\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n";

    /// <summary>
    /// A lookup answer (a verified record) without the line of the module version asked for: cmd/go's checkSumDB wording,
    /// SECURITY ERROR text included.
    /// </summary>
    public const string SumDbChecksumMissing = "checksum missing from sumdb response\n\nSECURITY ERROR\nThis download does NOT match one reported by the checksum server.\nThe checksum server has provided checksums, but the checksums do\nnot contain an entry for the download.\nThe checksum server may be malfunctioning, or an attacker may have\nintercepted the checksum request.\nThe download cannot be verified.\n\nFor more information, see 'go help module-auth'.\n";
}
