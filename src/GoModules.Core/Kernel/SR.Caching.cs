namespace GoModules.Kernel;

/// <summary>Message texts of the module cache, in the go command's words.</summary>
internal static partial class SR
{
    /// <summary>{0} = quoted version.</summary>
    public const string CacheNonSemver = "non-semver module version {0}";

    /// <summary>{0} = quoted version.</summary>
    public const string CacheNonCanonical = "non-canonical module version {0}";

    /// <summary>{0} = quoted root.</summary>
    public const string CacheRootRelative = "GOMODCACHE entry is relative; must be absolute path: {0}.";

    /// <summary>{0} = path@version prefix, {1} = entry name.</summary>
    public const string CacheUnexpectedFile = "zip for {0} has unexpected file {1}";

    /// <summary>{0} = quoted ziphash content.</summary>
    public const string CacheUnexpectedZipHash = "unexpected ziphash: {0}";

    /// <summary>{0} = path, {1} = version, {2} = error.</summary>
    public const string VerifyMissingZipHash = "{0} {1}: missing ziphash: {2}";

    /// <summary>{0} = path, {1} = version, {2} = zip file.</summary>
    public const string VerifyZipModified = "{0} {1}: zip has been modified ({2})";

    /// <summary>{0} = path, {1} = version, {2} = directory.</summary>
    public const string VerifyDirModified = "{0} {1}: dir has been modified ({2})";

    /// <summary>{0} = path, {1} = version, {2} = error.</summary>
    public const string VerifyFailed = "{0} {1}: {2}";

    /// <summary>{0} = the directory, {1} = reason.</summary>
    public const string CachePartialDirectory = "{0}: {1}";

    public const string CacheNotCompletelyExtracted = "not completely extracted";

    public const string CacheZipHashMissing = "ziphash file is missing";

    /// <summary>{0} = the path of the link.</summary>
    public const string CacheRefuseSymbolicLink = "refusing to follow symbolic link {0} in the module cache";

    /// <summary>The message of a link exception without a path.</summary>
    public const string CacheRefuseSymbolicLinkShort = "refusing to follow symbolic link";

    /// <summary>{0} = the action ("use", "remove"), {1} = the path, {2} = the cache root.</summary>
    public const string CacheRefuseOutside = "refusing to {0} {1}: it is not inside the module cache {2}";

    /// <summary>{0} = the action, {1} = the path, {2} = the entry on the way that is not a real directory, {3} = the cache root.</summary>
    public const string CacheRefuseNotDirectory = "refusing to {0} {1}: {2} is not a directory of the module cache {3}";

    /// <summary>{0} = the directory, {1} = the cache root.</summary>
    public const string CacheRefuseNotADirectory = "refusing to use {0}: it is not a directory of the module cache {1}";
}
