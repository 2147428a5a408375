using System;

namespace GoModules.Graph;

/// <summary>
/// Thrown by <see cref="ModuleGetter"/> for a <c>go get</c> argument it does not handle: package paths and patterns
/// (<c>./...</c>, <c>all</c>, <c>...</c> wildcards), the <c>go</c>, <c>toolchain</c>, <c>tool</c> and <c>work</c>
/// arguments, and revision or branch queries. Only module paths with version queries are supported.
/// </summary>
public sealed class UnsupportedGetArgumentException : GoModuleException
{
    /// <summary>Initializes a new instance of the <see cref="UnsupportedGetArgumentException"/> class.</summary>
    public UnsupportedGetArgumentException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsupportedGetArgumentException"/> class with a message.</summary>
    /// <param name="message">The message, naming the argument.</param>
    public UnsupportedGetArgumentException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="UnsupportedGetArgumentException"/> class with a message and a cause.</summary>
    /// <param name="message">The message, naming the argument.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedGetArgumentException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
