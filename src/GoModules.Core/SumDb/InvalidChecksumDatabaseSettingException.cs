using System;

namespace GoModules.SumDb;

/// <summary>The GOSUMDB setting cannot be used: too many fields, a malformed key, an unknown name without a key, a bad name or URL.</summary>
/// <remarks>Messages follow the go command's: <c>invalid GOSUMDB: too many fields</c>, <c>invalid GOSUMDB: malformed verifier id</c>, and so on.</remarks>
public sealed class InvalidChecksumDatabaseSettingException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public InvalidChecksumDatabaseSettingException()
        : base("invalid GOSUMDB")
    {
        Value = string.Empty;
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">The message.</param>
    public InvalidChecksumDatabaseSettingException(string? message)
        : base(message)
    {
        Value = string.Empty;
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidChecksumDatabaseSettingException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Value = string.Empty;
    }

    /// <summary>Creates an exception for the setting <paramref name="value"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="value">The GOSUMDB value.</param>
    /// <param name="innerException">The cause, or null.</param>
    public InvalidChecksumDatabaseSettingException(string? message, string value, Exception? innerException)
        : base(message, innerException)
    {
        Value = value ?? string.Empty;
    }

    /// <summary>Gets the GOSUMDB value that was rejected.</summary>
    /// <value>The setting as given (it holds only public keys).</value>
    public string Value { get; }
}
