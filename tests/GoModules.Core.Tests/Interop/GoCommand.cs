using System.Diagnostics;

namespace GoModules.Tests.Interop;

/// <summary>
/// Runs the real go command for interop tests: the newest go (the reference) unless a test names the release (the
/// cache-sharing tests run with both, see <see cref="GoInstalls.Both"/>). A missing go ignores the calling test with a
/// reason, unless GOMODULES_REQUIRE_GO=1, in which case it fails (CI installs both and sets it).
/// </summary>
internal static class GoCommand
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

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>Runs a program with extra environment entries (a null value removes the variable).</summary>
    public static Result Run(string fileName, string workDir, IReadOnlyDictionary<string, string?> env, string? stdin, params string[] args)
    {
        var psi = Cli.ProcessRunner.StartInfo(fileName, args, workDir, env, redirectInput: stdin is not null);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        p.WaitForExit();
        return new Result(p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

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
