using System;

namespace GoModules.Cli.Commands;

/// <summary>Thrown by a command when its arguments are wrong; the table prints the message and the usage.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
