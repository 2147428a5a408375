using System.Diagnostics;

namespace GoModules.Tests.SumDb.Support;

/// <summary>
/// Finds the go command for interop tests. Without it the test is ignored with the reason, unless
/// GOMODULES_REQUIRE_GO=1, which turns absence into a failure (for CI machines that must run them).
/// </summary>
internal static class GoToolchain
{
    public const string RequireVariable = "GOMODULES_REQUIRE_GO";

    private static readonly Lazy<string?> GoPath = new(Find);

    public static string Require()
    {
        var go = GoPath.Value;
        if (go is not null)
        {
            return go;
        }

        const string Reason = "the go command is not on PATH; interop with Go is not checked (set GOMODULES_REQUIRE_GO=1 to make this a failure)";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(Reason);
        }

        Assert.Ignore(Reason);
        return null!;
    }

    private static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "go.exe" : "go");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A clean environment for the go command: only what it needs, everything else from <paramref name="env"/>.</summary>
    public static ProcessStartInfo StartInfo(string go, string workDir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(go)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOTELEMETRY"] = "off";
        psi.Environment["CGO_ENABLED"] = "0";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        return psi;
    }

    /// <summary>Runs the go command to completion.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string go, string workDir, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        using var p = Process.Start(StartInfo(go, workDir, env, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        return (p.ExitCode, await stdout, await stderr);
    }
}
