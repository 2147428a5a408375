using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>A place in a go.mod file: 1-based line, 1-based rune within the line, 0-based byte offset.</summary>
internal readonly record struct ModPosition(int Line, int LineRune, int Byte)
{
    /// <summary>The position just after a one-byte, one-rune character such as a parenthesis.</summary>
    public ModPosition AfterOneChar => new(Line, LineRune + 1, Byte + 1);
}

/// <summary>One <c>//</c> comment. A blank line inside a block is kept as a comment with empty text.</summary>
internal sealed class ModComment(ModPosition start, string text, bool suffix)
{
    public ModPosition Start { get; } = start;

    /// <summary>The text including the leading <c>//</c>, without the line ending; empty for a kept blank line.</summary>
    public string Text { get; } = text;

    /// <summary>Whether the comment follows other tokens on its line.</summary>
    public bool Suffix { get; } = suffix;
}

/// <summary>Common part of every syntax node: the comments attached to it.</summary>
internal abstract class ModNode
{
    /// <summary>Whole-line comments just before the node.</summary>
    public List<ModComment> Before { get; set; } = [];

    /// <summary>End-of-line comments after the node.</summary>
    public List<ModComment> Suffix { get; } = [];

    public abstract ModPosition Start { get; }

    public abstract ModPosition End { get; }
}

/// <summary>A line of tokens, either a top-level statement or a line inside a block.</summary>
internal sealed class ModLine(ModPosition start, List<string> tokens, ModPosition end, bool inBlock) : ModNode
{
    public override ModPosition Start { get; } = start;

    public override ModPosition End { get; } = end;

    public List<string> Tokens { get; } = tokens;

    public bool InBlock { get; } = inBlock;
}

/// <summary>A parenthesis of a block; holds the comments that belong to it.</summary>
internal sealed class ModParen(ModPosition position) : ModNode
{
    public ModPosition Position { get; set; } = position;

    public override ModPosition Start => Position;

    public override ModPosition End => Position.AfterOneChar;
}

/// <summary>A factored block such as <c>require ( … )</c>.</summary>
internal sealed class ModLineBlock(ModPosition start, List<string> tokens, ModParen lparen) : ModNode
{
    public override ModPosition Start { get; } = start;

    public override ModPosition End => RParen.End;

    public List<string> Tokens { get; } = tokens;

    public ModParen LParen { get; } = lparen;

    public List<ModLine> Lines { get; } = [];

    public ModParen RParen { get; } = new(default);
}

/// <summary>Top-level comments that stand apart from any statement.</summary>
internal sealed class ModCommentBlock(ModPosition start) : ModNode
{
    public override ModPosition Start { get; } = start;

    public override ModPosition End => Start;
}

/// <summary>A whole parsed file: its statements in order, plus comments that attach to nothing else.</summary>
internal sealed class ModFileSyntax(string name)
{
    public string Name { get; } = name;

    public List<ModNode> Statements { get; } = [];

    /// <summary>End-of-line comments that found no earlier node.</summary>
    public List<ModComment> Before { get; } = [];
}
