using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Toolchains;

/// <summary>
/// Selects the Go toolchain for a main module exactly as the go command does at startup (Go 1.21 and later; see
/// https://go.dev/doc/toolchain#select): from the GOTOOLCHAIN setting, the local toolchain, and the <c>go</c> and
/// <c>toolchain</c> lines of the go.work or go.mod file that encloses the working directory.
/// </summary>
/// <remarks>
/// <para>
/// The default toolchain is the one GOTOOLCHAIN names before any <c>+</c> (the local one for <c>auto</c>,
/// <c>path</c> and <c>local</c>). In <c>auto</c> and <c>path</c> modes the file may raise it: a <c>toolchain</c> line
/// newer than the default wins; then a <c>go</c> line newer than that wins, as <c>go1.N.0</c> when the line is a
/// language version from 1.21 on (a <c>go 1.22</c> line selects <c>go1.22.0</c>, a <c>go 1.20</c> line
/// <c>go1.20</c>). <c>toolchain default</c> keeps the default toolchain whatever the <c>go</c> line says.
/// </para>
/// <para>
/// As in the go command, the lines are read with a plain line scan (the first line starting with the keyword; no
/// go.mod parsing), a go.work file (GOWORK, or the nearest one found upwards) takes precedence over go.mod, and
/// selection is skipped when GO111MODULE turns modules off.
/// </para>
/// </remarks>
public static class GoToolchainSelector
{
    /// <summary>Selects the toolchain for given file contents.</summary>
    /// <param name="setting">The GOTOOLCHAIN setting.</param>
    /// <param name="localToolchain">The local toolchain's name (such as <c>go1.27.3</c>, what <c>runtime.Version</c>
    /// reports), or null when there is none; then the local version counts as lower than every version.</param>
    /// <param name="file">The go.work or go.mod file name, used in messages; null when there is none.</param>
    /// <param name="content">The file's bytes (ignored when <paramref name="file"/> is null).</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="setting"/> is null.</exception>
    /// <exception cref="InvalidGoToolchainException">The file's toolchain line is invalid
    /// (<c>invalid toolchain "…" in file</c>), or the selected name is not a Go toolchain
    /// (<c>invalid GOTOOLCHAIN "…"</c>).</exception>
    public static GoToolchainSelection Select(GoToolchainSetting setting, string? localToolchain, string? file, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var localVersion = GoVersion.FromToolchain(localToolchain);
        var local = string.IsNullOrEmpty(localToolchain) ? "local" : localToolchain;
        var gotoolchain = setting.MinimumToolchain ?? local;
        var minVersion = setting.MinimumToolchain is null ? localVersion : setting.MinimumVersion;
        var reason = GoToolchainSelectionReason.Default;
        var goLine = string.Empty;
        var toolchainLine = string.Empty;
        string? consulted = null;

        if (setting.Value.Length == 0)
        {
            // No GOTOOLCHAIN anywhere (a GOROOT without go.env): the go command does not switch.
            return new GoToolchainSelection(local, localVersion, true, GoToolchainMode.Fixed, reason, null, goLine, toolchainLine);
        }

        if (setting.Mode != GoToolchainMode.Fixed && file is not null)
        {
            consulted = file;
            goLine = LookupDirective(content, "go"u8);
            toolchainLine = LookupDirective(content, "toolchain"u8);
            if (toolchainLine != "default")
            {
                if (toolchainLine.Length != 0)
                {
                    var toolVersion = GoVersion.FromToolchain(toolchainLine);
                    if (toolVersion.Length == 0
                        || (!toolchainLine.StartsWith("go", StringComparison.Ordinal) && !toolchainLine.Contains("-go", StringComparison.Ordinal)))
                    {
                        throw new InvalidGoToolchainException(SRFormat.Format(SR.ToolchainInvalidLine, GoQuote.Quote(toolchainLine), file));
                    }

                    if (GoVersion.Compare(toolVersion, minVersion) > 0)
                    {
                        gotoolchain = toolchainLine;
                        minVersion = toolVersion;
                        reason = GoToolchainSelectionReason.ToolchainLine;
                    }
                }

                if (GoVersion.Compare(goLine, minVersion) > 0)
                {
                    gotoolchain = "go" + goLine;
                    minVersion = goLine;

                    // From 1.21 on the first release of a language version is 1.N.0; 1.N itself is not a toolchain.
                    if (GoVersion.IsLanguageVersion(goLine) && GoVersion.Compare(goLine, "1.21") >= 0)
                    {
                        gotoolchain += ".0";
                    }

                    reason = GoToolchainSelectionReason.GoLine;
                }
            }
        }

        if (gotoolchain == "local" || gotoolchain == local)
        {
            return new GoToolchainSelection(local, localVersion, true, setting.Mode, reason, consulted, goLine, toolchainLine);
        }

        if (!gotoolchain.StartsWith("go1", StringComparison.Ordinal) && !gotoolchain.Contains("-go1", StringComparison.Ordinal))
        {
            throw new InvalidGoToolchainException(SRFormat.Format(SR.ToolchainInvalidSetting, GoQuote.Quote(gotoolchain)));
        }

        return new GoToolchainSelection(gotoolchain, GoVersion.FromToolchain(gotoolchain), false, setting.Mode, reason, consulted, goLine, toolchainLine);
    }

