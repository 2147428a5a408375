namespace GoModules.Caching;

/// <summary>A progress report of <see cref="ModuleCache.TryDownloadAllAsync"/> and <see cref="ModuleCache.TryDownloadEachAsync"/>: bytes received for one module, or its completion.</summary>
public sealed class ModuleDownloadProgress
{
    internal ModuleDownloadProgress(ModuleVersion module, long bytesReceived, int completed, int total, ModuleDownloadResult? result)
    {
        Module = module;
        BytesReceived = bytesReceived;
        Completed = completed;
        Total = total;
        Result = result;
    }

    /// <summary>Gets the module version the report is about.</summary>
    /// <value>The module version.</value>
    public ModuleVersion Module { get; }

    /// <summary>Gets the number of zip bytes received so far for <see cref="Module"/>.</summary>
    /// <value>The byte count.</value>
    public long BytesReceived { get; }

    /// <summary>Gets how many module versions of the whole request have finished.</summary>
    /// <value>The count.</value>
    public int Completed { get; }

    /// <summary>Gets how many module versions were requested.</summary>
    /// <value>The count.</value>
    public int Total { get; }

    /// <summary>Gets the result when the report says <see cref="Module"/> has finished.</summary>
    /// <value>The result, or <see langword="null"/> while it is still downloading.</value>
    public ModuleDownloadResult? Result { get; }
}
