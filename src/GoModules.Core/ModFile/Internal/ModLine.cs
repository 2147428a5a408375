using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>A line of tokens, either a top-level statement or a line inside a block.</summary>
/// <remarks>
/// Editing marks a line as removed by emptying its tokens (<see cref="Removed"/>); <see cref="ModSyntaxEditor.Cleanup"/>
/// then drops it, so a run of edits stays linear.
/// </remarks>
internal sealed class ModLine(ModPosition start, List<string> tokens, ModPosition end, bool inBlock) : ModNode
{
    /// <summary>A new line made by an edit: it has no position in any input.</summary>
    public ModLine(List<string> tokens, bool inBlock)
        : this(default, tokens, default, inBlock)
    {
    }

    public override ModPosition Start { get; } = start;

    public override ModPosition End { get; } = end;

    /// <summary>The tokens; in a block the verb is not repeated. Empty once the line is removed.</summary>
    public List<string> Tokens { get; set; } = tokens;

    public bool InBlock { get; set; } = inBlock;

    /// <summary>Whether an edit removed the line (it is dropped by the next cleanup).</summary>
    public bool Removed => Tokens.Count == 0;

    /// <summary>Removes the line and its end-of-line comments.</summary>
    public void MarkRemoved()
    {
        Tokens = [];
        Suffix = [];
    }
}