    /// <summary>
    /// Selects the toolchain for a working directory: reads GOTOOLCHAIN, GOWORK and GO111MODULE (environment, then the
    /// user's go env file, then <c>$GOROOT/go.env</c>), finds the go.work or go.mod file, and calls
    /// <see cref="Select"/>.
    /// </summary>
    /// <param name="variables">The environment variables.</param>
    /// <param name="goRoot">The local toolchain's GOROOT (for <c>go.env</c>), or null for none.</param>
    /// <param name="localToolchain">The local toolchain's name, or null for none.</param>
    /// <param name="workingDirectory">The directory the go command would run in (absolute).</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidGoToolchainException">GOTOOLCHAIN or the toolchain line is invalid.</exception>
    /// <exception cref="GoModuleException">GOWORK is not an absolute path.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static GoToolchainSelection SelectForDirectory(IReadOnlyDictionary<string, string?> variables, string? goRoot, string? localToolchain, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        var (userText, rootText) = GoToolchainSetting.ReadEnvFiles(variables, goRoot);
        var user = userText is null ? null : GoEnvironment.ParseEnvFile(userText);
        var root = rootText is null ? null : GoEnvironment.ParseEnvFile(rootText);
        string Get(string name) => GoToolchainSetting.Resolve(name, variables, user, root);

        var setting = GoToolchainSetting.Parse(Get(GoToolchainSetting.VariableName));
        var dir = Path.GetFullPath(workingDirectory);
        string? file = null;
        var modules = Get("GO111MODULE");
        if (modules is "on" or "" or "auto")
        {
            file = FindConfigFile(dir, Get("GOWORK"), goRoot);
            if (modules == "auto" && file is null)
            {
                return Select(GoToolchainSetting.Parse(string.Empty), localToolchain, null, default);
            }
        }
        else
        {
            // Modules off: the go command does not switch toolchains.
            return Select(GoToolchainSetting.Parse(string.Empty), localToolchain, null, default);
        }

        if (file is null || setting.Mode == GoToolchainMode.Fixed)
        {
            return Select(setting, localToolchain, null, default);
        }

