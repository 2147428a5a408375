namespace GoModules.Toolchains;

/// <summary>How a GOTOOLCHAIN setting lets go.mod and go.work move to a newer toolchain.</summary>
public enum GoToolchainMode
{
    /// <summary>
    /// No switching (<c>local</c> or a bare name such as <c>go1.22.1</c>): the minimum toolchain is used whatever
    /// go.mod says.
    /// </summary>
    Fixed,

    /// <summary>
    /// <c>auto</c> or <c>&lt;name&gt;+auto</c>: a newer toolchain required by go.mod or go.work is used, found in
    /// PATH or else downloaded.
    /// </summary>
    Auto,

    /// <summary>
    /// <c>path</c> or <c>&lt;name&gt;+path</c>: as <see cref="Auto"/>, but the toolchain must be found in PATH; it
    /// is never downloaded.
    /// </summary>
    Path,
}
