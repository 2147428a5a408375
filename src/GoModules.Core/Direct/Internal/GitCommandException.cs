using System;

namespace GoModules.Direct.Internal;

/// <summary>A git command failed: it exited with a non-zero status, could not start or timed out.</summary>
internal sealed class GitCommandException : Exception
{
    public GitCommandException(string command, int exitCode, string stderr, Exception? innerException)
        : base(Format(command, stderr), innerException)
    {
        Command = command;
        ExitCode = exitCode;
        Stderr = stderr;
    }

    public string Command { get; }

    public int ExitCode { get; }

    public string Stderr { get; }

    public bool TimedOut { get; init; }

    /// <summary>Gets a value indicating whether git printed more than its limit and was stopped.</summary>
    public bool OutputTooLarge { get; init; }

    private static string Format(string command, string stderr)
    {
        // git's standard error repeats what the remote said ("remote: ..."), and the command names the URL:
        // both are made safe for a terminal.
        var text = GoModules.Kernel.ServerText.Sanitize(stderr.Trim(), keepLineBreaks: true);
        command = GoModules.Kernel.ServerText.Sanitize(command);
        return text.Length == 0 ? command + ": failed" : command + ": " + text;
    }
}
