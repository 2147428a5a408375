using System.Diagnostics;

namespace GoModules.Tests.Cli;

/// <summary>Runs a program (gomod, dotnet) as a child process to completion, capturing both outputs.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// The environment for a gomod process that sees only the given Go settings: GOENV off, HOME and GOPATH under
    /// <paramref name="home"/>, and none of the inherited variables that would change which proxy or database it asks.
    /// </summary>
    public static Dictionary<string, string?> GomodEnvironment(string home, string gopath, string modcache, string goproxy, string gosumdb) => new(StringComparer.Ordinal)
    {
        ["GOENV"] = "off",
        ["HOME"] = home,
        ["GOPATH"] = gopath,
        ["GOMODCACHE"] = modcache,
        ["GOPROXY"] = goproxy,
        ["GOSUMDB"] = gosumdb,
        ["GONOPROXY"] = null,
        ["GOPRIVATE"] = null,
        ["GONOSUMDB"] = null,
        ["GOFLAGS"] = null,
        ["GOINSECURE"] = null,
        ["GOAUTH"] = null,
        ["NETRC"] = null,
    };

    /// <summary>Runs <paramref name="file"/>; an environment value of <see langword="null"/> removes that variable.</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string? workDir = null, IReadOnlyDictionary<string, string?>? env = null)
    {
        using var p = Process.Start(StartInfo(file, args, workDir, env, redirectInput: false))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>A start description with both outputs redirected; an environment value of <see langword="null"/> removes that variable.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string? workDir, IReadOnlyDictionary<string, string?>? env, bool redirectInput)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput, UseShellExecute = false };
        if (workDir is not null)
        {
            psi.WorkingDirectory = workDir;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        return psi;
    }
}
