namespace GoModules.Fetching;

/// <summary>
/// Where a version came from, as a proxy reports it in the <c>Origin</c> field of <c>.info</c>
/// (Go 1.19+). Every field is optional; proxies that do not know the origin omit the whole object.
/// </summary>
public sealed class ModuleOrigin
{
    /// <summary>Gets the version control system, such as <c>git</c>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Vcs { get; init; }

    /// <summary>Gets the repository URL.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Url { get; init; }

    /// <summary>Gets the module's subdirectory within the repository.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Subdir { get; init; }

    /// <summary>Gets the commit hash.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Hash { get; init; }

    /// <summary>Gets the tag prefix used for this module's versions.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? TagPrefix { get; init; }

    /// <summary>Gets the checksum of the repository's tag list.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? TagSum { get; init; }

    /// <summary>Gets the reference (branch or tag) that was resolved.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Ref { get; init; }

    /// <summary>Gets the checksum of the whole repository's references.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? RepoSum { get; init; }
}
