namespace GoModules.Zip.Internal;

/// <summary>What an archive entry turned out to be.</summary>
internal enum EntryVerdict
{
    /// <summary>The <c>module@version/</c> entry itself: skipped.</summary>
    PrefixEntry,

    /// <summary>A valid directory entry.</summary>
    Directory,

    /// <summary>A valid file entry (sizes still to be checked).</summary>
    File,

    /// <summary>Invalid; see the error.</summary>
    Invalid,
}
