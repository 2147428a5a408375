using System;

namespace GoModules.Toolchains;

/// <summary>
/// A <c>go@…</c> or <c>toolchain@…</c> query that the go command refuses before looking at any version, such as
/// <c>go@none</c> or <c>toolchain@1.27</c>. The message is the go command's, without its <c>go: </c> prefix:
/// <c>go@none: invalid go version none</c>.
/// </summary>
/// <remarks>
/// A query that is valid but matches no version throws <see cref="NoMatchingVersionException"/> instead, and a version
/// that the proxy does not have throws the fetcher's <see cref="ModuleNotFoundException"/> for its
/// <c>golang.org/toolchain</c> download; all three are <see cref="GoModuleException"/>s.
/// </remarks>
public sealed class GoToolchainQueryException : GoModuleException
{
    /// <summary>Initializes a new instance.</summary>
    public GoToolchainQueryException()
    {
        Path = string.Empty;
        Query = string.Empty;
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public GoToolchainQueryException(string? message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public GoToolchainQueryException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
        Query = string.Empty;
    }

    /// <summary>Initializes a new instance for a refused query.</summary>
    /// <param name="path"><c>go</c> or <c>toolchain</c>.</param>
    /// <param name="query">The query as given.</param>
    /// <param name="failure">Why it was refused.</param>
    /// <param name="reason">The go command's reason, without the <c>path@query: </c> prefix that this constructor adds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/>, <paramref name="query"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    public GoToolchainQueryException(string path, string query, GoToolchainQueryFailure failure, string reason)
        : base(Format(path, query, reason))
    {
        Path = path;
        Query = query;
        QueryFailure = failure;
    }

    /// <summary>Gets the path queried: <c>go</c> or <c>toolchain</c>.</summary>
    /// <value>The path; the empty string when not given.</value>
    public string Path { get; }

    /// <summary>Gets the query as given (<c>none</c>, <c>&lt;=1.27</c>, <c>patch</c>).</summary>
    /// <value>The query; the empty string when not given.</value>
    public string Query { get; }

    /// <summary>Gets why the query was refused.</summary>
    /// <value>The default value is <see cref="GoToolchainQueryFailure.InvalidVersion"/>.</value>
    /// <remarks>Named apart from <see cref="GoModuleException.Failure"/>, which is <see cref="ModuleFetchFailure.Other"/> here.</remarks>
    public GoToolchainQueryFailure QueryFailure { get; }

    private static string Format(string path, string query, string reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reason);
        return path + "@" + query + ": " + reason;
    }
}
