using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using GoModules.Kernel;
using GoModules.Patterns;

namespace GoModules;

/// <summary>
/// An immutable snapshot of the go command's module settings (GOPROXY, GOPRIVATE, GONOPROXY,
/// GONOSUMDB, GOINSECURE, GOSUMDB, GOPATH, GOMODCACHE, GOFLAGS, GOAUTH, NETRC), resolved from
/// environment variables and the go env file with the go command's precedence and defaults.
/// </summary>
/// <remarks>
/// <para>Resolution rules (go 1.19 <c>cmd/go/internal/cfg</c>):</para>
/// <list type="bullet">
/// <item><description>A setting is read from the environment first; when the variable is unset
/// <em>or empty</em> it is read from the go env file (what <c>go env -w</c> writes); when that is
/// empty too, the default applies. An empty value never overrides anything.</description></item>
/// <item><description>The go env file is <c>$GOENV</c> when set (<c>GOENV=off</c> disables it), else
/// <c>go/env</c> in the user configuration directory: <c>$XDG_CONFIG_HOME</c> or <c>$HOME/.config</c> on
/// Unix, <c>$HOME/Library/Application Support</c> on macOS, <c>%AppData%</c> on Windows. GOENV itself and
/// NETRC are only read from the environment. Each file line is <c>NAME=value</c>, taken literally
/// (no quotes, no trimming); lines without <c>=</c> or not starting with A-Z are ignored; the last
/// line for a name wins.</description></item>
/// <item><description>Defaults: GOPROXY <c>https://proxy.golang.org,direct</c>; GOSUMDB <c>sum.golang.org</c>;
/// GONOPROXY and GONOSUMDB the value of GOPRIVATE; GOPATH <c>$HOME/go</c> (<c>%USERPROFILE%\go</c> on
/// Windows; empty when there is no home directory); GOMODCACHE the first GOPATH entry plus
/// <c>/pkg/mod</c>; GOAUTH <c>netrc</c>; NETRC <c>$HOME/.netrc</c> (<c>%USERPROFILE%\_netrc</c> on Windows).</description></item>
/// </list>
/// <para>
/// Reading the process environment and the file happens only in <see cref="FromProcess"/> and
/// <see cref="Load"/>; <see cref="FromVariables"/> is pure. Problems with a value (an invalid GOPROXY,
/// a malformed GOFLAGS) do not stop the snapshot from being built, as <c>go env</c> still works with
/// them: a malformed GOFLAGS is reported by <see cref="GoFlagsError"/>, an invalid GOPROXY by
/// <c>ProxyChain.TryFromEnvironment</c> (GoModules.Fetching), which parses the list.
/// See <c>go help environment</c> and https://go.dev/ref/mod#environment-variables.
/// </para>
/// </remarks>
public sealed partial class GoEnvironment
{
    /// <summary>The default of GOSUMDB.</summary>
    public const string DefaultGoSumDb = "sum.golang.org";

    /// <summary>The default of GOAUTH (Go 1.24 and later; earlier releases always behave as <c>netrc</c>).</summary>
    public const string DefaultGoAuth = "netrc";

    /// <summary>The default of GOPROXY.</summary>
    public const string DefaultGoProxy = "https://proxy.golang.org,direct";

