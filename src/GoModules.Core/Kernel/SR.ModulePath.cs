namespace GoModules.Kernel;

/// <summary>Message texts for module paths and escaping. The wording is the go command's, so users can search for it.</summary>
internal static partial class SR
{
    /// <summary>{0} = module/import/file, {1} = quoted path, {2} = reason.</summary>
    public const string MalformedPath = "malformed {0} path {1}: {2}";
    public const string InvalidUtf8 = "invalid UTF-8";
    public const string EmptyString = "empty string";
    public const string LeadingDash = "leading dash";
    public const string DoubleSlash = "double slash";
    public const string TrailingSlash = "trailing slash";
    public const string EmptyPathElement = "empty path element";

    /// <summary>{0} = quoted element.</summary>
    public const string InvalidPathElement = "invalid path element {0}";
    public const string LeadingDotInPathElement = "leading dot in path element";
    public const string TrailingDotInPathElement = "trailing dot in path element";

    /// <summary>{0} = quoted character.</summary>
    public const string InvalidChar = "invalid char {0}";

    /// <summary>{0} = quoted element up to its first dot.</summary>
    public const string WindowsReservedName = "{0} disallowed as path element component on Windows";
    public const string WindowsShortName = "trailing tilde and digits in path element";
    public const string MissingDotInFirstPathElement = "missing dot in first path element";

    /// <summary>{0} = quoted character.</summary>
    public const string InvalidCharInFirstPathElement = "invalid char {0} in first path element";
    public const string InvalidMajorVersionSuffix = "invalid version";

    /// <summary>{0} = quoted escaped path.</summary>
    public const string InvalidEscapedModulePath = "invalid escaped module path {0}";

    /// <summary>{0} = quoted escaped path, {1} = the error of the unescaped path.</summary>
    public const string InvalidEscapedModulePathBecause = "invalid escaped module path {0}: {1}";

    /// <summary>{0} = quoted escaped version.</summary>
    public const string InvalidEscapedVersion = "invalid escaped version {0}";

    /// <summary>{0} = quoted unescaped version, {1} = the element error.</summary>
    public const string InvalidEscapedVersionBecause = "invalid escaped version {0}: {1}";
    public const string DisallowedVersionString = "disallowed version string";
    public const string EscapeInconsistency = "internal error: inconsistency in EscapePath";

    /// <summary>{0} = the major version the suffix demands, {1} = the major version of the version.</summary>
    public const string MajorVersionShouldBe = "should be {0}, not {1}";
    public const string NotASemanticVersion = "not a semantic version";

    /// <summary>{0} = the pathMajor argument.</summary>
    public const string PathMajorLacksSeparator = "The major-version suffix '{0}' does not start with '/' or '.'.";

    /// <summary>{0} = the pathMajor argument.</summary>
    public const string PathMajorNotMajorVersion = "The major-version suffix '{0}' is not a valid major version.";
}
