using System;

namespace GoModules.Toolchains;

/// <summary>
/// A GOTOOLCHAIN setting, or a <c>toolchain</c> line of go.mod or go.work, that the go command rejects; the message
/// is the go command's (without its <c>go: </c> prefix), such as <c>invalid GOTOOLCHAIN "go1.2x"</c>.
/// </summary>
public sealed class InvalidGoToolchainException : GoModuleException
{
    /// <summary>Initializes a new instance.</summary>
    public InvalidGoToolchainException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidGoToolchainException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or null.</param>
    public InvalidGoToolchainException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
