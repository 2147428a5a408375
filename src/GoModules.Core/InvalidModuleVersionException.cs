using System;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// The exception thrown when a version or pseudo-version is malformed or does not fit its use
/// (Go's <c>module.InvalidVersionError</c>, optionally inside a <c>module.ModuleError</c> naming the module path).
/// </summary>
/// <remarks>
/// <see cref="Kind"/> is a stable name from <see cref="VersionErrorKinds"/> for programs to branch on;
/// the message reuses Go's wording: <c>version "v1.2" invalid: …</c>, <c>pseudo-version "…" invalid: …</c>, or,
/// with a module path, <c>path@version: invalid version: …</c>.
/// </remarks>
public sealed class InvalidModuleVersionException : FormatException
{
    /// <summary>Initializes a new instance for a version with no module path.</summary>
    /// <param name="version">The offending version text.</param>
    /// <param name="isPseudo">Whether the version was being treated as a pseudo-version.</param>
    /// <param name="kind">A stable name for the failure, usually one of <see cref="VersionErrorKinds"/>.</param>
    /// <param name="reason">The reason in Go's words, such as <c>syntax error</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/>, <paramref name="kind"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    public InvalidModuleVersionException(string version, bool isPseudo, string kind, string reason)
        : this(null, version, isPseudo, kind, reason, null)
    {
    }

    /// <summary>Initializes a new instance, optionally naming the module path the version belongs to.</summary>
    /// <param name="path">The module path, or <see langword="null"/> when it is unknown.</param>
    /// <param name="version">The offending version text.</param>
    /// <param name="isPseudo">Whether the version was being treated as a pseudo-version.</param>
    /// <param name="kind">A stable name for the failure, usually one of <see cref="VersionErrorKinds"/>.</param>
    /// <param name="reason">The reason in Go's words, such as <c>not a semantic version</c>.</param>
    /// <param name="innerException">The error that caused this one, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/>, <paramref name="kind"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    public InvalidModuleVersionException(string? path, string version, bool isPseudo, string kind, string reason, Exception? innerException)
        : base(FormatMessage(path, version, isPseudo, reason), innerException)
    {
        ArgumentNullException.ThrowIfNull(kind);
        Path = path;
        Version = version;
        IsPseudo = isPseudo;
        Kind = kind;
        Reason = reason;
    }

    /// <summary>
    /// Initializes a new instance with a message worded by the caller, for errors that Go does not word as
    /// <c>version "…" invalid: …</c> (those of <c>UnescapeVersion</c>, for example).
    /// </summary>
    internal InvalidModuleVersionException(string message, string version, string kind, string reason, Exception? innerException)
        : base(message, innerException)
    {
        Version = version;
        Kind = kind;
        Reason = reason;
    }

    /// <summary>Gets the module path the version belongs to, or <see langword="null"/> when there is none.</summary>
    public string? Path { get; }

    /// <summary>Gets the offending version text.</summary>
    public string Version { get; }

    /// <summary>Gets a value indicating whether the version was being treated as a pseudo-version.</summary>
    public bool IsPseudo { get; }

    /// <summary>Gets the stable name of the failure, usually one of <see cref="VersionErrorKinds"/>.</summary>
    public string Kind { get; }

    /// <summary>Gets the reason in Go's words, without the version prefix (for example <c>syntax error</c>).</summary>
    public string Reason { get; }

    private static string FormatMessage(string? path, string version, bool isPseudo, string reason)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(reason);
        var noun = isPseudo ? "pseudo-version" : "version";

        // Go: `pseudo-version "v…" invalid: reason`, or inside a module error `path@v…: invalid pseudo-version: reason`.
        return path is null
            ? string.Concat(noun, " ", GoQuote.Quote(version), " invalid: ", reason)
            : string.Concat(path, "@", version, ": invalid ", noun, ": " + reason);
    }
}
