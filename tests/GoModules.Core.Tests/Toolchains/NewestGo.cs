using System.Diagnostics;
using GoModules.Tests.Interop;

namespace GoModules.Tests.Toolchains;

/// <summary>
/// The newest go command for the toolchain tests, found as every interop test finds it (<see cref="GoInstalls"/>:
/// GOMODULES_GO_NEWEST or newest-go.sh's default folder; ignored without it unless GOMODULES_REQUIRE_GO=1).
/// </summary>
internal static class NewestGo
{
    public static string? Find() => GoInstalls.Find(GoRelease.Newest)?.Go;

    public static string Require() => GoInstalls.Require(GoRelease.Newest).Go;

    /// <summary>The go command's own GOROOT (its binary is GOROOT/bin/go).</summary>
    public static string GoRoot(string go) => Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(go)))!;

    /// <summary>Runs go with only the given environment (plus PATH without any go1.X binaries).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string go, string workDir, IReadOnlyDictionary<string, string> env, TimeSpan timeout, params string[] args)
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
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["GOTELEMETRY"] = "off";
        psi.Environment["CGO_ENABLED"] = "0";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"go {string.Join(' ', args)} did not finish within {timeout}");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
