namespace GoModules.ModFile.Internal;

/// <summary>
/// One token of a go.mod file. <see cref="Kind"/> is a punctuation or newline character, or one of the negative kinds
/// below.
/// </summary>
internal struct ModToken
{
    public const int Eof = -1;
    public const int EolComment = -2;
    public const int Ident = -3;
    public const int String = -4;
    public const int Comment = -5;

    public int Kind;
    public ModPosition Pos;
    public ModPosition EndPos;
    public string Text;

    /// <summary>Whether a token of this kind ends a line: end of file, a suffix comment or a newline.</summary>
    public static bool IsEol(int kind) => kind is Eof or EolComment or '\n';
}
