using System;

namespace GoModules;

/// <summary>
/// A module source answered, but no version of the module satisfies the query (Go's
/// <c>NoMatchingVersionError</c>), for example an empty <c>@v/list</c> with no <c>@latest</c>.
/// </summary>
/// <remarks>
/// Deliberately not a <see cref="ModuleNotFoundException"/>: like the go command, a GOPROXY entry
/// followed by <c>,</c> does not fall back to the next entry after this answer.
/// </remarks>
public sealed class NoMatchingVersionException : GoModuleException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    public NoMatchingVersionException(string message)
        : base(message, null)
    {
        Query = string.Empty;
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message, in the go command's wording.</param>
    /// <param name="innerException">The underlying error, or <see langword="null"/>.</param>
    public NoMatchingVersionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Query = string.Empty;
    }

    internal NoMatchingVersionException(string message, string query, ModuleVersion module)
        : base(message, module, null, ModuleFetchFailure.NoMatchingVersion, null, null, null)
    {
        Query = query;
    }

    /// <summary>Gets the version query that matched nothing, such as <c>latest</c>.</summary>
    /// <value>The default value is the empty string.</value>
    public string Query { get; }
}
