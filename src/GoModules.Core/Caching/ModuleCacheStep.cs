namespace GoModules.Caching;

/// <summary>
/// A step of the download protocol of <see cref="ModuleCache"/>, reported through
/// <see cref="ModuleCacheOptions.StepCompleted"/> right after it completes. Together the steps say how far a download
/// got, so that a test can stop a process between any two of them and check that the cache holds either nothing usable
/// or a complete entry.
/// </summary>
public enum ModuleCacheStep
{
    /// <summary>The version's <c>.lock</c> file is held: downloading or extracting starts.</summary>
    LockAcquired,

    /// <summary>The <c>.info</c> file was written (through a temporary file and a rename).</summary>
    InfoWritten,

    /// <summary>The <c>.mod</c> file was written (through a temporary file and a rename).</summary>
    GoModWritten,

    /// <summary>The <c>list</c> file was rewritten after a new <c>.mod</c> file.</summary>
    ListWritten,

    /// <summary>The temporary file that receives the zip was created next to the final <c>.zip</c>.</summary>
    ZipTempCreated,

    /// <summary>The whole zip was received, checked, hashed and (when asked) extracted into a staging directory.</summary>
    ZipStreamed,

    /// <summary>The <c>.ziphash</c> file was written.</summary>
    ZipHashWritten,

    /// <summary>The temporary zip was renamed to its final <c>.zip</c> name.</summary>
    ZipRenamed,

    /// <summary>Whatever stood where the extracted directory belongs (a partial extraction, a link) was removed.</summary>
    OldDirectoryRemoved,

    /// <summary>The staging directory was renamed to <c>path@version</c>: the extraction is complete.</summary>
    DirectoryPlaced,
}
