namespace GoModules.Kernel;

/// <summary>
/// Message texts of direct mode (git repositories, GOVCS). They keep the go command's wording (modfetch's codeRepo,
/// vcs) so users can search them; the module and version are prefixed by the caller.
/// </summary>
internal static partial class SR
{
    public const string MismatchedRepository = "mismatched repo: found {0} for {1}";
    public const string InvalidModulePathQuoted = "invalid module path {0}";
    public const string RepositoryCannotContainModule = "repository rooted at {0} cannot contain module {1}";
    public const string InvalidVersionPrefixed = "invalid version: {0}";
    public const string InvalidPseudoVersionPrefixed = "invalid pseudo-version: {0}";
    public const string MajorSuffixMustMatch = "module path includes a major version suffix, so major version must match";
    public const string GoModRequiresMajorPath = "module contains a go.mod file, so module path must match major version (\"{0}/{1}\")";
    public const string IncompatibleNotAllowed = "+incompatible suffix not allowed: major version {0} is compatible";
    public const string ResolvesToOtherVersion = "resolves to version {0} ({1} is not a tag)";
    public const string PseudoRevisionLonger = "revision is longer than canonical (expected {0})";
    public const string PseudoRevisionShorter = "revision is shorter than canonical (expected {0})";
    public const string PseudoRevisionMismatch = "does not match short name of revision (expected {0})";
    public const string PseudoTimeMismatch = "does not match version-control timestamp (expected {0})";
    public const string PseudoMajorWithoutTag = "major version without preceding tag must be v0, not v1";
    public const string PseudoTagAlreadyCanonical = "tag ({0}) found on revision {1} is already canonical, so should not be replaced with a pseudo-version derived from that tag";
    public const string PseudoPrecedingTagNotFound = "preceding tag ({0}) not found";
    public const string PseudoNotDescendant = "revision {0} is not a descendent of preceding tag ({1})";
    public const string VersionSyntaxError = "invalid version {0}: syntax error";
    public const string BothGoModsHaveMajor = "{0}/{1} and ...{2}/go.mod both have ...{2} module paths at revision {3}";
    public const string MajorGoModMissingPath = "{0}/{1} is missing module path at revision {2}";
    public const string MajorGoModWrongPath = "{0}/{1} has non-...{2} module path {3} at revision {4}";
    public const string MajorGoModAbsent = " (and ...{0}/go.mod does not exist)";
    public const string GoModMissingPath = "{0} is missing module path{1} at revision {2}";
    public const string GoModWrongMajorPath = "{0} has non-...{1} module path {2}{3} at revision {4}";
    public const string GoModMalformedPath = "{0} has malformed module path {1}{2} at revision {3}";
    public const string GoModPostMajorPath = "{0} has post-{1} module path {2}{3} at revision {4}";
    public const string MissingBothGoMods = "missing {0}/go.mod and ...{1}/go.mod at revision {2}";
    public const string MissingGoMod = "missing {0}/go.mod at revision {1}";
    public const string FileDoesNotExist = "file does not exist";
    public const string ZipMoreThanOneTopDirectory = "zip file contains more than one top-level directory";
    public const string VersionNotCanonical = "version {0} is not canonical";
    public const string GoVcsEmptyEntry = "empty entry in GOVCS";
    public const string GoVcsMissingColon = "malformed entry in GOVCS (missing colon): {0}";
    public const string GoVcsEmptyPattern = "empty pattern in GOVCS: {0}";
    public const string GoVcsEmptyList = "empty VCS list in GOVCS: {0}";
    public const string GoVcsRelativePattern = "relative pattern not allowed in GOVCS: {0}";
    public const string GoVcsUnreachablePattern = "unreachable pattern in GOVCS: {0} after {1}";
    public const string GoVcsEmptyName = "empty VCS name in GOVCS: {0}";
    public const string GoVcsDisallows = "GOVCS disallows using {0} for {1} {2}; see 'go help vcs'";
    public const string GitOutputTooLarge = "output exceeds the limit of {0} bytes; git was stopped";
    public const string GitFailedToStart = "git: {0}";
    public const string GitTimedOut = "git timed out after {0}";
    public const string GitErrorTooLarge = "{0}\n[standard error exceeds the limit of {1} characters; git was stopped]";
    public const string GitAmbiguousRevision = "ambiguous revision {0}";
    public const string GitUnknownRevision = "unknown revision {0}";
    public const string GitUnexpectedLog = "unexpected response from git log: {0}";
    public const string GitFileTooLarge = "{0} is too large";
    public const string DirectModProxyNotConfigured = "go-import tag for {0} names module proxy {1}, but no proxy transport is configured for direct mode";
    public const string DirectUnsupportedVcs = "unsupported version control system {0} for {1} (only git is implemented)";
    public const string DirectNotFound = "not found: {0}";

    /// <summary>No go-get page source was given.</summary>
    public const string DirectGoGetNotConfigured = "go-get discovery is not configured";

    /// <summary>{0}, {1} = page URLs, {2} = prefix.</summary>
    public const string DirectGoImportDisagree = "{0} and {1} disagree about go-import for {2}";

    /// <summary>{0} = page URL, {1} = quoted subdirectory, {2} = reason.</summary>
    public const string DirectInvalidSubdirectory = "{0}: invalid subdirectory {1}: {2}";

    /// <summary>Reason of an invalid subdirectory.</summary>
    public const string DirectLeadingSlash = "leading slash";

    /// <summary>Reason of an invalid subdirectory.</summary>
    public const string DirectLeadingHyphen = "leading hyphen";

    /// <summary>{0} = page URL, {1} = quoted root.</summary>
    public const string DirectRepoRootNoScheme = "{0}: invalid repo root {1}: no scheme";

    /// <summary>{0} = page URL, {1} = quoted root.</summary>
    public const string DirectRepoRootFileScheme = "{0}: invalid repo root {1}: file scheme disallowed";

    /// <summary>{0} = page URL, {1} = quoted vcs.</summary>
    public const string DirectUnknownVcs = "{0}: unknown vcs {1}";

    /// <summary>{0} = repository root, {1} = prefix.</summary>
    public const string DirectInsecureUrl = "insecure URL {0} for {1} (use GOINSECURE to allow)";

    /// <summary>{0} = hosting prefix, {1} = quoted import path.</summary>
    public const string DirectInvalidImportPath = "invalid {0} import path {1}";

    /// <summary>{0} = hosting prefix.</summary>
    public const string DirectInvalidVcsSuffix = "invalid version control suffix in {0}/ path";

    /// <summary>{0} = the reason.</summary>
    public const string DirectHttpHttpsFetch = "http/https fetch: {0}";

    /// <summary>{0} = the reason.</summary>
    public const string DirectHttpsFetch = "https fetch: {0}";

    /// <summary>{0} = URL, {1} = status code, {2} = reason phrase.</summary>
    public const string DirectReadingStatus = "reading {0}: {1} {2}";

    /// <summary>{0} = page URL, {1} = the error.</summary>
    public const string DirectParsePage = "parse {0}: {1}";

    /// <summary>{0} = page URL, {1} = the error.</summary>
    public const string DirectNoGoImportTags = "parse {0}: no go-import meta tags ({1})";

    /// <summary>{0} = import path.</summary>
    public const string DirectMultipleMetaTags = "multiple meta tags match import path \"{0}\"";
}
