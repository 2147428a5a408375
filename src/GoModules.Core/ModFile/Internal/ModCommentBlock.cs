namespace GoModules.ModFile.Internal;

/// <summary>Top-level comments that stand apart from any statement.</summary>
internal sealed class ModCommentBlock(ModPosition start) : ModNode
{
    public override ModPosition Start { get; } = start;

    public override ModPosition End => Start;
}
