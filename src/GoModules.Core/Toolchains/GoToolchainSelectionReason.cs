namespace GoModules.Toolchains;

/// <summary>Why a toolchain was selected.</summary>
public enum GoToolchainSelectionReason
{
    /// <summary>The default toolchain: the local one, or the minimum named by GOTOOLCHAIN.</summary>
    Default,

    /// <summary>The <c>toolchain</c> line of go.mod or go.work names a newer toolchain than the default.</summary>
    ToolchainLine,

    /// <summary>The <c>go</c> line of go.mod or go.work requires a newer Go than the default (or the toolchain line).</summary>
    GoLine,
}
