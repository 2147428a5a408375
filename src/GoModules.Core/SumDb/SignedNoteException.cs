using System;

namespace GoModules.SumDb;

/// <summary>A signed note could not be opened: it is malformed or its signatures do not verify.</summary>
/// <remarks>Messages reuse golang.org/x/mod/sumdb/note's wording.</remarks>
public sealed class SignedNoteException : FormatException
{
    /// <summary>Creates an exception for a malformed note.</summary>
    public SignedNoteException()
        : this(SignedNoteError.Malformed, "malformed note")
    {
    }

    /// <summary>Creates an exception for a malformed note with the given message.</summary>
    /// <param name="message">The message.</param>
    public SignedNoteException(string? message)
        : base(message)
    {
        Error = SignedNoteError.Malformed;
    }

    /// <summary>Creates an exception for a malformed note with the given message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SignedNoteException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Error = SignedNoteError.Malformed;
    }

    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="keyName">The key name involved, if any.</param>
    /// <param name="keyHash">The key hash involved, if any.</param>
    public SignedNoteException(SignedNoteError error, string message, string? keyName = null, uint keyHash = 0)
        : base(message)
    {
        Error = error;
        KeyName = keyName;
        KeyHash = keyHash;
    }

    /// <summary>Gets what went wrong.</summary>
    /// <value>One of the <see cref="SignedNoteError"/> values.</value>
    public SignedNoteError Error { get; }

    /// <summary>Gets the name of the key whose signature failed, for <see cref="SignedNoteError.InvalidSignature"/> and <see cref="SignedNoteError.AmbiguousKey"/>.</summary>
    /// <value>A key name, or null.</value>
    public string? KeyName { get; }

    /// <summary>Gets the hash of the key whose signature failed, for <see cref="SignedNoteError.InvalidSignature"/> and <see cref="SignedNoteError.AmbiguousKey"/>.</summary>
    /// <value>A key hash, or 0.</value>
    public uint KeyHash { get; }
}
