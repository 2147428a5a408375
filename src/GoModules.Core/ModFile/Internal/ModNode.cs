using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>Common part of every syntax node: the comments attached to it.</summary>
internal abstract class ModNode
{
    /// <summary>Whole-line comments just before the node.</summary>
    public List<ModComment> Before { get; set; } = [];

    /// <summary>End-of-line comments after the node.</summary>
    public List<ModComment> Suffix { get; set; } = [];

    public abstract ModPosition Start { get; }

    public abstract ModPosition End { get; }
}
