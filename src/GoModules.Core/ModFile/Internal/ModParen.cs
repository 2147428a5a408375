namespace GoModules.ModFile.Internal;

/// <summary>A parenthesis of a block; holds the comments that belong to it.</summary>
internal sealed class ModParen(ModPosition position) : ModNode
{
    public ModPosition Position { get; set; } = position;

    public override ModPosition Start => Position;

    public override ModPosition End => Position.AfterOneChar;
}
