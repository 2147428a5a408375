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
/// whole process tree.
/// </summary>
internal sealed class GitProcess
{
    public GitProcess(string executable, TimeSpan timeout)
    {
        Executable = executable;
        Timeout = timeout;
    }

    public string Executable { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Runs git and returns its standard output, or throws <see cref="GitCommandException"/> when it exits with a non-zero status.</summary>
    public async Task<byte[]> RunAsync(string? workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await RunToAsync(workingDirectory, arguments, buffer, long.MaxValue, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Runs git with its standard output copied to <paramref name="stdout"/> (at most <paramref name="maxBytes"/> + 1 bytes).</summary>
    public async Task<long> RunToAsync(string? workingDirectory, IReadOnlyList<string> arguments, Stream stdout, long maxBytes, CancellationToken cancellationToken)
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
            throw new GitCommandException(Describe(arguments), -1, "git: " + ex.Message, ex);
        }

        process.StandardInput.Close();
        var token = timeoutSource.Token;
        using var kill = token.Register(static p => Kill((Process)p!), process);
        var stderrTask = process.StandardError.ReadToEndAsync(CancellationToken.None);
        long copied = 0;
        try
        {
            var chunk = new byte[81920];
            var source = process.StandardOutput.BaseStream;
            int n;
            while ((n = await source.ReadAsync(chunk, CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                if (copied <= maxBytes)
                {
                    var room = maxBytes - copied;
                    var take = room >= n ? n : (int)room + 1;
                    await stdout.WriteAsync(chunk.AsMemory(0, take), CancellationToken.None).ConfigureAwait(false);
                }

                copied += n;
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

        var stderr = await stderrTask.ConfigureAwait(false);
        if (token.IsCancellationRequested)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitCommandException(Describe(arguments), -1, "git timed out after " + Timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture), null) { TimedOut = true };
        }

        if (process.ExitCode != 0)
        {
            throw new GitCommandException(Describe(arguments), process.ExitCode, stderr, null);
        }

        return copied;
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
