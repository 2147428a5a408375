namespace GoModules.Hashing;

/// <summary>The outcome of checking a hash against a go.sum file (a mismatch throws instead).</summary>
public enum GoSumVerification
{
    /// <summary>The hash is recorded for the module: it is verified.</summary>
    Verified = 0,

    /// <summary>Nothing is recorded for the module. The go command consults the checksum database
    /// (unless GONOSUMDB, GOPRIVATE or GOSUMDB=off say otherwise) and then adds the hash.</summary>
    Missing = 1,

    /// <summary>Only hashes with unknown prefixes (not <c>h1:</c>) are recorded, so nothing could be
    /// verified. The go command treats this like <see cref="Missing"/> and warns
    /// <c>unknown hashes in go.sum</c> when it adds the hash.</summary>
    UnknownHashesOnly = 2,
}
