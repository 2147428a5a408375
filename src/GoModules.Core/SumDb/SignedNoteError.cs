namespace GoModules.SumDb;

/// <summary>Why <see cref="SignedNote.Open"/> rejected a signed note.</summary>
public enum SignedNoteError
{
    /// <summary>The note is not well formed ("malformed note"): bad UTF-8, control characters, no signature block, a bad signature line, or more than 100 signatures.</summary>
    Malformed = 1,

    /// <summary>The note parsed but no signature is by a known key ("note has no verifiable signatures"): typically the server's key is not the one configured.</summary>
    NoVerifiableSignature,

    /// <summary>A signature by a known key (name and key hash) failed to verify ("invalid signature for key …").</summary>
    InvalidSignature,

    /// <summary>Several of the given verifiers share the signature's name and key hash ("ambiguous key …").</summary>
    AmbiguousKey,
}
