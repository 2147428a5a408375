using System;

namespace GoModules;

/// <summary>
/// A module source does not have the requested module, version or file: a 404 or 410 answer, a
/// missing file in a <c>file://</c> proxy, or a lookup that GOPROXY=off or GONOPROXY/GOPRIVATE disabled.
/// </summary>
/// <remarks>
/// This is the only failure on which a GOPROXY entry followed by <c>,</c> falls back to the next entry
/// (Go's <c>errors.Is(err, fs.ErrNotExist)</c>); see https://go.dev/ref/mod#goproxy-protocol.
/// </remarks>
public sealed class ModuleNotFoundException : GoModuleException
{
    /// <summary>Initializes a new instance with a message and no further details.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    public ModuleNotFoundException(string message)
        : this(message, null)
    {
    }

    /// <summary>Initializes a new instance with a message and the error that caused it.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    /// <param name="innerException">The underlying error, or <see langword="null"/>.</param>
    public ModuleNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with all details (for <see cref="Fetching.IModuleProxyTransport"/> implementations).</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    /// <param name="failure">Why the module was not found.</param>
    /// <param name="statusCode">The HTTP status (404 or 410), or <see langword="null"/> when there was no response.</param>
    /// <param name="requestUrl">The requested URL, already redacted, or <see langword="null"/>.</param>
    /// <param name="serverResponse">The server's explanation as shown by the go command, or <see langword="null"/>.</param>
    /// <param name="innerException">The underlying error, or <see langword="null"/>.</param>
    public ModuleNotFoundException(string message, ModuleFetchFailure failure, int? statusCode, string? requestUrl, string? serverResponse, Exception? innerException)
        : this(message, failure, statusCode, requestUrl, serverResponse, innerException, null)
    {
    }

    internal ModuleNotFoundException(string message, ModuleFetchFailure failure, int? statusCode, string? requestUrl, string? serverResponse, Exception? innerException, ModuleVersion? module)
        : base(message, module, null, failure, statusCode, requestUrl, innerException)
    {
        ServerResponse = serverResponse;
    }

    /// <summary>Gets the server's plain-text explanation as the go command shows it, or <see langword="null"/>.</summary>
    public string? ServerResponse { get; }

    internal ModuleNotFoundException WithPrefix(string prefix, ModuleVersion module) =>
        new(prefix + Message, Failure, StatusCode, RequestUrl, ServerResponse, this, module);
}
