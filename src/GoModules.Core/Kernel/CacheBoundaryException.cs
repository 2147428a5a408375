using System;
using System.IO;

namespace GoModules.Kernel;

/// <summary>
/// A cache operation refused a path that is not a real directory inside the module cache (a planted link or file on
/// the way). Kernel code cannot name the public exception family, so the cache turns this into a
/// ModuleCacheLinkException naming the module version.
/// </summary>
internal sealed class CacheBoundaryException : IOException
{
    public CacheBoundaryException(string message)
        : base(message)
    {
    }

    public CacheBoundaryException()
    {
    }

    public CacheBoundaryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
