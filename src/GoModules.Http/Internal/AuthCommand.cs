using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Internal;

/// <summary>
/// The commands behind GOAUTH (a command method, <c>git credential fill</c>): split like a shell would and run as a
/// child process, bounded by the caller's cancellation.
/// </summary>
internal static class AuthCommand
{
    /// <summary>
    /// Runs a credential command to completion with <paramref name="stdin"/> on its standard input and returns its
    /// standard output, or <see langword="null"/> (logged, never with the output) when it cannot start or fails.
    /// Cancellation kills the command and everything it started.
    /// </summary>
    public static async ValueTask<string?> RunAsync(string file, IList<string> args, string? workingDirectory, string? stdin, KeyValuePair<string, string?>[]? environment, ILogger logger, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                psi.Environment.Remove(name);
            }
            else
            {
                psi.Environment[name] = value;
            }
        }

        Process? p = null;
        var exited = false;
        try
        {
            p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            var read = p.StandardOutput.ReadToEndAsync(cancellationToken);
            var err = p.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await p.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            p.StandardInput.Close();
            var output = await read.ConfigureAwait(false);
            _ = await err.ConfigureAwait(false);
            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            exited = true;
            if (p.ExitCode != 0)
            {
                Log.AuthMethodFailed(logger, file, "exit status " + p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return null;
            }

            return output;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            Log.AuthMethodFailed(logger, file, ex.Message);
            return null;
        }
        finally
        {
            if (p is not null)
            {
                if (!exited)
                {
                    // Cancelled (a caller gave up, a deadline passed) or failed while the command still runs: the
                    // command and everything it started are killed, never left behind.
                    KillTree(p);
                }

                p.Dispose();
            }
        }
    }

    /// <summary>Kills a process and its descendants, and waits (briefly, bounded) for it to be gone.</summary>
    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                _ = process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        catch (NotSupportedException)
        {
        }
    }

    /// <summary>Splits a command line with shell-like quoting ('…', "…", backslash escapes).</summary>
    public static List<string> SplitCommand(string command)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < command.Length)
                {
                    sb.Append(command[++i]);
                }
                else
                {
                    sb.Append(c);
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    result.Add(sb.ToString());
                    sb.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                sb.Append(command[++i]);
            }
            else
            {
                sb.Append(c);
            }
        }

        if (inWord)
        {
            result.Add(sb.ToString());
        }

        return result;
    }
}
