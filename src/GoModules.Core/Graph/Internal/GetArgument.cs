using System;

namespace GoModules.Graph.Internal;

/// <summary>One <c>go get</c> argument: a module path and its version query (<c>upgrade</c> when none was given).</summary>
internal sealed record GetArgument(string Path, string Query, bool HasVersion)
{
    /// <summary>The argument as written (the go command's query string).</summary>
    public override string ToString() => HasVersion ? Path + "@" + Query : Path;

    /// <summary>The argument with the version it resolved to, as the go command names it in conflicts.</summary>
    public string ResolvedString(ModuleNode m)
    {
        if (!string.Equals(m.Version, Query, StringComparison.Ordinal))
        {
            return $"{Path}@{Query} ({m.Version})";
        }

        return ToString();
    }
}
