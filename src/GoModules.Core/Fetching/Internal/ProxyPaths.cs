using System;
using System.Text;
#if !GOMODULES_HTTP
using GoModules.Kernel;
#endif

#if GOMODULES_HTTP
namespace GoModules.Http.Internal; // compiled into GoModules.Http as shared source
#else
namespace GoModules.Fetching.Internal;
#endif

/// <summary>Builds the relative request paths of the GOPROXY protocol and escapes them for URLs.</summary>
internal static class ProxyPaths
{
    private const string Hex = "0123456789ABCDEF";

    public static string List(string escapedPath) => escapedPath + "/@v/list";

    public static string Latest(string escapedPath) => escapedPath + "/@latest";

    public static string File(string escapedPath, string escapedVersion, string extension) =>
        escapedPath + "/@v/" + escapedVersion + extension;

    /// <summary>
    /// Percent-encodes a relative path for a URL the way Go's <c>url.PathEscape</c> does, keeping
    /// <c>/</c>: so <c>!</c> becomes <c>%21</c>, as the go command sends it.
    /// </summary>
    public static string PathEscape(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var needs = false;
        foreach (var c in path)
        {
            if (!IsKept(c))
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return path;
        }

        var sb = new StringBuilder(path.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (IsKept(c))
            {
                sb.Append(c);
                continue;
            }

            int n;
            if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                n = Encoding.UTF8.GetBytes(path.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                n = Encoding.UTF8.GetBytes(path.AsSpan(i, 1), utf8);
            }

            for (var k = 0; k < n; k++)
            {
                sb.Append('%').Append(Hex[utf8[k] >> 4]).Append(Hex[utf8[k] & 0xF]);
            }
        }

        return sb.ToString();
    }

    // Go's shouldEscape(c, encodePathSegment), with '/' kept because the caller restores it.
    private static bool IsKept(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '_' or '.' or '~' or '$' or '&' or '+' or ':' or '=' or '@' or '/';

    /// <summary>Go's <c>path.Clean</c> for a URL path that starts with <c>/</c> (or is empty).</summary>
    public static string CleanRooted(string path) => GoPath.Clean("/" + path);
}
