using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>A line of tokens, either a top-level statement or a line inside a block.</summary>
internal sealed class ModLine(ModPosition start, List<string> tokens, ModPosition end, bool inBlock) : ModNode
{
    public override ModPosition Start { get; } = start;

    public override ModPosition End { get; } = end;

    public List<string> Tokens { get; } = tokens;

    public bool InBlock { get; } = inBlock;
}
