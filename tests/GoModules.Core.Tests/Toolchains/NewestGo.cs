using System.Diagnostics;

namespace GoModules.Tests.Toolchains;

/// <summary>
/// Finds the newest go command for the toolchain tests: GOMODULES_GO_NEWEST, else the copy that
/// tools/newest-go.sh installs under /opt/newest-go; without either the test is ignored, unless GOMODULES_REQUIRE_GO=1.
/// </summary>
internal static class NewestGo
{
    public const string Variable = "GOMODULES_GO_NEWEST";
    public const string DefaultPath = "/opt/newest-go/go-1.27/usr/lib/go-1.27/bin/go";

    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        return File.Exists(DefaultPath) ? DefaultPath : null;
    }

    public static string Require()
    {
        var go = Find();
        if (go is not null)
        {
            return go;
        }

        if (Environment.GetEnvironmentVariable("GOMODULES_REQUIRE_GO") == "1")
        {
            Assert.Fail($"the newest go is not installed ({Variable} unset, {DefaultPath} missing) but GOMODULES_REQUIRE_GO=1");
        }

        Assert.Ignore($"the newest go is not installed: set {Variable} or run tools/newest-go.sh");
        return null!;
    }

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
