using System;

namespace GoModules.Direct.Internal;

/// <summary>The repository has no such revision (Go's <c>UnknownRevisionError</c>).</summary>
internal sealed class UnknownRevisionException : Exception
{
    public UnknownRevisionException(string revision, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Revision = revision;
    }

    public string Revision { get; }
}
