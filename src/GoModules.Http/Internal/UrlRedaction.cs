using System;

namespace GoModules.Http.Internal;

/// <summary>Go's <c>url.URL.Redacted</c>: the password of a URL's user information becomes <c>xxxxx</c>.</summary>
internal static class UrlRedaction
{
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return url;
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        if (end < 0)
        {
            end = url.Length;
        }

        var at = url.LastIndexOf('@', end - 1, end - start);
        if (at < 0)
        {
            return url;
        }

        var colon = url.IndexOf(':', start, at - start);
        if (colon < 0)
        {
            return url;
        }

        return string.Concat(url.AsSpan(0, colon + 1), "xxxxx", url.AsSpan(at));
    }

    public static string Redact(Uri uri) => Redact(uri.OriginalString);
}
