namespace GoModules.ModFile.Internal;

/// <summary>The checks x/mod makes on versions given to <c>AddExclude</c> and <c>AddRetract</c>.</summary>
internal static class ModEditChecks
{
    /// <summary>The version must be canonical and fit the major version of the path (when the path is known).</summary>
    /// <exception cref="InvalidModuleVersionException">It is not, with Go's reason.</exception>
    public static void CheckCanonicalVersion(string path, string version)
    {
        var (_, pathMajor, pathMajorOk) = ModulePath.SplitPathVersion(path);
        if (version.Length == 0 || version != SemVer.CanonicalModuleVersion(version))
        {
            var form = pathMajor.Length == 0 ? "v1" : ModulePath.PathMajorPrefix(pathMajor);
            throw new InvalidModuleVersionException(
                path, version, false, VersionErrorKinds.VersionNotCanonical, "must be of the form " + form + ".2.3", null);
        }

        if (pathMajorOk && !ModulePath.MatchPathMajorCore(version, pathMajor, out var expected))
        {
            var reason = pathMajor.Length == 0
                ? "should be " + version + "+incompatible (or module " + path + "/" + SemVer.Major(version) + ")"
                : ModulePath.MismatchReason(version, expected);
            throw new InvalidModuleVersionException(path, version, false, VersionErrorKinds.MajorVersionMismatch, reason, null);
        }
    }
}
