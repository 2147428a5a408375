namespace GoModules.ModFile.Internal;

/// <summary>One <c>//</c> comment. A blank line inside a block is kept as a comment with empty text.</summary>
internal sealed class ModComment(ModPosition start, string text, bool suffix)
{
    public ModPosition Start { get; } = start;

    /// <summary>The text including the leading <c>//</c>, without the line ending; empty for a kept blank line.</summary>
    public string Text { get; } = text;

    /// <summary>Whether the comment follows other tokens on its line.</summary>
    public bool Suffix { get; } = suffix;
}
