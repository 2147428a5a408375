using System.Collections.Generic;

namespace GoModules.ModFile.Internal;

/// <summary>A whole parsed file: its statements in order, plus comments that attach to nothing else.</summary>
internal sealed class ModFileSyntax(string name)
{
    public string Name { get; } = name;

    public List<ModNode> Statements { get; set; } = [];

    /// <summary>End-of-line comments that found no earlier node (printed at the top of the file).</summary>
    public List<ModComment> Before { get; } = [];
}
