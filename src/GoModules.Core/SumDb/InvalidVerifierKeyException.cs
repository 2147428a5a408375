using System;

namespace GoModules.SumDb;

/// <summary>
/// The text given as a note verifier key is not of the form <c>name+hash+key</c> that
/// <see cref="NoteVerifier.Parse(string)"/> accepts.
/// </summary>
/// <remarks>
/// The reasons reuse the wording of golang.org/x/mod/sumdb/note: "malformed verifier id",
/// "unknown verifier algorithm" and "invalid verifier hash". A key that looks like a private signer
/// key (<c>PRIVATE+KEY+…</c>) is never repeated in the message.
/// </remarks>
public sealed class InvalidVerifierKeyException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InvalidVerifierKeyException()
        : this(null, "malformed verifier id")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">The message.</param>
    public InvalidVerifierKeyException(string? message)
        : base(message)
    {
        Reason = message ?? string.Empty;
    }

    /// <summary>Creates an exception with the given message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidVerifierKeyException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message ?? string.Empty;
    }

    /// <summary>Creates an exception for <paramref name="key"/>, rejected for <paramref name="reason"/>.</summary>
    /// <param name="key">The offending text; not repeated in the message when it looks like a private key.</param>
    /// <param name="reason">Why it was rejected, in x/mod's words.</param>
    public InvalidVerifierKeyException(string? key, string reason)
        : base(FormatMessage(key, reason))
    {
        Key = IsPrivate(key) ? null : key;
        Reason = reason ?? string.Empty;
    }

    /// <summary>Gets the offending key text, or null when it was not recorded (for example because it looks like a private key).</summary>
    /// <value>The verifier key text as given.</value>
    public string? Key { get; }

    /// <summary>Gets the reason, in x/mod's words (for example "invalid verifier hash").</summary>
    /// <value>A short lower-case phrase.</value>
    public string Reason { get; }

    private static bool IsPrivate(string? key) => key is not null && key.StartsWith("PRIVATE+", StringComparison.Ordinal);

    private static string FormatMessage(string? key, string reason)
        => key is null || IsPrivate(key) ? reason : $"invalid verifier key \"{key}\": {reason}";
}