    private GoEnvironment(Func<string, string?> process, IReadOnlyDictionary<string, string> file, string? envFile, HostPlatform platform, string? goRoot, IReadOnlyDictionary<string, string> rootFile)
    {
        // Environment, then the user's go env file, then $GOROOT/go.env (Go 1.21), then the built-in default. An
        // empty value in the environment does not hide the next layer; GOROOT/go.env never sets what the user file
        // names at all.
        string Get(string name) => LayeredSetting(name, process, file, rootFile);

        string GetOr(string name, string fallback)
        {
            var value = Get(name);
            return value.Length != 0 ? value : fallback;
        }

        EnvFile = envFile;
        GoRoot = goRoot;
        GoRootEnvFile = goRoot is null ? null : GoFilePath.Join(goRoot, "go.env", platform);
        GoProxy = GetOr("GOPROXY", DefaultGoProxy);
        GoSumDb = GetOr("GOSUMDB", DefaultGoSumDb);
        GoPrivate = Get("GOPRIVATE");
        GoNoProxy = GetOr("GONOPROXY", GoPrivate);
        GoNoSumDb = GetOr("GONOSUMDB", GoPrivate);
        GoInsecure = Get("GOINSECURE");
        GoAuth = GetOr("GOAUTH", DefaultGoAuth);

        var home = process(platform == HostPlatform.Windows ? "USERPROFILE" : "HOME") ?? string.Empty;
        GoPath = GetOr("GOPATH", DefaultGoPath(home, process("GOROOT"), platform));
        GoPathList = [.. GoFilePath.SplitList(GoPath, platform)];
        GoModCache = GetOr("GOMODCACHE", GoPathList.Length == 0 || GoPathList[0].Length == 0
            ? string.Empty
            : GoFilePath.Join(GoPathList[0], "pkg/mod", platform));

        var netrc = process("NETRC");
        NetrcPath = !string.IsNullOrEmpty(netrc) ? netrc
            : home.Length == 0 ? string.Empty
            : GoFilePath.Join(home, platform == HostPlatform.Windows ? "_netrc" : ".netrc", platform);

        GoFlags = Get("GOFLAGS");
        GoToolchain = Get("GOTOOLCHAIN");
        ParseGoFlags(GoFlags, out var modCacheReadWrite, out var modMode, out var goFlagsError);
        ModCacheReadWrite = modCacheReadWrite;
        ModMode = modMode;
        GoFlagsError = goFlagsError;

        PrivatePatterns = PathPatternList.Parse(GoPrivate);
        NoProxyPatterns = PathPatternList.Parse(GoNoProxy);
        NoSumDbPatterns = PathPatternList.Parse(GoNoSumDb);
        InsecurePatterns = PathPatternList.Parse(GoInsecure);
        Platform = platform;
    }

    /// <summary>Gets the path of the go env file that was consulted.</summary>
    /// <value>The file name, or <see langword="null"/> when GOENV is <c>off</c> or no configuration
    /// directory is known. The file need not exist.</value>
    public string? EnvFile { get; }

    /// <summary>Gets the Go root whose <c>go.env</c> file supplies defaults (Go 1.21 and later).</summary>
    /// <value>
    /// GOROOT from the user's go env file or the environment; else, when settings are loaded from the file system, the
    /// root of the <c>go</c> found on PATH, found as the go command finds its own (the directory two levels above the
    /// binary, or three, that holds <c>pkg/tool</c>, symbolic links followed, nothing run); <see langword="null"/> on a
    /// host without a toolchain, where the built-in defaults apply.
    /// </value>
    public string? GoRoot { get; }

    /// <summary>Gets the path of <c>$GOROOT/go.env</c>, the layer between the user's go env file and the built-in defaults.</summary>
    /// <value>The path, or <see langword="null"/> when <see cref="GoRoot"/> is unknown.</value>
    public string? GoRootEnvFile { get; }

    /// <summary>Gets the effective GOPROXY text.</summary>
    /// <value>The default is <c>https://proxy.golang.org,direct</c>.</value>
    public string GoProxy { get; }

    /// <summary>Gets the effective GOSUMDB: the checksum database name (and optional key and URL), or <c>off</c>.</summary>
    /// <value>The default is <c>sum.golang.org</c>.</value>
    public string GoSumDb { get; }

    /// <summary>Gets GOPRIVATE: globs of private module paths. It only supplies the defaults of
    /// GONOPROXY and GONOSUMDB.</summary>
    /// <value>The default is the empty string.</value>
    public string GoPrivate { get; }

    /// <summary>Gets the effective GONOPROXY: globs of module paths never fetched through a proxy.</summary>
    /// <value>The default is the value of GOPRIVATE. An empty GONOPROXY does not disable that default;
    /// use a pattern that matches nothing, conventionally <c>none</c>.</value>
    public string GoNoProxy { get; }

    /// <summary>Gets the effective GONOSUMDB: globs of module paths not checked against the checksum database.</summary>
    /// <value>The default is the value of GOPRIVATE.</value>
    public string GoNoSumDb { get; }

