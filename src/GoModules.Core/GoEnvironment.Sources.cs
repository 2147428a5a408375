using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using GoModules.Kernel;

namespace GoModules;

/// <content>Where the settings come from: the go env file, $GOROOT/go.env, GOROOT on PATH, GOFLAGS and the defaults.</content>
public sealed partial class GoEnvironment
{
    /// <summary>The text of a settings file, or <see langword="null"/> when it is missing or unreadable (as go ignores it).</summary>
    internal static string? ReadOptional(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>GOROOT as the go command looks for its go.env: the user's go env file first, then the environment.</summary>
    private static string? GoRootSetting(Func<string, string?> lookup, IReadOnlyDictionary<string, string>? file, HostPlatform platform)
    {
        var value = file?.GetValueOrDefault("GOROOT");
        if (string.IsNullOrEmpty(value))
        {
            value = lookup("GOROOT");
        }

        return string.IsNullOrEmpty(value) ? null : GoFilePath.Clean(value, platform);
    }

    /// <summary>
    /// The root of the first <c>go</c> on PATH, as the go command finds its own from its executable: the directory two
    /// (or three) levels up that holds <c>pkg/tool</c>, first as the path is spelled, then with symbolic links resolved.
    /// </summary>
    internal static string? FindGoRootOnPath(string? pathVariable, HostPlatform platform)
    {
        if (string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        var exeName = platform == HostPlatform.Windows ? "go.exe" : "go";
        foreach (var dir in pathVariable.Split(platform == HostPlatform.Windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries))
        {
            string exe;
            try
            {
                exe = Path.GetFullPath(Path.Combine(dir, exeName));
                if (!File.Exists(exe))
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                continue;
            }

            if (RootAbove(exe) is { } root)
            {
                return root;
            }

            try
            {
                var target = new FileInfo(exe).ResolveLinkTarget(returnFinalTarget: true);
                return target is null ? null : RootAbove(target.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        return null;

        static string? RootAbove(string exe)
        {
            foreach (var up in new[] { "../..", "../../.." })
            {
                var dir = Path.GetFullPath(Path.Combine(exe, up));
                if (Directory.Exists(Path.Combine(dir, "pkg", "tool")))
                {
                    return dir;
                }
            }

            return null;
        }
    }

    internal static string? GetEnvFilePathCore(IReadOnlyDictionary<string, string?> variables, HostPlatform platform)
        => ResolveEnvFilePath(CreateLookup(variables, platform), platform);

    /// <summary>Parses go env file text as the go command reads it.</summary>
    internal static Dictionary<string, string> ParseEnvFile(string content)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = content.AsSpan();
        while (!rest.IsEmpty)
        {
            ReadOnlySpan<char> line;
            var newline = rest.IndexOf('\n');
            if (newline >= 0)
            {
                line = rest[..newline];
                rest = rest[(newline + 1)..];
            }
            else
            {
                line = rest;
                rest = default;
            }

            // Comments, blank lines and lines that do not start with a variable name are skipped.
            // Nothing is trimmed: a '\r' before the '\n' stays part of the value.
            var equals = line.IndexOf('=');
            if (equals < 0 || line[0] is < 'A' or > 'Z')
            {
                continue;
            }

            result[line[..equals].ToString()] = line[(equals + 1)..].ToString();
        }

        return result;
    }

    private static string? ResolveEnvFilePath(Func<string, string?> lookup, HostPlatform platform)
    {
        var goEnv = lookup("GOENV");
        if (!string.IsNullOrEmpty(goEnv))
        {
            return goEnv == "off" ? null : goEnv;
        }

        string? configDir;
        switch (platform)
        {
            case HostPlatform.Windows:
                configDir = NullIfEmpty(lookup("AppData"));
                break;
            case HostPlatform.MacOS:
                var macHome = NullIfEmpty(lookup("HOME"));
                configDir = macHome is null ? null : macHome + "/Library/Application Support";
                break;
            default:
                configDir = NullIfEmpty(lookup("XDG_CONFIG_HOME"));
                if (configDir is null)
                {
                    var home = NullIfEmpty(lookup("HOME"));
                    configDir = home is null ? null : home + "/.config";
                }

                break;
        }

        return configDir is null ? null : GoFilePath.Join(configDir, "go/env", platform);
    }

    /// <summary>
    /// One setting through the go command's layers: a non-empty process variable, then the user's go env file, then
    /// <c>$GOROOT/go.env</c>; empty when set nowhere. A name in the user's file hides go.env's line even when its value
    /// is empty (cmd/go/internal/cfg).
    /// </summary>
    internal static string LayeredSetting(string name, Func<string, string?> process, IReadOnlyDictionary<string, string>? userFile, IReadOnlyDictionary<string, string>? goRootFile)
    {
        var value = process(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (userFile is not null && userFile.TryGetValue(name, out var user))
        {
            return user;
        }

        return goRootFile is not null && goRootFile.TryGetValue(name, out var root) ? root : string.Empty;
    }

    /// <inheritdoc cref="LayeredSetting(string, Func{string, string?}, IReadOnlyDictionary{string, string}?, IReadOnlyDictionary{string, string}?)"/>
    internal static string LayeredSetting(string name, IReadOnlyDictionary<string, string?> variables, IReadOnlyDictionary<string, string>? userFile, IReadOnlyDictionary<string, string>? goRootFile)
        => LayeredSetting(name, CreateLookup(variables, HostPlatforms.Current), userFile, goRootFile);

    private static Func<string, string?> CreateLookup(IReadOnlyDictionary<string, string?> variables, HostPlatform platform)
    {
        if (platform != HostPlatform.Windows)
        {
            return name => variables.GetValueOrDefault(name);
        }

        // Windows variable names are case-insensitive, whatever comparer the dictionary uses.
        return name =>
        {
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }

            foreach (var pair in variables)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>go/build's default GOPATH: the home directory plus <c>go</c>, unless that is GOROOT.</summary>
    private static string DefaultGoPath(string home, string? goRoot, HostPlatform platform)
    {
        if (home.Length == 0)
        {
            return string.Empty;
        }

        var path = GoFilePath.Join(home, "go", platform);
        if (!string.IsNullOrEmpty(goRoot) && path == GoFilePath.Clean(goRoot, platform))
        {
            return string.Empty;
        }

        return path;
    }

    /// <summary>
    /// Reads <c>-modcacherw</c> and <c>-mod</c> from GOFLAGS as the go command applies GOFLAGS to a
    /// command that has those flags: words split at white space, each <c>-name</c>, <c>--name</c>,
    /// <c>-name=value</c> or <c>--name=value</c>; later words win.
    /// </summary>
    private static void ParseGoFlags(string goFlags, out bool modCacheReadWrite, out string? modMode, out string? error)
    {
        modCacheReadWrite = false;
        modMode = null;
        error = null;
        foreach (var word in goFlags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!word.StartsWith('-') || word is "-" or "--"
                || word.StartsWith("---", StringComparison.Ordinal)
                || word.StartsWith("-=", StringComparison.Ordinal)
                || word.StartsWith("--=", StringComparison.Ordinal))
            {
                error ??= SR.FormatText(SR.GoFlagsNonFlag, GoQuote.Quote(word));
                continue;
            }

            var name = word;
            string? value = null;
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = word[..equals];
                value = word[(equals + 1)..];
            }

            name = name.StartsWith("--", StringComparison.Ordinal) ? name[2..] : name[1..];
            switch (name)
            {
                case "modcacherw":
                    if (value is null)
                    {
                        modCacheReadWrite = true;
                    }
                    else if (TryParseGoBool(value, out var flag))
                    {
                        modCacheReadWrite = flag;
                    }
                    else
                    {
                        error ??= SR.FormatText(SR.GoFlagsInvalidBoolean, GoQuote.Quote(value), name);
                    }

                    break;
                case "mod":
                    if (value is null)
                    {
                        error ??= SR.FormatText(SR.GoFlagsNeedsArgument, name);
                    }
                    else
                    {
                        modMode = value.Length == 0 ? null : value;
                    }

                    break;
            }
        }
    }

    /// <summary>Go's <c>strconv.ParseBool</c>.</summary>
    private static bool TryParseGoBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                result = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                result = false;
                return true;
            default:
                result = false;
                return false;
        }
    }
}
