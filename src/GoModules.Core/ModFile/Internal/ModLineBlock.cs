using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>A factored block such as <c>require ( … )</c>.</summary>
internal sealed class ModLineBlock(ModPosition start, List<string> tokens, ModParen lparen) : ModNode
{
    /// <summary>A new, empty block made by an edit.</summary>
    public ModLineBlock(List<string> tokens)
        : this(default, tokens, new ModParen(default))
    {
    }

    public override ModPosition Start { get; } = start;

    public override ModPosition End => RParen.End;

    public List<string> Tokens { get; } = tokens;

    public ModParen LParen { get; } = lparen;

    public List<ModLine> Lines { get; set; } = [];

    public ModParen RParen { get; } = new(default);
}
