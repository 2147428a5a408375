using System.Diagnostics;

namespace GoModules.TestUtilities.Interop;

/// <summary>
/// Runs the real go command for interop tests: the newest go (the reference) unless a test names the release (the
/// cache-sharing tests run with both, see <see cref="GoInstalls.Both"/>). A missing go ignores the calling test with a
/// reason, unless GOMODULES_REQUIRE_GO=1, in which case it fails (CI installs both and sets it).
/// </summary>
public static class GoCommand
{
    public const string RequireVariable = GoInstalls.RequireVariable;

    private static readonly object ProbeLock = new();
    private static readonly Dictionary<string, string> Probes = new(StringComparer.Ordinal);

    /// <summary>A go build cache shared by every test run (kept between runs, so probes build once).</summary>
    public static string BuildCache { get; } = Path.Combine(Path.GetTempPath(), "gomodules-tests-gocache");

    /// <summary>The path of the go binary of <paramref name="release"/>, or ignores/fails the current test when there is none.</summary>
    public static string Require(GoRelease release = GoRelease.Newest) => GoInstalls.Require(release).Go;

    /// <summary>A minimal, hermetic environment for a go command: no network, no user configuration.</summary>
    public static Dictionary<string, string?> Environment_(string gopath, string modcache)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = gopath,
            ["GOPATH"] = gopath,
            ["GOMODCACHE"] = modcache,
            ["GOCACHE"] = BuildCache,
            ["GOFLAGS"] = "-modcacherw=false",
            ["GOPROXY"] = "off",
            ["GOSUMDB"] = "off",
            ["GONOSUMDB"] = null,
            ["GOPRIVATE"] = null,
            ["GONOPROXY"] = null,
            ["GOINSECURE"] = null,
            ["GOENV"] = "off",
            ["GO111MODULE"] = "on",
            ["GOTOOLCHAIN"] = "local",
            ["CGO_ENABLED"] = "0",
            ["GOWORK"] = "off",
            ["XDG_CONFIG_HOME"] = GoInstalls.QuietConfigDir,
        };
        return env;
    }

    /// <summary>
    /// The hermetic environment of a go command that fetches in direct mode from a loopback server only: GOPROXY=direct,
    /// no checksum database, <paramref name="host"/> private and insecure (plain HTTP), every HTTP request through the
    /// loopback proxy on <paramref name="loopbackProxyPort"/>, GOPATH, GOMODCACHE, GOCACHE and HOME under
    /// <paramref name="root"/>, no user or system go/git configuration, GOTOOLCHAIN=local.
    /// </summary>
    public static Dictionary<string, string?> DirectModeEnvironment(string root, string host, int loopbackProxyPort)
    {
        var home = Path.Combine(root, "gohome");
        Directory.CreateDirectory(home);
        var proxy = "http://127.0.0.1:" + loopbackProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GOTOOLCHAIN"] = "local",
            ["GOPROXY"] = "direct",
            ["GOSUMDB"] = "off",
            ["GONOPROXY"] = null,
            ["GONOSUMDB"] = null,
            ["GOINSECURE"] = host,
            ["GOPRIVATE"] = host,
            ["GOFLAGS"] = "-mod=mod",
            ["GO111MODULE"] = "on",
            ["GOENV"] = "off",
            ["GOVCS"] = null,
            ["GOROOT"] = null,
            ["GOPATH"] = Path.Combine(root, "gopath"),
            ["GOMODCACHE"] = Path.Combine(root, "gomodcache"),
            ["GOCACHE"] = Path.Combine(root, "gocache"),
            ["HOME"] = home,
            ["HTTP_PROXY"] = proxy,
            ["HTTPS_PROXY"] = proxy,
            ["NO_PROXY"] = null,
            ["http_proxy"] = null,
            ["https_proxy"] = null,
            ["no_proxy"] = null,
            ["GIT_CONFIG_GLOBAL"] = null,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        return env;
    }

    /// <summary>
    /// Runs go in <see cref="DirectModeEnvironment"/> from a fresh work directory under <paramref name="root"/>, for at
    /// most three minutes.
    /// </summary>
    public static (string Stdout, string Stderr) RunDirectMode(string go, string root, string host, int loopbackProxyPort, IEnumerable<string> args)
    {
        var work = Path.Combine(root, "gowork");
        Directory.CreateDirectory(work);
        var (_, stdout, stderr) = ProcessRunner.Run(go, args, work, DirectModeEnvironment(root, host, loopbackProxyPort), timeout: TimeSpan.FromMinutes(3));
        return (stdout, stderr);
    }

    /// <summary>What a finished process left: its exit code and both outputs.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private static Dictionary<string, string?> Hermetic(IReadOnlyDictionary<string, string> env)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["GOENV"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOTELEMETRY"] = "off",
            ["XDG_CONFIG_HOME"] = GoInstalls.QuietConfigDir,
            ["CGO_ENABLED"] = "0",
        };
        foreach (var (k, v) in env)
        {
            all[k] = v;
        }

        return all;
    }

    /// <summary>Runs a program with extra environment entries (a null value removes the variable).</summary>
    public static Result Run(string fileName, string workDir, IReadOnlyDictionary<string, string?> env, string? stdin, params string[] args)
    {
        var (exit, stdout, stderr) = ProcessRunner.Run(fileName, args, workDir, env, stdin);
        return new Result(exit, stdout, stderr);
    }

    /// <summary>
    /// Runs go with only the given environment over a bare base (PATH=/usr/bin:/bin, so no go1.X binaries a
    /// toolchain switch could find; telemetry and cgo off), as the toolchain-selection tests need; bounded by
    /// <paramref name="timeout"/>.
    /// </summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIsolated(string go, string workDir, IReadOnlyDictionary<string, string> env, TimeSpan timeout, params string[] args)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/bin:/bin",
            ["GOTELEMETRY"] = "off",
            ["CGO_ENABLED"] = "0",
        };
        foreach (var (k, v) in env)
        {
            all[k] = v;
        }

        return ProcessRunner.Run(go, args, workDir, all, timeout: timeout, cleanEnvironment: true);
    }

    /// <summary>
    /// A start description for a program (go, or one it built) in a hermetic environment: only PATH, GOENV=off,
    /// GOTOOLCHAIN=local, telemetry and cgo off and the quiet configuration folder, then <paramref name="env"/>.
    /// </summary>
    public static ProcessStartInfo HermeticStartInfo(string file, string workDir, IReadOnlyDictionary<string, string> env, params string[] args)
        => ProcessRunner.StartInfo(file, args, workDir, Hermetic(env), redirectInput: false, cleanEnvironment: true);

    /// <summary>Runs go to completion in the hermetic environment of <see cref="HermeticStartInfo"/>, within four minutes.</summary>
    public static Task<(int Exit, string Stdout, string Stderr)> RunHermeticAsync(string go, string workDir, IReadOnlyDictionary<string, string> env, params string[] args)
        => ProcessRunner.RunAsync(go, args, workDir, Hermetic(env), TimeSpan.FromMinutes(4), cleanEnvironment: true);

    /// <summary>Runs the newest go command.</summary>
    public static Result Go(string workDir, IReadOnlyDictionary<string, string?> env, params string[] args)
        => Run(Require(), workDir, env, null, args);

    /// <summary>Runs the go command of <paramref name="release"/>.</summary>
    public static Result Go(GoRelease release, string workDir, IReadOnlyDictionary<string, string?> env, params string[] args)
        => Run(Require(release), workDir, env, null, args);

    /// <summary>
    /// Builds (once per test run) a probe program from TestData/interop/&lt;name&gt; in GOPATH mode against the
    /// golang.org/x/mod sources of the newest go (its GOCODE tree), and returns the binary's path.
    /// </summary>
    public static string BuildProbe(string name)
    {
        var go = Require();
        lock (ProbeLock)
        {
            if (Probes.TryGetValue(name, out var built))
            {
                return built;
            }

            var gopath = GoInstalls.RequireGoCode();

            var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "interop", name);
            var output = Path.Combine(Path.GetTempPath(), "gomodules-tests-probes", name + "-" + Environment.ProcessId);
            var env = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["GO111MODULE"] = "off",
                ["GOPATH"] = gopath,
                ["GOCACHE"] = BuildCache,
                ["GOFLAGS"] = null,
                ["GOTOOLCHAIN"] = "local",
                ["CGO_ENABLED"] = "0",
            };
            var result = Run(go, source, env, null, "build", "-o", output, ".");
            Assert.That(result.ExitCode, Is.Zero, $"building probe {name}: {result}");
            Probes[name] = output;
            return output;
        }
    }
}
