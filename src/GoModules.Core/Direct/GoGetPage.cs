using System;

namespace GoModules.Direct;

/// <summary>A response to a go-get discovery request.</summary>
public sealed class GoGetPage
{
    /// <summary>Initializes a new instance of the <see cref="GoGetPage"/> class.</summary>
    /// <param name="url">The URL that answered (after redirects).</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="body">The body text (the head of the document is enough).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GoGetPage(Uri url, int statusCode, string body)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        Url = url;
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>Gets the URL that answered.</summary>
    public Uri Url { get; }

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the body text.</summary>
    public string Body { get; }
}
