using System;

namespace GoModules.Direct;

/// <summary>A GOVCS value is malformed.</summary>
public sealed class GoVcsFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="GoVcsFormatException"/> class.</summary>
    /// <param name="text">The GOVCS value.</param>
    /// <param name="message">The reason, in the go command's words.</param>
    public GoVcsFormatException(string text, string message)
        : base(message)
    {
        Text = text;
    }

    /// <summary>Gets the GOVCS value.</summary>
    public string Text { get; }
}
