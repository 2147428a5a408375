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

    private static string Format(string command, string stderr)
    {
        var text = stderr.Trim();
        return text.Length == 0 ? command + ": failed" : command + ": " + text;
    }
}
