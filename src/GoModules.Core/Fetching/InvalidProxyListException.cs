using System;

namespace GoModules.Fetching;

/// <summary>
/// The exception thrown when a GOPROXY list cannot be used: an entry is not an acceptable proxy URL,
/// or the list has no entries at all.
/// </summary>
/// <remarks>
/// The go command reports these errors for every module operation, before sending any request, even
/// when an earlier entry of the list would have worked. The <see cref="Exception.Message"/> reuses the
/// go command's wording, for example <c>invalid proxy URL missing scheme: myproxy</c> or
/// <c>GOPROXY list is not the empty string, but contains no entries</c>. Passwords in URLs are shown as
/// <c>xxxxx</c>.
/// </remarks>
public sealed class InvalidProxyListException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidProxyListException"/> class.</summary>
    public InvalidProxyListException()
    {
        ProxyList = string.Empty;
        Reason = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidProxyListException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public InvalidProxyListException(string? message)
        : base(message)
    {
        ProxyList = string.Empty;
        Reason = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidProxyListException"/> class with a message and the error that caused it.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public InvalidProxyListException(string? message, Exception? innerException)
        : base(message, innerException)
    {
        ProxyList = string.Empty;
        Reason = message ?? string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidProxyListException"/> class for a list.</summary>
    /// <param name="message">The go command's error text.</param>
    /// <param name="proxyList">The GOPROXY text that was parsed.</param>
    /// <param name="entry">The offending entry, or <see langword="null"/> when the list has no entries.</param>
    /// <param name="reason">A short statement of what is wrong.</param>
    internal InvalidProxyListException(string message, string proxyList, string? entry, string reason)
        : base(message)
    {
        ProxyList = proxyList;
        Entry = entry;
        Reason = reason;
    }

    /// <summary>Gets the GOPROXY text that was parsed.</summary>
    /// <value>The whole list as given (the default list when GOPROXY was empty).</value>
    public string ProxyList { get; }

    /// <summary>
    /// Gets the entry that was rejected: its trimmed text, with <c>https://</c> in front when the go
    /// command adds it to a bare host. Passwords are shown as <c>xxxxx</c>.
    /// </summary>
    /// <value>The offending entry, or <see langword="null"/> when the list has no entries at all.</value>
    public string? Entry { get; }

    /// <summary>Gets a short statement of what is wrong, for example <c>missing scheme</c>.</summary>
    /// <value>The reason, without the offending text.</value>
    public string Reason { get; }
}
