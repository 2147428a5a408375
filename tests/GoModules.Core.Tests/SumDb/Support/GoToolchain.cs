using System.Diagnostics;

namespace GoModules.Tests.SumDb.Support;

/// <summary>
/// Runs the go command for the checksum-database interop tests, asynchronously and in a clean environment;
/// finding it (and ignoring or failing without it) is <see cref="Interop.GoCommand"/>'s.
/// </summary>
internal static class GoToolchain
{
    public const string RequireVariable = Interop.GoCommand.RequireVariable;

    /// <summary>The path of the go binary (the newest unless named), or ignores/fails the current test when there is none (see <see cref="Interop.GoCommand.Require"/>).</summary>
    public static string Require(Interop.GoRelease release = Interop.GoRelease.Newest) => Interop.GoCommand.Require(release);

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
        psi.Environment["XDG_CONFIG_HOME"] = Interop.GoInstalls.QuietConfigDir;
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
