using System;

namespace GoModules.ModFile.Internal;

/// <summary>A syntax error found while lexing or parsing; carries the position Go reports.</summary>
internal sealed class ModSyntaxException : Exception
{
    public ModSyntaxException()
    {
    }

    public ModSyntaxException(string message)
        : base(message)
    {
    }

    public ModSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModSyntaxException(ModPosition position, string message)
        : base(message)
    {
        Position = position;
    }

    public ModPosition Position { get; }
}
