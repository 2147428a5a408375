namespace GoModules.Zip;

/// <summary>What kind of file system object a <see cref="ModuleZipSourceFile"/> is (as <c>lstat</c> reports it).</summary>
public enum ModuleZipFileType
{
    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link (not followed).</summary>
    SymbolicLink,

    /// <summary>Anything else: a FIFO, socket or device.</summary>
    Other,
}
