using System;

namespace GoModules.Direct;

/// <summary>
/// One <c>&lt;meta name="go-import" content="prefix vcs repo [subdir]"&gt;</c> tag of a go-get discovery page.
/// The optional fourth field (Go 1.25) names the repository subdirectory that holds the code for the prefix.
/// </summary>
public sealed class GoImport : IEquatable<GoImport>
{
    /// <summary>Initializes a new instance of the <see cref="GoImport"/> class for a tag with three fields.</summary>
    /// <param name="prefix">The import-path prefix the tag claims.</param>
    /// <param name="vcs">The version-control system (<c>git</c>, <c>hg</c>, …) or <c>mod</c>.</param>
    /// <param name="repositoryRoot">The repository URL (or module proxy URL for <c>mod</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GoImport(string prefix, string vcs, string repositoryRoot)
        : this(prefix, vcs, repositoryRoot, string.Empty)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GoImport"/> class for a tag with a subdirectory (four fields).</summary>
    /// <param name="prefix">The import-path prefix the tag claims.</param>
    /// <param name="vcs">The version-control system (<c>git</c>, <c>hg</c>, …) or <c>mod</c>.</param>
    /// <param name="repositoryRoot">The repository URL (or module proxy URL for <c>mod</c>).</param>
    /// <param name="subdirectory">The subdirectory of the repository that corresponds to <paramref name="prefix"/>, or empty for the repository root.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GoImport(string prefix, string vcs, string repositoryRoot, string subdirectory)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(vcs);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(subdirectory);
        Prefix = prefix;
        Vcs = vcs;
        RepositoryRoot = repositoryRoot;
        Subdirectory = subdirectory;
    }

    /// <summary>Gets the import-path prefix.</summary>
    public string Prefix { get; }

    /// <summary>Gets the version-control system or <c>mod</c>.</summary>
    public string Vcs { get; }

    /// <summary>Gets the repository URL.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Gets the repository subdirectory named by the tag's fourth field, or an empty string when the tag has three fields.</summary>
    public string Subdirectory { get; }

    /// <inheritdoc/>
    public bool Equals(GoImport? other) =>
        other is not null && Prefix == other.Prefix && Vcs == other.Vcs && RepositoryRoot == other.RepositoryRoot && Subdirectory == other.Subdirectory;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GoImport);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Prefix, Vcs, RepositoryRoot, Subdirectory);

    /// <inheritdoc/>
    public override string ToString() => Subdirectory.Length == 0
        ? Prefix + " " + Vcs + " " + RepositoryRoot
        : Prefix + " " + Vcs + " " + RepositoryRoot + " " + Subdirectory;
}
