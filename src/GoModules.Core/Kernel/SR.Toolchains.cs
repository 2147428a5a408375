namespace GoModules.Kernel;

/// <summary>Message texts of toolchain selection and download (the go command's wording).</summary>
internal static partial class SR
{
    /// <summary>{0} = quoted GOTOOLCHAIN value (or the selected toolchain name).</summary>
    public const string ToolchainInvalidSetting = "invalid GOTOOLCHAIN {0}";

    /// <summary>{0} = quoted GOTOOLCHAIN value, {1} = quoted minimum.</summary>
    public const string ToolchainInvalidMinimum = "invalid GOTOOLCHAIN {0}: invalid minimum toolchain {1}";

    /// <summary>{0} = quoted GOTOOLCHAIN value.</summary>
    public const string ToolchainInvalidSuffix = "invalid GOTOOLCHAIN {0}: only version suffixes are +auto and +path";

    /// <summary>{0} = quoted toolchain line, {1} = file.</summary>
    public const string ToolchainInvalidLine = "invalid toolchain {0} in {1}";

    /// <summary>GOWORK is relative.</summary>
    public const string ToolchainInvalidGoWork = "invalid GOWORK: not an absolute path";

    /// <summary>{0} = toolchain, {1} = GOOS, {2} = GOARCH.</summary>
    public const string ToolchainNotAvailable = "download {0} for {1}/{2}: toolchain not available";

    /// <summary>{0} = toolchain.</summary>
    public const string ToolchainLanguageVersion = "invalid toolchain: {0} is a language version but not a toolchain version ({0}.x)";

    /// <summary>{0} = toolchain, {1} = error.</summary>
    public const string ToolchainDownloadFailed = "download {0}: {1}";

    /// <summary>Toolchain downloads need a checksum verifier.</summary>
    public const string ToolchainNeedsVerifier = "toolchain downloads must be verified: the module cache needs a ModuleChecksumVerifier (ModuleCacheOptions.ChecksumVerifier)";

    /// <summary>The database is off but must be used.</summary>
    public const string ToolchainSumDbOff = "checksum database disabled by GOSUMDB=off";
}
