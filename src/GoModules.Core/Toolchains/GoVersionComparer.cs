using System.Collections.Generic;

namespace GoModules.Toolchains;

/// <summary>Orders Go version strings as the go command does (see <see cref="GoVersion.Compare"/>).</summary>
public sealed class GoVersionComparer : IComparer<string?>
{
    /// <summary>Initializes a new instance. <see cref="GoVersion.Comparer"/> is a shared one.</summary>
    public GoVersionComparer()
    {
    }

    /// <inheritdoc/>
    public int Compare(string? x, string? y) => GoVersion.Compare(x, y);
}
