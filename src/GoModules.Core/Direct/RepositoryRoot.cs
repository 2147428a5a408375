using System;

namespace GoModules.Direct;

/// <summary>
/// Where a module path's code lives (Go's <c>vcs.RepoRoot</c>): the import-path prefix that is the root of
/// a repository, the version-control system and the repository URL.
/// </summary>
public sealed class RepositoryRoot
{
    /// <summary>Initializes a new instance of the <see cref="RepositoryRoot"/> class.</summary>
    /// <param name="root">The import-path prefix that corresponds to the repository root (<c>github.com/user/repo</c>).</param>
    /// <param name="vcs">The version-control command (<c>git</c>, <c>hg</c>, …) or <c>mod</c> for a module proxy.</param>
    /// <param name="repositoryUrl">The repository URL, or a local path, handed to the version-control tool.</param>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public RepositoryRoot(string root, string vcs, string repositoryUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(vcs);
        ArgumentException.ThrowIfNullOrEmpty(repositoryUrl);
        Root = root;
        Vcs = vcs;
        RepositoryUrl = repositoryUrl;
    }

    /// <summary>Gets the import-path prefix that corresponds to the repository root.</summary>
    public string Root { get; }

    /// <summary>Gets the version-control command name (<c>git</c>, <c>hg</c>, <c>svn</c>, <c>fossil</c>) or <c>mod</c>.</summary>
    public string Vcs { get; }

    /// <summary>Gets the repository URL or local path.</summary>
    public string RepositoryUrl { get; }

    /// <summary>Gets a value indicating whether the root came from a go-import meta tag rather than a known hosting pattern.</summary>
    public bool IsFromMetaTag { get; init; }

    /// <summary>
    /// Gets the repository subdirectory that corresponds to <see cref="Root"/> (the go-import tag's fourth field,
    /// Go 1.25), or an empty string when <see cref="Root"/> is the repository root.
    /// </summary>
    public string Subdirectory { get; init; } = string.Empty;

    /// <inheritdoc/>
    public override string ToString() => Subdirectory.Length == 0 ? Root + " " + Vcs + " " + RepositoryUrl : Root + " " + Vcs + " " + RepositoryUrl + " " + Subdirectory;
}