    /// <summary>Gets GOINSECURE: globs of module paths whose direct (non-proxy) fetches may use
    /// plain HTTP and skip certificate checks. It does not affect proxies or checksums.</summary>
    /// <value>The default is the empty string.</value>
    public string GoInsecure { get; }

    /// <summary>Gets GOAUTH, the authentication commands (Go 1.24 and later).</summary>
    /// <value>The default is <c>netrc</c>.</value>
    public string GoAuth { get; }

    /// <summary>Gets the effective GOPATH list, as <c>go env GOPATH</c> prints it (not cleaned).</summary>
    /// <value>The default is <c>$HOME/go</c> (<c>%USERPROFILE%\go</c> on Windows), or the empty string
    /// when there is no home directory or it would equal GOROOT.</value>
    public string GoPath { get; }

    /// <summary>Gets the entries of <see cref="GoPath"/>, split with the platform's list separator
    /// (<c>:</c>, or <c>;</c> with double-quote protection on Windows).</summary>
    /// <value>The entries; empty when GOPATH is empty.</value>
    public ImmutableArray<string> GoPathList { get; }

    /// <summary>Gets the effective GOMODCACHE, the module cache root.</summary>
    /// <value>The default is the first GOPATH entry joined with <c>pkg/mod</c> and cleaned; the empty
    /// string when GOPATH is empty. The go command refuses a relative value when it uses the cache.</value>
    public string GoModCache { get; }

    /// <summary>Gets the path of the netrc file that supplies credentials (NETRC, from the environment only).</summary>
    /// <value>The default is <c>$HOME/.netrc</c> (<c>%USERPROFILE%\_netrc</c> on Windows); the empty string
    /// when there is no home directory.</value>
    public string NetrcPath { get; }

    /// <summary>Gets GOFLAGS, the space-separated default flags of the go command.</summary>
    /// <value>The default is the empty string.</value>
    public string GoFlags { get; }

    /// <summary>Gets GOTOOLCHAIN as set (the environment, the go env file, then <c>$GOROOT/go.env</c>), not yet parsed.</summary>
    /// <value>The empty string when it is set nowhere (the go command then keeps running its own toolchain).</value>
    public string GoToolchain { get; }

    /// <summary>Gets a value indicating whether GOFLAGS sets <c>-modcacherw</c>
    /// (leave new module cache directories writable).</summary>
    /// <value><see langword="true"/> when the last <c>-modcacherw</c> in GOFLAGS is set to true.</value>
    public bool ModCacheReadWrite { get; }

    /// <summary>Gets the value of <c>-mod=</c> in GOFLAGS (<c>readonly</c>, <c>vendor</c> or <c>mod</c>; not validated).</summary>
    /// <value>The last value given, or <see langword="null"/> when GOFLAGS does not set it (or sets it to
    /// the empty string, which the go command treats as unset).</value>
    public string? ModMode { get; }

    /// <summary>
    /// Gets the go command's error for a malformed GOFLAGS: a word that is not a flag, a bad boolean
    /// for <c>-modcacherw</c>, or <c>-mod</c> without a value. The go command reports the last two only
    /// in commands that have the flag (<c>go mod download</c> has no <c>-mod</c>). Flags other than those
    /// two are not checked; the go command also rejects names that none of its commands know.
    /// </summary>
    /// <value>The first error, or <see langword="null"/> when GOFLAGS is acceptable.</value>
    public string? GoFlagsError { get; }

    /// <summary>Gets the parsed GOPRIVATE patterns.</summary>
    /// <value>The patterns of <see cref="GoPrivate"/>.</value>
    public PathPatternList PrivatePatterns { get; }

    /// <summary>Gets the parsed GONOPROXY patterns.</summary>
    /// <value>The patterns of <see cref="GoNoProxy"/>.</value>
    public PathPatternList NoProxyPatterns { get; }

    /// <summary>Gets the parsed GONOSUMDB patterns.</summary>
    /// <value>The patterns of <see cref="GoNoSumDb"/>.</value>
    public PathPatternList NoSumDbPatterns { get; }

