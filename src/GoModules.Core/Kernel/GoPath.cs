using System.Text;

#if GOMODULES_HTTP
namespace GoModules.Http.Internal; // compiled into GoModules.Http as shared source
#else
namespace GoModules.Kernel;
#endif

/// <summary>
/// Go's <c>path.Clean</c> and <c>path.Join</c>: lexical slash-separated paths. The one implementation of Go's cleaning
/// rules: <c>GoFilePath.Clean</c> adds Windows volumes and separators around <see cref="CleanElements"/>.
/// Also compiled into GoModules.Http (shared source).
/// </summary>
internal static class GoPath
{
    /// <summary>
    /// Returns the shortest path equivalent to <paramref name="path"/> by purely lexical processing:
    /// repeated slashes collapse, <c>.</c> elements go, <c>..</c> removes the element before it (and is
    /// dropped right after a leading slash), trailing slashes go, and an empty result becomes <c>.</c>.
    /// </summary>
    public static string Clean(string path) => CleanElements(path, windows: false);

    /// <summary>Go's <c>path.Join(prefix, rel)</c>: empty elements are ignored and the result is cleaned.</summary>
    public static string Join(string prefix, string rel)
    {
        if (prefix.Length == 0)
        {
            return rel.Length == 0 ? string.Empty : Clean(rel);
        }

        return rel.Length == 0 ? Clean(prefix) : Clean(string.Concat(prefix, "/", rel));
    }

    /// <summary>
    /// Cleans a path without a volume name: <c>/</c> (and, for <paramref name="windows"/>, <c>\</c>) separate elements,
    /// the result uses <c>\</c> for Windows and <c>/</c> otherwise, and is <c>.</c> when nothing remains.
    /// </summary>
    internal static string CleanElements(string rest, bool windows)
    {
        if (rest.Length == 0)
        {
            return ".";
        }

        var separator = windows ? '\\' : '/';
        var rooted = IsSeparator(windows, rest[0]);
        var output = new StringBuilder(rest.Length);
        var read = 0;
        var dotDotFloor = 0;
        if (rooted)
        {
            output.Append(separator);
            read = dotDotFloor = 1;
        }

        while (read < rest.Length)
        {
            if (IsSeparator(windows, rest[read]))
            {
                // Empty element.
                read++;
            }
            else if (rest[read] == '.' && (read + 1 == rest.Length || IsSeparator(windows, rest[read + 1])))
            {
                // "." element.
                read++;
            }
            else if (rest[read] == '.' && read + 1 < rest.Length && rest[read + 1] == '.'
                && (read + 2 == rest.Length || IsSeparator(windows, rest[read + 2])))
            {
                // ".." element: remove the last element written, unless nothing can be removed.
                read += 2;
                if (output.Length > dotDotFloor)
                {
                    // Back to the separator before the last element, which goes too (or to the floor).
                    var w = output.Length - 1;
                    while (w > dotDotFloor && !IsSeparator(windows, output[w]))
                    {
                        w--;
                    }

                    output.Length = w;
                }
                else if (!rooted)
                {
                    if (output.Length > 0)
                    {
                        output.Append(separator);
                    }

                    output.Append("..");
                    dotDotFloor = output.Length;
                }
            }
            else
            {
                if ((rooted && output.Length != 1) || (!rooted && output.Length != 0))
                {
                    output.Append(separator);
                }

                for (; read < rest.Length && !IsSeparator(windows, rest[read]); read++)
                {
                    output.Append(rest[read]);
                }
            }
        }

        if (output.Length == 0)
        {
            output.Append('.');
        }

        return output.ToString();
    }

    private static bool IsSeparator(bool windows, char c) => c == '/' || (windows && c == '\\');
}
