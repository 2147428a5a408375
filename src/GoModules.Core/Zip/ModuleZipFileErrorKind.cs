namespace GoModules.Zip;

/// <summary>Why a file was omitted from a module zip or is invalid in one.</summary>
public enum ModuleZipFileErrorKind
{
    /// <summary>Omitted: the file is inside a vendored package directory.</summary>
    Vendored,

    /// <summary>Omitted: the file is inside a directory holding another <c>go.mod</c>.</summary>
    SubmoduleFile,

    /// <summary>Omitted (directory walk): the directory holds another <c>go.mod</c>.</summary>
    SubmoduleDirectory,

    /// <summary>Omitted (directory walk): a <c>.bzr</c>, <c>.git</c>, <c>.hg</c> or <c>.svn</c> directory.</summary>
    VcsDirectory,

    /// <summary>Omitted: <c>.hg_archival.txt</c> at the module root.</summary>
    HgArchival,

    /// <summary>Omitted from a file list: a symbolic link. Invalid in an archive read by <see cref="ModuleZipReader"/>: a symbolic-link entry.</summary>
    SymbolicLink,

    /// <summary>Omitted: not a regular file (a directory, FIFO or device; in a directory walk also a symbolic link).</summary>
    NotRegular,

    /// <summary>Invalid: the path differs from its cleaned form.</summary>
    PathNotClean,

    /// <summary>Invalid: the path is absolute.</summary>
    PathNotRelative,

    /// <summary>Invalid: the path fails the file path rules.</summary>
    InvalidFilePath,

    /// <summary>Invalid: a root <c>go.mod</c> spelled in another case.</summary>
    GoModCase,

    /// <summary>Invalid (archive): a <c>go.mod</c> below the module root.</summary>
    GoModNotRoot,

    /// <summary>Invalid: the root <c>go.mod</c> is larger than <see cref="ModuleZipLimits.MaxGoMod"/>.</summary>
    GoModTooLarge,

    /// <summary>Invalid: the root <c>LICENSE</c> is larger than <see cref="ModuleZipLimits.MaxLicense"/>.</summary>
    LicenseTooLarge,

    /// <summary>Invalid: equal to an earlier path under case folding.</summary>
    CaseCollision,

    /// <summary>Invalid: a name used both as a file and as a directory.</summary>
    FileDirectoryConflict,

    /// <summary>Invalid: the same file path twice.</summary>
    DuplicateFile,

    /// <summary>Invalid (archive): the entry name does not start with <c>module@version/</c>.</summary>
    MissingPrefix,
}
