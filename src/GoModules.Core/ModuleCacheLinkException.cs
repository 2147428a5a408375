using System;
using System.IO;

namespace GoModules;

/// <summary>
/// The module cache was about to create or write a file and found a symbolic link where the file belongs. The cache
/// never writes through a link (a link planted there could point anywhere outside the cache), so the operation
/// fails and the link and what it points to are left as they are. The message names the path.
/// </summary>
public sealed class ModuleCacheLinkException : IOException
{
    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    public ModuleCacheLinkException()
        : this("refusing to follow symbolic link")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ModuleCacheLinkException(string message)
        : base(message)
    {
        FilePath = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModuleCacheLinkException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    private ModuleCacheLinkException(string filePath, bool _)
        : base("refusing to follow symbolic link " + filePath + " in the module cache")
    {
        FilePath = filePath;
    }

    /// <summary>Gets the path where the link was found (empty when not known).</summary>
    /// <value>An absolute path inside the module cache.</value>
    public string FilePath { get; }

    /// <summary>The exception for a link found at <paramref name="filePath"/>.</summary>
    internal static ModuleCacheLinkException At(string filePath) => new(filePath, true);
}
