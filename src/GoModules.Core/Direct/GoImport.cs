using System;

namespace GoModules.Direct;

/// <summary>One <c>&lt;meta name="go-import" content="prefix vcs repo"&gt;</c> tag of a go-get discovery page.</summary>
public sealed class GoImport : IEquatable<GoImport>
{
    /// <summary>Initializes a new instance of the <see cref="GoImport"/> class.</summary>
    /// <param name="prefix">The import-path prefix the tag claims.</param>
    /// <param name="vcs">The version-control system (<c>git</c>, <c>hg</c>, …) or <c>mod</c>.</param>
    /// <param name="repositoryRoot">The repository URL (or module proxy URL for <c>mod</c>).</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public GoImport(string prefix, string vcs, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(vcs);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        Prefix = prefix;
        Vcs = vcs;
        RepositoryRoot = repositoryRoot;
    }

    /// <summary>Gets the import-path prefix.</summary>
    public string Prefix { get; }

    /// <summary>Gets the version-control system or <c>mod</c>.</summary>
    public string Vcs { get; }

    /// <summary>Gets the repository URL.</summary>
    public string RepositoryRoot { get; }

    /// <inheritdoc/>
    public bool Equals(GoImport? other) =>
        other is not null && Prefix == other.Prefix && Vcs == other.Vcs && RepositoryRoot == other.RepositoryRoot;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GoImport);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Prefix, Vcs, RepositoryRoot);

    /// <inheritdoc/>
    public override string ToString() => Prefix + " " + Vcs + " " + RepositoryRoot;
}
