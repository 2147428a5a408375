using System;
namespace GoModules;

/// <summary>
/// The base class of the outcomes of the Go module protocol that callers branch on (a module that does not
/// exist, a checksum that does not match, a checksum database that misbehaves). It names the module version
/// concerned when there is one.
/// </summary>
/// <remarks>
/// Text that merely fails to parse is reported with <see cref="InvalidModulePathException"/> or
/// <see cref="FormatException"/>-derived types instead. Messages use the go command's
/// <c>path@version: …</c> prefix.
/// </remarks>
public class GoModuleException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class.</summary>
    public GoModuleException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public GoModuleException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public GoModuleException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoModuleException"/> class for a module version.</summary>
    /// <param name="message">The message.</param>
    /// <param name="module">The module version concerned, or <see langword="null"/>.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    public GoModuleException(string? message, ModuleVersion? module, Exception? innerException = null)
        : base(message, innerException)
    {
        Module = module;
    }

    /// <summary>Gets the module version concerned.</summary>
    /// <value>The module version, or <see langword="null"/> when the error is not about one module.</value>
    public ModuleVersion? Module { get; }
}
