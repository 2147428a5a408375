namespace GoModules.Zip.Internal;

/// <summary>What <see cref="CollisionChecker.Check"/> found.</summary>
internal enum CollisionResult
{
    /// <summary>No conflict.</summary>
    None,

    /// <summary>Equal to an earlier path under case folding but spelled differently.</summary>
    CaseCollision,

    /// <summary>The same spelling was seen once as a file and once as a directory.</summary>
    FileDirectoryConflict,

    /// <summary>The same file path twice.</summary>
    DuplicateFile,
}
