using System;
namespace GoModules;

/// <summary>
/// The exception thrown when a module, import or file path breaks Go's naming rules, or when an escaped
/// module path cannot be unescaped. It corresponds to Go's <c>module.InvalidPathError</c>.
/// </summary>
/// <remarks>
/// The message follows the go command: <c>malformed module path "example.com/a//b": double slash</c>.
/// Branch on <see cref="Reason"/>, not on the message.
/// </remarks>
public sealed class InvalidModulePathException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidModulePathException"/> class.</summary>
    /// <param name="message">The message, conventionally <c>malformed &lt;kind&gt; path "&lt;path&gt;": &lt;reason&gt;</c>.</param>
    /// <param name="path">The rejected path.</param>
    /// <param name="kind">The kind of path that was checked.</param>
    /// <param name="reason">The rule the path breaks.</param>
    /// <param name="innerException">The exception that caused this one, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public InvalidModulePathException(string message, string path, ModulePathKind kind, PathErrorKind reason, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        Kind = kind;
        Reason = reason;
    }

    /// <summary>Gets the rejected path (for <see cref="ModulePath.UnescapePath(string)"/>, the escaped text).</summary>
    /// <value>The path as given; UTF-8 input that does not decode has its broken bytes replaced by U+FFFD.</value>
    public string Path { get; }

    /// <summary>Gets the kind of path that was checked.</summary>
    public ModulePathKind Kind { get; }

    /// <summary>
    /// Gets the rule the path breaks. For an escaped path whose unescaped form is invalid, this is the reason
    /// the unescaped path was rejected, and <see cref="Exception.InnerException"/> holds that rejection.
    /// </summary>
    public PathErrorKind Reason { get; }
}
