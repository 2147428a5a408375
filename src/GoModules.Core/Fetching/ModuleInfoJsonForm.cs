namespace GoModules.Fetching;

/// <summary>The forms in which <see cref="ModuleInfo.ToJson"/> writes a version's metadata.</summary>
public enum ModuleInfoJsonForm
{
    /// <summary>
    /// The <c>.info</c> file exactly as the go command writes it into <c>GOMODCACHE/cache/download</c> (its
    /// <c>writeDiskStat</c>), which is also what a GOPROXY serves: compact, <c>Version</c>, <c>Time</c> and the
    /// <c>Origin</c> without <c>TagPrefix</c>, <c>TagSum</c> and <c>RepoSum</c> (and without <c>Ref</c> for a
    /// pseudo-version).
    /// </summary>
    CacheFile,

    /// <summary>
    /// Compact, with <c>Version</c>, <c>Time</c>, the whole <c>Origin</c>, and <see cref="ModuleInfo.Name"/> and
    /// <see cref="ModuleInfo.Short"/> when set (fields the go command never writes, read back by
    /// <see cref="ModuleInfo.TryParse"/>): for a transport that answers from a repository.
    /// </summary>
    Complete,

    /// <summary>
    /// Indented with tabs as the go command's <c>-json</c> listings (<c>json.MarshalIndent</c>): <c>Path</c> (when
    /// given), <c>Version</c>, <c>Time</c> and the whole <c>Origin</c>.
    /// </summary>
    Listing,
}
