using System.Diagnostics;

namespace GoModules.TestUtilities;

/// <summary>
/// Runs a program (gomod, dotnet, go, git) as a child process to completion, capturing both outputs. Every runner of
/// the tests goes through here: an environment value of <see langword="null"/> removes that variable, a clean
/// environment starts from nothing but the given entries, and a timeout kills the whole process tree and fails the
/// calling test.
/// </summary>
public static class ProcessRunner
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

    /// <summary>
    /// Runs <paramref name="file"/> to completion. With a <paramref name="timeout"/>, a process still running then is
    /// killed with its children and the calling test fails.
    /// </summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string file,
        IEnumerable<string> args,
        string? workDir = null,
        IReadOnlyDictionary<string, string?>? env = null,
        TimeSpan? timeout = null,
        bool cleanEnvironment = false)
    {
        var psi = StartInfo(file, args, workDir, env, redirectInput: false, cleanEnvironment);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
        try
        {
            await p.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(p);
            Assert.Fail($"{Describe(psi)} did not finish within {timeout}");
        }

        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs <paramref name="file"/> to completion, synchronously, writing <paramref name="stdin"/> (when not
    /// <see langword="null"/>) to its standard input. A timeout behaves as in <see cref="RunAsync"/>.
    /// </summary>
    public static (int Exit, string Stdout, string Stderr) Run(
        string file,
        IEnumerable<string> args,
        string? workDir = null,
        IReadOnlyDictionary<string, string?>? env = null,
        string? stdin = null,
        TimeSpan? timeout = null,
        bool cleanEnvironment = false)
    {
        var psi = StartInfo(file, args, workDir, env, redirectInput: stdin is not null, cleanEnvironment);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
        {
            Kill(p);
            Assert.Fail($"{Describe(psi)} did not finish within {timeout}");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// A start description with both outputs redirected; an environment value of <see langword="null"/> removes that
    /// variable, and <paramref name="cleanEnvironment"/> starts from an empty environment instead of this process's.
    /// </summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string? workDir, IReadOnlyDictionary<string, string?>? env, bool redirectInput, bool cleanEnvironment = false)
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

        if (cleanEnvironment)
        {
            psi.Environment.Clear();
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

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        p.WaitForExit();
    }

    private static string Describe(ProcessStartInfo psi) => string.Join(' ', [Path.GetFileName(psi.FileName), .. psi.ArgumentList]);
}
