using System;
using System.Collections.Generic;

namespace GoModules.Direct.Internal;

/// <summary>One commit as the code host reports it (Go's <c>codehost.RevInfo</c>).</summary>
internal sealed class GitRevision
{
    /// <summary>Gets the full commit hash.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the 12-digit short hash used in pseudo-versions.</summary>
    public required string Short { get; init; }

    /// <summary>Gets the commit time (committer time, UTC, whole seconds).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Gets the tags pointing at the commit, sorted.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Gets the revision as asked for when it is one of <see cref="Tags"/>, else the hash.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the ref the revision was resolved through (<c>refs/tags/v1.0.0</c>, <c>HEAD</c>), or <see langword="null"/>.</summary>
    public string? Ref { get; init; }
}
