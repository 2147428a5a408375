using System;

namespace GoModules.Zip;

/// <summary>Options for <see cref="ModuleZipReader"/>.</summary>
public sealed class ModuleZipReadOptions
{
    /// <summary>Gets or sets the directory to extract the module into, or null to only verify and hash.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    /// <remarks>
    /// The directory must not exist or be empty. Files are written into a temporary directory beside
    /// it, which is renamed onto it only when the whole archive has been verified; files end up
    /// read-only (0444) and directories 0555. On any failure nothing is left behind.
    /// </remarks>
    public string? ExtractTo { get; set; }

    /// <summary>Gets or sets a receiver of progress: the number of archive bytes consumed so far.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IProgress<long>? Progress { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether entries whose mode says symbolic link are accepted instead of rejected.
    /// An accepted entry is extracted, as the go command's Unzip does, as a regular read-only file holding the entry's
    /// bytes (the link text), never as a link, and hashed as such.
    /// </summary>
    /// <value>
    /// The default value is <see langword="true"/>, as in the go command (it never writes such entries, but accepts them
    /// and extracts them to the same files); <see langword="false"/> rejects them.
    /// </value>
    public bool AllowSymbolicLinkEntries { get; set; } = true;

    /// <summary>Gets or sets how many entries the seekable reader inflates and hashes at once.</summary>
    /// <value>The default value is 0, meaning <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; set; }
}
