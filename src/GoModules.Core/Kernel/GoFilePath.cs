using System;
using System.Collections.Generic;

namespace GoModules.Kernel;

/// <summary>
/// The parts of Go's <c>path/filepath</c> (Go 1.19) that Go's settings depend on: <c>IsAbs</c>,
/// <c>Clean</c>, <c>Join</c> and <c>SplitList</c>, for Unix and Windows rules. Purely lexical.
/// </summary>
internal static class GoFilePath
{
    /// <summary>Go's <c>filepath.IsAbs</c>.</summary>
    public static bool IsAbs(string path, HostPlatform platform)
    {
        if (platform != HostPlatform.Windows)
        {
            return path.StartsWith('/');
        }

        if (IsReservedWindowsName(path))
        {
            return true;
        }

        var volume = WindowsVolumeNameLength(path);
        if (volume == 0)
        {
            return false;
        }

        if (IsWindowsSlash(path[0]) && IsWindowsSlash(path[1]))
        {
            return true;
        }

        return volume < path.Length && IsWindowsSlash(path[volume]);
    }

    /// <summary>Go's <c>filepath.Join</c> of two elements: empty elements are ignored, the result is cleaned.</summary>
    public static string Join(string first, string second, HostPlatform platform)
    {
        if (first.Length == 0 && second.Length == 0)
        {
            return string.Empty;
        }

        if (first.Length == 0)
        {
            return Clean(second, platform);
        }

        if (second.Length == 0)
        {
            return Clean(first, platform);
        }

        if (platform == HostPlatform.Windows)
        {
            return JoinWindows(first, second);
        }

        return Clean(first + "/" + second, platform);
    }

    /// <summary>Go's <c>filepath.SplitList</c>: ':' on Unix; ';' on Windows, where double quotes protect
    /// separators and are then removed. An empty string gives an empty list.</summary>
    public static List<string> SplitList(string list, HostPlatform platform)
    {
        var result = new List<string>();
        if (list.Length == 0)
        {
            return result;
        }

        if (platform != HostPlatform.Windows)
        {
            result.AddRange(list.Split(':'));
            return result;
        }

        var start = 0;
        var quoted = false;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '"')
            {
                quoted = !quoted;
            }
            else if (list[i] == ';' && !quoted)
            {
                result.Add(list[start..i].Replace("\"", string.Empty, StringComparison.Ordinal));
                start = i + 1;
            }
        }

        result.Add(list[start..].Replace("\"", string.Empty, StringComparison.Ordinal));
        return result;
    }

    /// <summary>Go's <c>filepath.Clean</c>: the shortest lexically equivalent path.</summary>
    public static string Clean(string path, HostPlatform platform)
    {
        var windows = platform == HostPlatform.Windows;
        var volumeLength = windows ? WindowsVolumeNameLength(path) : 0;
        var volume = path[..volumeLength];
        var rest = path[volumeLength..];
        if (rest.Length == 0)
        {
            if (volumeLength > 1 && path[1] != ':')
            {
                // A UNC volume name on its own.
                return volume.Replace('/', '\\');
            }

            return path + ".";
        }

        var cleaned = volume + GoPath.CleanElements(rest, windows);
        return windows ? cleaned.Replace('/', '\\') : cleaned;
    }

    private static string JoinWindows(string first, string second)
    {
        // Go 1.19 joinNonEmpty: a bare drive letter is not followed by a separator ("C:" + "x" is
        // "C:x"), and joining must not turn two non-UNC paths into a UNC name.
        if (first.Length == 2 && first[1] == ':')
        {
            return Clean(first + second, HostPlatform.Windows);
        }

        var joined = Clean(first + "\\" + second, HostPlatform.Windows);
        if (!IsUncPath(joined))
        {
            return joined;
        }

        var head = Clean(first, HostPlatform.Windows);
        if (IsUncPath(head))
        {
            return joined;
        }

        var tail = Clean(second, HostPlatform.Windows);
        return head[^1] == '\\' ? head + tail : head + "\\" + tail;
    }

    private static bool IsUncPath(string path) => WindowsVolumeNameLength(path) > 2;

    private static bool IsWindowsSlash(char c) => c is '/' or '\\';

    /// <summary>Go 1.19's <c>volumeNameLen</c> for Windows: "C:" or "\\server\share".</summary>
    private static int WindowsVolumeNameLength(string path)
    {
        if (path.Length < 2)
        {
            return 0;
        }

        var c = path[0];
        if (path[1] == ':' && char.IsAsciiLetter(c))
        {
            return 2;
        }

        var length = path.Length;
        if (length >= 5 && IsWindowsSlash(path[0]) && IsWindowsSlash(path[1]) && !IsWindowsSlash(path[2]) && path[2] != '.')
        {
            for (var n = 3; n < length - 1; n++)
            {
                if (IsWindowsSlash(path[n]))
                {
                    n++;
                    if (!IsWindowsSlash(path[n]))
                    {
                        if (path[n] == '.')
                        {
                            break;
                        }

                        for (; n < length; n++)
                        {
                            if (IsWindowsSlash(path[n]))
                            {
                                break;
                            }
                        }

                        return n;
                    }

                    break;
                }
            }
        }

        return 0;
    }

    /// <summary>Go 1.19's <c>isReservedName</c>: CON, PRN, AUX, NUL, COM1-9, LPT1-9 (any case, exact).</summary>
    private static bool IsReservedWindowsName(string path)
    {
        if (path.Length == 3)
        {
            return path.Equals("CON", StringComparison.OrdinalIgnoreCase) || path.Equals("PRN", StringComparison.OrdinalIgnoreCase)
                || path.Equals("AUX", StringComparison.OrdinalIgnoreCase) || path.Equals("NUL", StringComparison.OrdinalIgnoreCase);
        }

        if (path.Length == 4 && path[3] is >= '1' and <= '9')
        {
            var stem = path.AsSpan(0, 3);
            return stem.Equals("COM", StringComparison.OrdinalIgnoreCase) || stem.Equals("LPT", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }
}
