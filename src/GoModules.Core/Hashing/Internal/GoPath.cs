using System.Text;

namespace GoModules.Hashing.Internal;

/// <summary>Lexical slash-separated path helpers with Go's <c>path.Clean</c> rules.</summary>
internal static class GoPath
{
    /// <summary>
    /// Returns the shortest path equivalent to <paramref name="path"/> by purely lexical processing:
    /// repeated slashes collapse, <c>.</c> elements go, <c>..</c> removes the element before it (and is
    /// dropped right after a leading slash), trailing slashes go, and an empty result becomes <c>.</c>.
    /// </summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var output = new StringBuilder(path.Length);
        if (rooted)
        {
            output.Append('/');
        }

        // Length of the prefix of output that ".." may not remove.
        var dotDotFloor = output.Length;
        var r = rooted ? 1 : 0;
        while (r < path.Length)
        {
            if (path[r] == '/')
            {
                r++;
            }
            else if (path[r] == '.' && (r + 1 == path.Length || path[r + 1] == '/'))
            {
                r++;
            }
            else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == path.Length || path[r + 2] == '/'))
            {
                r += 2;
                if (output.Length > dotDotFloor)
                {
                    var w = output.Length - 1;
                    while (w > dotDotFloor && output[w] != '/')
                    {
                        w--;
                    }

                    output.Length = w;
                }
                else if (!rooted)
                {
                    if (output.Length > 0)
                    {
                        output.Append('/');
                    }

                    output.Append("..");
                    dotDotFloor = output.Length;
                }
            }
            else
            {
                if ((rooted && output.Length != 1) || (!rooted && output.Length != 0))
                {
                    output.Append('/');
                }

                while (r < path.Length && path[r] != '/')
                {
                    output.Append(path[r]);
                    r++;
                }
            }
        }

        return output.Length == 0 ? "." : output.ToString();
    }

    /// <summary>Go's <c>path.Join(prefix, rel)</c>: empty elements are ignored and the result is cleaned.</summary>
    public static string Join(string prefix, string rel)
    {
        if (prefix.Length == 0)
        {
            return rel.Length == 0 ? string.Empty : Clean(rel);
        }

        return rel.Length == 0 ? Clean(prefix) : Clean(string.Concat(prefix, "/", rel));
    }
}
