using System;

namespace GoModules.SumDb;

/// <summary>
/// The checksum database (or something between it and us) answered with data that does not
/// verify: a record whose hash is not in the signed tree, a record without the go.sum line of the module
/// version asked for, a tree head whose signature fails or is
/// by another key, a tree that does not extend the one seen before (a fork or a rollback), a
/// truncated, oversized or inconsistent tile, or a malformed answer.
/// </summary>
/// <remarks>
/// Nothing from an answer that does not verify is written to the cache or the configuration.
/// For a fork the message is the go command's "SECURITY ERROR" report, which carries the two
/// signed tree heads and the proof that they disagree. An answer that verifies but has no line for the module
/// version asked for (the genuine record of another module, say) is reported with the go command's
/// "checksum missing from sumdb response" SECURITY ERROR; such a record is neither cached nor remembered (only the
/// signed tree head and the tiles it was proven with, which are the database's own, may be kept). See https://go.dev/ref/mod#checksum-database.
/// </remarks>
public sealed class ChecksumDatabaseSecurityException : GoModuleException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ChecksumDatabaseSecurityException()
        : base("security error: misbehaving server")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">The message.</param>
    public ChecksumDatabaseSecurityException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChecksumDatabaseSecurityException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about a module version's lookup.</summary>
    /// <param name="message">The message, starting with <c>path@version: </c>.</param>
    /// <param name="module">The module version looked up, or null.</param>
    /// <param name="innerException">The cause, or null.</param>
    public ChecksumDatabaseSecurityException(string? message, ModuleVersion? module, Exception? innerException = null)
        : base(message, module, null, ModuleFetchFailure.ChecksumDatabase, null, null, innerException)
    {
    }

    /// <summary>Gets a value indicating whether the database was caught serving two different histories (a fork or a rollback).</summary>
    /// <value>True for a proven fork.</value>
    public bool IsFork { get; init; }

    /// <summary>
    /// Gets a value indicating whether the answer verified but holds no line for the module version asked for (the go
    /// command's "checksum missing from sumdb response"), for example the record of another module.
    /// </summary>
    internal bool IsChecksumMissing { get; init; }
}
