using System;
using System.Collections.Generic;

namespace GoModules.ModFile;

/// <summary>The exception thrown when a go.mod file does not parse; lists every problem found.</summary>
/// <remarks>
/// A syntax error stops parsing at once (one error); directive errors are collected for the whole file, as
/// <c>modfile.Parse</c> does. The message is the errors' messages, one per line.
/// </remarks>
public sealed class GoModParseException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="GoModParseException"/> class.</summary>
    public GoModParseException()
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="GoModParseException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public GoModParseException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="GoModParseException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public GoModParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Initializes a new instance of the <see cref="GoModParseException"/> class from the problems found.</summary>
    /// <param name="errors">The problems; at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="errors"/> is <see langword="null"/>.</exception>
    public GoModParseException(IReadOnlyList<GoModError> errors)
        : base(Join(errors))
    {
        Errors = errors;
    }

    /// <summary>Gets the problems, in file order.</summary>
    /// <value>The errors.</value>
    public IReadOnlyList<GoModError> Errors { get; }

    private static string Join(IReadOnlyList<GoModError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var messages = new string[errors.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = errors[i].Message;
        }

        return string.Join('\n', messages);
    }
}
