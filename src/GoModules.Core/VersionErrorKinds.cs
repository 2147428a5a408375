namespace GoModules;

/// <summary>
/// The stable names used in <see cref="InvalidModuleVersionException.Kind"/> to say why a version was
/// rejected. They match the error vocabulary of the GoModules conformance vectors.
/// </summary>
public static class VersionErrorKinds
{
    /// <summary>The text is not a pseudo-version (<c>pseudo-version "…" invalid: syntax error</c>).</summary>
    public const string PseudoSyntax = "pseudo_syntax";

    /// <summary>The pseudo-version's timestamp is not a real UTC time (<c>malformed time "…"</c>).</summary>
    public const string PseudoBadTime = "pseudo_bad_time";

    /// <summary>A pseudo-version without a base version carries build metadata.</summary>
    public const string PseudoBuildWithoutBase = "pseudo_build_without_base";

    /// <summary>A <c>vX.Y.0-0.…</c> pseudo-version would need a base version with patch -1.</summary>
    public const string PseudoNegativePatch = "pseudo_negative_patch";

    /// <summary>
    /// The pseudo-version's timestamp is valid for Go (year 0000) but lies before 0001-01-01, so it cannot
    /// be represented as a <see cref="System.DateTimeOffset"/>. Go has no such error.
    /// </summary>
    public const string PseudoTimeOutOfRange = "pseudo_time_out_of_range";

    /// <summary>The version is not a semantic version (<c>invalid version: not a semantic version</c>).</summary>
    public const string InvalidVersion = "invalid_version";

    /// <summary>The version's major version does not match the module path's major-version suffix.</summary>
    public const string MajorVersionMismatch = "major_version_mismatch";

    /// <summary>The version is valid but not in canonical form where canonical form is required.</summary>
    public const string VersionNotCanonical = "version_not_canonical";

    /// <summary>The version is not a semantic version where the module cache or a proxy requires one.</summary>
    public const string NonSemver = "non_semver";

    /// <summary>The version is not canonical where the module cache or a proxy requires it to be.</summary>
    public const string NonCanonical = "non_canonical";

    /// <summary>The version cannot be escaped: it is not a valid file-name element or contains <c>!</c>.</summary>
    public const string DisallowedVersion = "disallowed_version";

    /// <summary>The version cannot be escaped because it contains a non-ASCII letter.</summary>
    public const string NonAsciiVersion = "non_ascii_version";

    /// <summary>An escaped version has a bad <c>!</c> sequence, an upper-case letter or a non-ASCII character.</summary>
    public const string BadEscape = "bad_escape";

    /// <summary>The unescaped version is not a valid file-name element.</summary>
    public const string InvalidUnescapedVersion = "invalid_unescaped_version";
}