        return Select(setting, localToolchain, file, File.ReadAllBytes(file));
    }

    /// <summary>
    /// Finds the file whose lines select the toolchain, as the go command does: the GOWORK file when GOWORK is an
    /// absolute path of an existing file, else (GOWORK empty or <c>auto</c>) the nearest <c>go.work</c> at or above
    /// the directory (not crossing into GOROOT); when there is none (or GOWORK is <c>off</c>), the nearest
    /// <c>go.mod</c>, ignoring one directly in the system temporary directory.
    /// </summary>
    /// <param name="workingDirectory">The absolute directory to start from.</param>
    /// <param name="goWork">The GOWORK setting, or null.</param>
    /// <param name="goRoot">GOROOT, or null.</param>
    /// <returns>The file, or null when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workingDirectory"/> is null.</exception>
    /// <exception cref="GoModuleException">GOWORK is set to a relative path.</exception>
    public static string? FindConfigFile(string workingDirectory, string? goWork, string? goRoot)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        var dir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workingDirectory));
        string? work;
        switch (goWork ?? string.Empty)
        {
            case "off":
                work = null;
                break;
            case "":
            case "auto":
                work = FindUp(dir, "go.work", string.IsNullOrEmpty(goRoot) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(goRoot)));
                break;
            default:
                if (!Path.IsPathFullyQualified(goWork!))
                {
                    throw new GoModuleException(SR.ToolchainInvalidGoWork);
                }

                work = goWork;
                break;
        }

        if (work is not null && File.Exists(work))
        {
            return work;
        }

        var mod = FindUp(dir, "go.mod", null);
        if (mod is not null && SystemTempDirectory() is { } temp && PathEquals(Path.GetDirectoryName(mod)!, temp))
        {
            // The go command ignores a go.mod directly in the temporary directory (golang.org/issue/26708).
            return null;
        }

        return mod;
    }

    /// <summary>
    /// Looks for a toolchain in PATH before downloading it, as the go command does in <c>auto</c> and <c>path</c>
    /// modes (for example a <c>go1.22.0</c> installed with <c>go install golang.org/dl/go1.22.0@latest</c>): the
    /// first directory in PATH holding an executable file of that name (<c>name.exe</c> and the other PATHEXT
    /// extensions on Windows). Relative PATH entries are skipped, as the go command refuses programs found relative
    /// to the current directory.
    /// </summary>
    /// <param name="toolchain">The toolchain name, such as <c>go1.22.0</c>.</param>
    /// <param name="pathVariable">The PATH value.</param>
    /// <returns>The program's path, or null when PATH has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="toolchain"/> is null.</exception>
    public static string? FindInPath(string toolchain, string? pathVariable)
    {
        ArgumentNullException.ThrowIfNull(toolchain);
        if (toolchain.Length == 0 || toolchain.AsSpan().IndexOfAny('/', '\\') >= 0 || string.IsNullOrEmpty(pathVariable))
        {
            return null;
        }

        string[] extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".com;.exe;.bat;.cmd").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [string.Empty];
        foreach (var dir in pathVariable.Split(Path.PathSeparator))
        {
            if (dir.Length == 0 || !Path.IsPathFullyQualified(dir))
            {
                continue;
            }

            foreach (var extension in extensions)
            {
                var candidate = Path.Join(dir, toolchain + extension);
                if (!File.Exists(candidate))
                {
                    continue;
                }

                if (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The go command's quick read of a go.mod or go.work line: the value after the first line (trimmed) that starts
    /// with <paramref name="key"/> followed by a space or a tab, without a <c>//</c> comment, trimmed.
    /// </summary>
    internal static string LookupDirective(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key)
    {
        while (!content.IsEmpty)
        {
            var nl = content.IndexOf((byte)'\n');
            var line = nl < 0 ? content : content[..nl];
            content = nl < 0 ? default : content[(nl + 1)..];
            line = TrimSpace(line);
            if (line.StartsWith(key) && line.Length > key.Length && line[key.Length] is (byte)' ' or (byte)'\t')
            {
                var value = line[key.Length..];
                var comment = value.IndexOf("//"u8);
                if (comment >= 0)
                {
                    value = value[..comment];
                }

                return Encoding.UTF8.GetString(TrimSpace(value));
            }
        }

        return string.Empty;
    }

    private static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> s)
    {
        // Go's bytes.TrimSpace on ASCII white space (non-ASCII space never starts a directive we look for).
        static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';
        var start = 0;
        while (start < s.Length && IsSpace(s[start]))
        {
            start++;
        }

        var end = s.Length;
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    private static string? FindUp(string dir, string name, string? stopAtGoRoot)
    {
        while (true)
        {
            var candidate = Path.Join(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            var parent = Path.GetDirectoryName(dir);
            if (parent is null || parent == dir)
            {
                return null;
            }

            if (stopAtGoRoot is not null && PathEquals(parent, stopAtGoRoot))
            {
                return null;
            }

            dir = parent;
        }
    }

    /// <summary>Go's <c>os.TempDir</c>: TMPDIR (or /tmp) on Unix; TMP, TEMP or USERPROFILE on Windows.</summary>
    private static string? SystemTempDirectory()
    {
        string? dir;
        if (OperatingSystem.IsWindows())
        {
            dir = Environment.GetEnvironmentVariable("TMP");
            dir = string.IsNullOrEmpty(dir) ? Environment.GetEnvironmentVariable("TEMP") : dir;
            dir = string.IsNullOrEmpty(dir) ? Environment.GetEnvironmentVariable("USERPROFILE") : dir;
        }
        else
        {
            dir = Environment.GetEnvironmentVariable("TMPDIR");
            dir = string.IsNullOrEmpty(dir) ? "/tmp" : dir;
        }

        return string.IsNullOrEmpty(dir) ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
    }

    private static bool PathEquals(string a, string b)
        => string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
