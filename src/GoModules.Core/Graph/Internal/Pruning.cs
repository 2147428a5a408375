namespace GoModules.Graph.Internal;

/// <summary>How the graph follows requirements (the go command's modPruning).</summary>
internal enum Pruning
{
    /// <summary>The requirements of a module whose go.mod prunes (go 1.17 or later) are not followed further.</summary>
    Pruned,

    /// <summary>Every requirement is followed.</summary>
    Unpruned,

    /// <summary>A workspace: the main modules' requirements are followed, then each module prunes as its go.mod says.</summary>
    Workspace,
}
