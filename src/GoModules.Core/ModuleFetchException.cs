using System;

namespace GoModules;

/// <summary>
/// A request to a module proxy (or to direct mode) failed for a reason other than "not found": an HTTP
/// status other than 200, 404 and 410, a transport failure, or an invalid answer.
/// </summary>
/// <remarks>
/// On a GOPROXY entry followed by <c>,</c> this stops the walk; after <c>|</c> the next entry is tried.
/// The message follows the go command: <c>path@version: reading URL: 503 Service Unavailable</c> with the
/// server's plain-text explanation on a <c>server response:</c> line. URLs never show passwords.
/// </remarks>
public sealed class ModuleFetchException : GoModuleException
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    public ModuleFetchException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a message and the error that caused it.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    /// <param name="innerException">The underlying error, or <see langword="null"/>.</param>
    public ModuleFetchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with all details.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    /// <param name="failure">Why the request failed.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when there was no response.</param>
    /// <param name="requestUrl">The requested URL, already redacted, or <see langword="null"/>.</param>
    /// <param name="serverResponse">The server's explanation as shown by the go command, or <see langword="null"/>.</param>
    /// <param name="innerException">The underlying error, or <see langword="null"/>.</param>
    public ModuleFetchException(string message, ModuleFetchFailure failure, int? statusCode, string? requestUrl, string? serverResponse, Exception? innerException)
        : this(message, failure, statusCode, requestUrl, serverResponse, innerException, null)
    {
    }

    internal ModuleFetchException(string message, ModuleFetchFailure failure, int? statusCode, string? requestUrl, string? serverResponse, Exception? innerException, ModuleVersion? module)
        : base(message, module, null, failure, statusCode, requestUrl, innerException)
    {
        ServerResponse = serverResponse;
    }

    /// <summary>Gets the server's plain-text explanation as the go command shows it, or <see langword="null"/>.</summary>
    public string? ServerResponse { get; }

    internal ModuleFetchException WithPrefix(string prefix, ModuleVersion module) =>
        new(prefix + Message, Failure, StatusCode, RequestUrl, ServerResponse, this, module);
}
