namespace GoModules.Hashing;

/// <summary>Which hash of a module version a go.sum line records.</summary>
public enum GoSumHashKind
{
    /// <summary>The hash of the module zip (the line <c>path version h1:…</c>).</summary>
    Zip = 0,

    /// <summary>The hash of the go.mod file alone (the line <c>path version/go.mod h1:…</c>).</summary>
    GoMod = 1,
}
