namespace GoModules.Kernel;

/// <summary>Message texts of the fetcher. They reuse the go command's wording so users can search them.</summary>
internal static partial class SR
{
    public const string ProxyOff = "module lookup disabled by GOPROXY=off";
    public const string DisabledByNoProxy = "disabled by GOPRIVATE/GONOPROXY";
    public const string NotMatchedByNoProxy = "path does not match GOPRIVATE/GONOPROXY";
    public const string DirectNotConfigured = "direct mode is not configured: GOPROXY reached \"direct\" (or GONOPROXY/GOPRIVATE matched the module), but no direct fetcher was supplied";
    public const string NoTransportForScheme = "no transport is configured for proxy URL {0}";
    public const string InvalidResponseFromProxy = "invalid response from proxy \"{0}\": {1}";
    public const string WrongInfoVersion = "proxy returned info for version {0} instead of requested version";
    public const string ZipTooLarge = "downloaded zip file too large";
    public const string GoModTooLarge = "downloaded go.mod file too large";
    public const string InfoTooLarge = "downloaded info file too large";
    public const string ListTooLarge = "downloaded version list too large";
    public const string NoCommits = "no commits";
    public const string NoMatchingVersions = "no matching versions for query \"{0}\"";
    public const string NonCanonicalVersion = "The version '{0}' is not a canonical semantic version; .mod and .zip files are only served for canonical versions.";
    public const string ZipDestinationNotRewindable = "{0} (the zip destination could not be rewound to try the next GOPROXY entry: pass a seekable stream to get the go command's fallback after a partial download)";
    public const string PatchWithoutCurrent = "can't query version \"patch\" of module {0}: no existing version is required";
    public const string InvalidSemVerInRange = "invalid semantic version \"{0}\" in range \"{1}\"";
    public const string AmbiguousSemVerInRange = "ambiguous semantic version \"{0}\" in range \"{1}\"";

    /// <summary>{0} = the URL.</summary>
    public const string FileProxyUrlInvalid = "invalid file:// proxy URL with non-path elements: {0}";

    /// <summary>{0} = the file:// URL. Go's wording for a missing file.</summary>
    public const string FileProxyNotFound = "reading {0}: no such file or directory";

    /// <summary>{0} = the file:// URL.</summary>
    public const string FileProxyDenied = "reading {0}: permission denied";

    /// <summary>{0} = the file, {1} = the reason.</summary>
    public const string FileProxyOpenFailed = "open {0}: {1}";

    /// <summary>{0} = the URL, {1} = the reason.</summary>
    public const string FileProxyReadFailed = "read {0}: {1}";
}
