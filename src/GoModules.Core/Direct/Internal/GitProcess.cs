using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Direct.Internal;

/// <summary>
/// Runs the git command line. The user's git configuration and credential helpers apply (the
/// environment is inherited), except that interactive prompts are turned off as the go command does
/// (<c>GIT_TERMINAL_PROMPT=0</c>, <c>GCM_INTERACTIVE=never</c>). Cancellation and the timeout kill the
/// whole process tree. What git prints is bounded: standard output to the caller's limit
/// (<see cref="MaxOutputBytes"/> unless given), standard error to <see cref="MaxErrorChars"/>; a git that
/// prints more (a remote can make <c>ls-remote</c> list refs without end) is killed and the command fails.
/// </summary>
internal sealed class GitProcess
{
    /// <summary>The most standard output kept from a command whose output is read whole (ls-remote, log, for-each-ref): 64 MiB.</summary>
    public const long MaxOutputBytes = 64L << 20;

    /// <summary>The most standard-error text kept; past it git is killed (a remote's messages are relayed there).</summary>
    public const int MaxErrorChars = 1 << 20;

    public GitProcess(string executable, TimeSpan timeout)
    {
        Executable = executable;
        Timeout = timeout;
    }

    public string Executable { get; }

    public TimeSpan Timeout { get; }

    /// <summary>
    /// Runs git and returns its standard output, or throws <see cref="GitCommandException"/> when it exits with a
    /// non-zero status or prints more than <paramref name="maxBytes"/>. With <paramref name="gitDirectory"/>, git
    /// runs with <c>GIT_DIR</c> set to it (a bare mirror), as the go command does so that
    /// <c>safe.bareRepository=explicit</c> does not stop it.
    /// </summary>
    public async Task<byte[]> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? gitDirectory = null, long maxBytes = MaxOutputBytes)
    {
        using var buffer = new MemoryStream();
        var n = await RunToAsync(workingDirectory, arguments, buffer, maxBytes, cancellationToken, gitDirectory).ConfigureAwait(false);
        if (n > maxBytes)
        {
            throw new GitCommandException(Describe(arguments), -1, GoModules.Kernel.SRFormat.Format(GoModules.Kernel.SR.GitOutputTooLarge, maxBytes), null) { OutputTooLarge = true };
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Runs git with its standard output copied to <paramref name="stdout"/> (at most <paramref name="maxBytes"/> + 1 bytes).
    /// Returns the number of bytes git printed; a result over <paramref name="maxBytes"/> means git was stopped there.
    /// </summary>
    public async Task<long> RunToAsync(string? workingDirectory, IReadOnlyList<string> arguments, Stream stdout, long maxBytes, CancellationToken cancellationToken, string? gitDirectory = null)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        if (gitDirectory is not null)
        {
            psi.Environment["GIT_DIR"] = gitDirectory;
        }

        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["GCM_INTERACTIVE"] = "never";
        if (!psi.Environment.ContainsKey("GIT_SSH") && !psi.Environment.ContainsKey("GIT_SSH_COMMAND"))
        {
            psi.Environment["GIT_SSH_COMMAND"] = "ssh -o ControlMaster=no -o BatchMode=yes";
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Timeout > TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeoutSource.CancelAfter(Timeout);
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new GitCommandException(Describe(arguments), -1, GoModules.Kernel.SRFormat.Format(GoModules.Kernel.SR.GitFailedToStart, ex.Message), ex);
        }

        process.StandardInput.Close();
        var token = timeoutSource.Token;
        using var kill = token.Register(static p => Kill((Process)p!), process);
        var stderrTask = ReadErrorAsync(process);
        long copied = 0;
        try
        {
            var chunk = new byte[81920];
            var source = process.StandardOutput.BaseStream;
            int n;
            while ((n = await source.ReadAsync(chunk, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                var room = maxBytes - copied;
                var take = room >= n ? n : (int)room + 1;
                await stdout.WriteAsync(chunk.AsMemory(0, take), CancellationToken.None).ConfigureAwait(false);
                copied += take;
                if (copied > maxBytes)
                {
                    // Over the limit: nothing more is read, and git is not left writing to a closed pipe.
                    Kill(process);
                    break;
                }
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (!process.HasExited)
            {
                Kill(process);
            }
        }

        var (stderr, stderrTooLong) = await stderrTask.ConfigureAwait(false);
        if (copied > maxBytes)
        {
            return copied;
        }

        if (token.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitCommandException(Describe(arguments), -1, GoModules.Kernel.SRFormat.Format(GoModules.Kernel.SR.GitTimedOut, Timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture)), null) { TimedOut = true };
        }

        if (stderrTooLong)
        {
            throw new GitCommandException(Describe(arguments), -1, GoModules.Kernel.SRFormat.Format(GoModules.Kernel.SR.GitErrorTooLarge, stderr, MaxErrorChars), null) { OutputTooLarge = true };
        }

        if (process.ExitCode != 0)
        {
            throw new GitCommandException(Describe(arguments), process.ExitCode, stderr, null);
        }

        return copied;
    }

    /// <summary>Reads standard error up to <see cref="MaxErrorChars"/>; past that, git is killed and the rest ignored.</summary>
    private static async Task<(string Text, bool TooLong)> ReadErrorAsync(Process process)
    {
        var reader = process.StandardError;
        var text = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            if (text.Length + n > MaxErrorChars)
            {
                text.Append(buffer, 0, MaxErrorChars - text.Length);
                Kill(process);
                return (text.ToString(), true);
            }

            text.Append(buffer, 0, n);
        }

        return (text.ToString(), false);
    }

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Could not be killed; it is exiting.
        }
    }

    private static string Describe(IReadOnlyList<string> arguments)
    {
        var sb = new StringBuilder("git");
        foreach (var a in arguments)
        {
            sb.Append(' ').Append(a);
        }

        return sb.ToString();
    }
}
