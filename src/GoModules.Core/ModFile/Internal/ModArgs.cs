namespace GoModules.ModFile.Internal;

/// <summary>
/// The arguments of a directive: the tokens of its line after the verb (a line in a block has no verb of its own).
/// Writing an argument writes the line's token, as Go's parser does when it unquotes or canonicalizes one.
/// </summary>
internal readonly struct ModArgs(ModLine line)
{
    private readonly int _first = line.InBlock ? 0 : 1;

    public int Count => line.Tokens.Count - _first;

    public string this[int index]
    {
        get => line.Tokens[_first + index];
        set => line.Tokens[_first + index] = value;
    }
}
