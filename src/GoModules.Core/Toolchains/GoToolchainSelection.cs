using System;

namespace GoModules.Toolchains;

/// <summary>The toolchain the go command would run for a main module, as chosen by <see cref="GoToolchainSelector"/>.</summary>
public sealed class GoToolchainSelection
{
    /// <summary>The module path toolchains are downloaded as.</summary>
    public const string ToolchainModulePath = ModulePath.ToolchainModulePath;

    /// <summary>The version prefix of toolchain modules (the packaging version).</summary>
    public const string ToolchainModuleVersionPrefix = "v0.0.1";

    internal GoToolchainSelection(
        string toolchain, string version, bool isLocal, GoToolchainMode mode, GoToolchainSelectionReason reason, string? file, string goLine, string toolchainLine)
    {
        Toolchain = toolchain;
        Version = version;
        IsLocal = isLocal;
        Mode = mode;
        Reason = reason;
        File = file;
        GoLine = goLine;
        ToolchainLine = toolchainLine;
    }

    /// <summary>Gets the name of the selected toolchain.</summary>
    /// <value>A name such as <c>go1.22.0</c>; when <see cref="IsLocal"/>, the local toolchain's name (or <c>local</c>
    /// when none was given).</value>
    public string Toolchain { get; }

    /// <summary>Gets the Go version of the selected toolchain.</summary>
    /// <value>A version such as <c>1.22.0</c>; empty for <c>local</c> without a known local toolchain.</value>
    public string Version { get; }

    /// <summary>Gets a value indicating whether the local toolchain runs (no switch).</summary>
    /// <value>True when no other toolchain is needed.</value>
    public bool IsLocal { get; }

    /// <summary>Gets the mode of the GOTOOLCHAIN setting; with <see cref="GoToolchainMode.Path"/> a selected
    /// toolchain must come from PATH and is never downloaded.</summary>
    /// <value>The mode.</value>
    public GoToolchainMode Mode { get; }

    /// <summary>Gets why the toolchain was selected.</summary>
    /// <value>The reason.</value>
    public GoToolchainSelectionReason Reason { get; }

    /// <summary>Gets the go.work or go.mod file consulted.</summary>
    /// <value>The path, or null when none was (no file, or GOTOOLCHAIN without <c>+auto</c>/<c>+path</c>).</value>
    public string? File { get; }

    /// <summary>Gets the value of the file's <c>go</c> line.</summary>
    /// <value>The version text, or empty.</value>
    public string GoLine { get; }

    /// <summary>Gets the value of the file's <c>toolchain</c> line.</summary>
    /// <value>The toolchain text, or empty.</value>
    public string ToolchainLine { get; }

    /// <summary>Gets a value indicating whether the toolchain may be downloaded when it is not in PATH.</summary>
    /// <value>False for the local toolchain and in <see cref="GoToolchainMode.Path"/> mode.</value>
    public bool CanDownload => !IsLocal && Mode != GoToolchainMode.Path;

    /// <summary>Returns the module that holds a toolchain for a platform:
    /// <c>golang.org/toolchain@v0.0.1-&lt;toolchain&gt;.&lt;goos&gt;-&lt;goarch&gt;</c>.</summary>
    /// <param name="toolchain">The toolchain name, such as <c>go1.22.0</c>.</param>
    /// <param name="goos">The GOOS, such as <c>linux</c>.</param>
    /// <param name="goarch">The GOARCH, such as <c>amd64</c>.</param>
    /// <returns>The module version.</returns>
    /// <exception cref="ArgumentException">An argument is empty.</exception>
    public static ModuleVersion GetToolchainModule(string toolchain, string goos, string goarch)
    {
        ArgumentException.ThrowIfNullOrEmpty(toolchain);
        ArgumentException.ThrowIfNullOrEmpty(goos);
        ArgumentException.ThrowIfNullOrEmpty(goarch);
        return new ModuleVersion(ModulePath.Parse(ToolchainModulePath), ToolchainModuleVersionPrefix + "-" + toolchain + "." + goos + "-" + goarch);
    }

    /// <inheritdoc/>
    public override string ToString() => Toolchain;
}
