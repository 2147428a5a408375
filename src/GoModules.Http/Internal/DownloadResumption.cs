using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;

namespace GoModules.Http.Internal;

/// <summary>
/// What it takes to resume a download whose body broke off: the server advertised byte ranges
/// (<c>Accept-Ranges: bytes</c>), gave the length (<c>Content-Length</c>, no <c>Content-Encoding</c>) and a validator
/// that names these exact bytes (a strong <c>ETag</c>, or <c>Last-Modified</c> when there is no ETag). A weak ETag
/// names only an equivalent file, so nothing is resumed against it.
/// </summary>
internal sealed class DownloadResumption
{
    private readonly string _validator;

    private DownloadResumption(long length, string validator)
    {
        Length = length;
        _validator = validator;
    }

    /// <summary>Gets the length of the whole file.</summary>
    public long Length { get; }

    /// <summary>The resumption a 200 answer allows, or <see langword="null"/> when it cannot be resumed.</summary>
    public static DownloadResumption? From(HttpResponseMessage response)
    {
        var acceptsBytes = false;
        foreach (var unit in response.Headers.AcceptRanges)
        {
            acceptsBytes |= string.Equals(unit, "bytes", StringComparison.OrdinalIgnoreCase);
        }

        var content = response.Content.Headers;
        if (!acceptsBytes || content.ContentLength is not { } length || length <= 0 || content.ContentEncoding.Count != 0)
        {
            return null;
        }

        if (response.Headers.ETag is { } etag)
        {
            return etag.IsWeak ? null : new DownloadResumption(length, etag.Tag);
        }

        return content.LastModified is { } modified
            ? new DownloadResumption(length, modified.ToString("r", CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>The headers of the request for the rest of the file from <paramref name="offset"/>.</summary>
    public KeyValuePair<string, string>[] RangeHeaders(long offset) =>
    [
        new("Range", "bytes=" + offset.ToString(CultureInfo.InvariantCulture) + "-"),
        new("If-Range", _validator),
    ];

    /// <summary>
    /// Checks that a 206 answer holds exactly the rest of the same file: its <c>Content-Range</c> starts at
    /// <paramref name="offset"/>, ends at the last byte and names the same total length, and its
    /// <c>Content-Length</c>, when given, is that of the rest.
    /// </summary>
    /// <exception cref="ModuleFetchException">The part is not the one asked for.</exception>
    public void CheckContinues(HttpResponseMessage response, long offset, string shown)
    {
        var range = response.Content.Headers.ContentRange;
        if (range is null
            || !string.Equals(range.Unit, "bytes", StringComparison.OrdinalIgnoreCase)
            || range.From != offset
            || range.To != Length - 1
            || range.Length != Length
            || response.Content.Headers.ContentLength is { } partLength && partLength != Length - offset)
        {
            var got = range is null ? "no Content-Range" : "Content-Range \"" + ServerText.Sanitize(range.ToString()) + "\"";
            throw new ModuleFetchException(
                "read " + shown + ": resumed download: " + got + " does not continue the file at byte "
                    + offset.ToString(CultureInfo.InvariantCulture) + " of " + Length.ToString(CultureInfo.InvariantCulture),
                ModuleFetchFailure.InvalidResponse,
                206,
                shown,
                null,
                null);
        }
    }
}
