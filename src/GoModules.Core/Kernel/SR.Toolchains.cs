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

    /// <summary>{0} = path, {1} = the query as given (go or toolchain version that is not one).</summary>
    public const string ToolchainQueryInvalidVersion = "invalid {0} version {1}";

    /// <summary>{0} = the query as given (a language version where a release is needed).</summary>
    public const string ToolchainQueryLanguageVersion = "go language version {0} is not a toolchain version";

    /// <summary>{0} = quoted operand, {1} = quoted query.</summary>
    public const string ToolchainQueryInvalidRange = "invalid semantic version {0} in range {1}";

    /// <summary>{0} = quoted operand, {1} = quoted query.</summary>
    public const string ToolchainQueryAmbiguousRange = "ambiguous semantic version {0} in range {1}";

    /// <summary>{0} = path.</summary>
    public const string ToolchainQueryNoPatchBase = "can't query version \"patch\" of module {0}: no existing version is required";

    /// <summary>{0} = path, {1} = current version.</summary>
    public const string ToolchainQueryInvalidCurrent = "invalid previous version {0}@{1}";

    /// <summary>{0} = quoted query.</summary>
    public const string ToolchainQueryNoMatch = "no matching versions for query {0}";

    /// <summary>{0} = current version.</summary>
    public const string ToolchainQueryCurrentSuffix = " (current version is {0})";

    /// <summary>What the go command answers when asked to download the go or toolchain pseudo-module.</summary>
    public const string ToolchainQueryNoDownload = "internal error: invalid operation on toolchain module";
}
