namespace GoModules.Zip.Internal;

/// <summary>The file type bits of a Unix mode (<c>S_IFMT</c>), as <see cref="UnixFileType"/> reports them.</summary>
internal enum UnixFileKind
{
    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A symbolic link.</summary>
    SymbolicLink,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A character device.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,
}
