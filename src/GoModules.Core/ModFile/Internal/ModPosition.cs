namespace GoModules.ModFile.Internal;

/// <summary>A place in a go.mod file: 1-based line, 1-based rune within the line, 0-based byte offset.</summary>
internal readonly record struct ModPosition(int Line, int LineRune, int Byte)
{
    /// <summary>The position just after a one-byte, one-rune character such as a parenthesis.</summary>
    public ModPosition AfterOneChar => new(Line, LineRune + 1, Byte + 1);
}