    /// <summary>Gets the parsed GOINSECURE patterns.</summary>
    /// <value>The patterns of <see cref="GoInsecure"/>.</value>
    public PathPatternList InsecurePatterns { get; }

    /// <summary>Gets the platform whose path rules the settings follow (GOPROXY's file paths, for one).</summary>
    internal HostPlatform Platform { get; }

    /// <summary>Reads the settings of this process: its environment variables and the go env file they point to.</summary>
    /// <returns>The snapshot.</returns>
    /// <remarks>An unreadable or missing go env file is ignored, as the go command ignores it.</remarks>
    public static GoEnvironment FromProcess()
    {
        var platform = HostPlatforms.Current;
        var comparer = platform == HostPlatform.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var variables = new Dictionary<string, string?>(comparer);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return LoadCore(variables, platform);
    }

    /// <summary>Builds the settings from the given environment variables, reading the go env file they point to.</summary>
    /// <param name="variables">The environment variables (names are case-insensitive on Windows).</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is <see langword="null"/>.</exception>
    /// <remarks>An unreadable or missing go env file is ignored, as the go command ignores it.</remarks>
    public static GoEnvironment Load(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return LoadCore(variables, HostPlatforms.Current);
    }

    /// <summary>Builds the settings from environment variables and the text of a go env file, without any I/O.</summary>
    /// <param name="variables">The environment variables (names are case-insensitive on Windows).</param>
    /// <param name="envFileContent">The content of the go env file, or <see langword="null"/> for none.
    /// Ignored when <paramref name="variables"/> sets GOENV to <c>off</c>.</param>
    /// <param name="goRootEnvFileContent">The content of <c>$GOROOT/go.env</c>, or <see langword="null"/> for none; used
    /// only when GOROOT is set (in the go env file or <paramref name="variables"/>).</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is <see langword="null"/>.</exception>
    public static GoEnvironment FromVariables(IReadOnlyDictionary<string, string?> variables, string? envFileContent = null, string? goRootEnvFileContent = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return FromVariablesCore(variables, envFileContent, HostPlatforms.Current, null, goRootEnvFileContent);
    }

    /// <summary>Returns where the go command looks for its go env file, without touching the file system.</summary>
    /// <param name="variables">The environment variables.</param>
    /// <returns>GOENV when set and not <c>off</c>; else <c>go/env</c> in the user configuration directory;
    /// <see langword="null"/> when GOENV is <c>off</c> or no configuration directory is known.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="variables"/> is <see langword="null"/>.</exception>
    public static string? GetEnvFilePath(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return GetEnvFilePathCore(variables, HostPlatforms.Current);
    }

    internal static GoEnvironment LoadCore(IReadOnlyDictionary<string, string?> variables, HostPlatform platform)
    {
        var path = GetEnvFilePathCore(variables, platform);
        var content = path is null ? null : ReadOptional(path);
        var lookup = CreateLookup(variables, platform);
        var goRoot = GoRootSetting(lookup, path is null || content is null ? null : ParseEnvFile(content), platform)
            ?? FindGoRootOnPath(lookup("PATH"), platform);
        var rootContent = goRoot is null ? null : ReadOptional(GoFilePath.Join(goRoot, "go.env", platform));
        return FromVariablesCore(variables, content, platform, goRoot, rootContent);
    }

    internal static GoEnvironment FromVariablesCore(IReadOnlyDictionary<string, string?> variables, string? envFileContent, HostPlatform platform, string? goRoot = null, string? goRootEnvFileContent = null)
    {
        var lookup = CreateLookup(variables, platform);
        var envFile = ResolveEnvFilePath(lookup, platform);
        var file = envFile is null || envFileContent is null
            ? (IReadOnlyDictionary<string, string>)ImmutableDictionary<string, string>.Empty
            : ParseEnvFile(envFileContent);
        goRoot ??= GoRootSetting(lookup, file, platform);
        var rootFile = goRoot is null || goRootEnvFileContent is null
            ? (IReadOnlyDictionary<string, string>)ImmutableDictionary<string, string>.Empty
            : ParseEnvFile(goRootEnvFileContent);
        return new GoEnvironment(lookup, file, envFile, platform, goRoot, rootFile);
    }
}
