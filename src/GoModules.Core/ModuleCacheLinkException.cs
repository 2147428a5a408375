using System;
using System.IO;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// The module cache was about to create or write a file and found a symbolic link where the file belongs. The cache
/// never writes through a link (a link planted there could point anywhere outside the cache), so the operation
/// fails and the link and what it points to are left as they are. The message names the path.
/// </summary>
/// <remarks>
/// Part of the <see cref="GoModuleException"/> family (it used to be an <see cref="IOException"/>);
/// <see cref="GoModuleException.Failure"/> is <see cref="ModuleFetchFailure.CacheSymbolicLink"/> and <see cref="FilePath"/>
/// says where the link is.
/// </remarks>
public sealed class ModuleCacheLinkException : GoModuleException
{
    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    public ModuleCacheLinkException()
        : this(SR.CacheRefuseSymbolicLinkShort)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ModuleCacheLinkException(string message)
        : base(message, null, null, ModuleFetchFailure.CacheSymbolicLink, null, null, null)
    {
        FilePath = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="ModuleCacheLinkException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModuleCacheLinkException(string message, Exception? innerException)
        : base(message, null, null, ModuleFetchFailure.CacheSymbolicLink, null, null, innerException)
    {
        FilePath = string.Empty;
    }

    private ModuleCacheLinkException(string filePath, bool _)
        : base(SRFormat.Format(SR.CacheRefuseSymbolicLink, filePath), null, null, ModuleFetchFailure.CacheSymbolicLink, null, null, null)
    {
        FilePath = filePath;
    }

    /// <summary>Gets the path where the link was found (empty when not known).</summary>
    /// <value>An absolute path inside the module cache.</value>
    public string FilePath { get; }

    private ModuleCacheLinkException(string filePath, string message, ModuleVersion module, Exception innerException)
        : base(message, module, null, ModuleFetchFailure.CacheSymbolicLink, null, null, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The same error about a module version: <c>path@version: </c> before the message.</summary>
    internal ModuleCacheLinkException ForModule(ModuleVersion module) => new(FilePath, module.ToString() + ": " + Message, module, this);

    /// <summary>The exception for a link found at <paramref name="filePath"/>.</summary>
    internal static ModuleCacheLinkException At(string filePath) => new(filePath, true);
}
