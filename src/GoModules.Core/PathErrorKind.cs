namespace GoModules;

/// <summary>
/// Why a module, import or file path was rejected. The values are stable; each one corresponds to one of
/// Go's <c>InvalidPathError</c> reasons and to the snake_case "path kind" used by the conformance vectors
/// (<see cref="InvalidUtf8"/> is <c>invalid_utf8</c>, <see cref="DotsOnlyElement"/> is
/// <c>dots_only_element</c>, and so on).
/// </summary>
/// <remarks>
/// The checks run in the order of this enumeration (the first failure wins): first the whole-path checks,
/// then the element checks for each element from left to right, then the module-only checks on the first
/// element and on the major-version suffix.
/// </remarks>
public enum PathErrorKind
{
    /// <summary>The path is valid.</summary>
    None = 0,

    /// <summary>The text is not valid UTF-8 (for UTF-16 input: it contains an unpaired surrogate).</summary>
    InvalidUtf8,

    /// <summary>The path is empty.</summary>
    EmptyString,

    /// <summary>A module or import path starts with <c>-</c>.</summary>
    LeadingDash,

    /// <summary>The path contains <c>//</c>.</summary>
    DoubleSlash,

    /// <summary>The path ends with <c>/</c>.</summary>
    TrailingSlash,

    /// <summary>An element is empty; this is how a leading <c>/</c> is reported.</summary>
    EmptyElement,

    /// <summary>An element consists of dots only, such as <c>.</c> or <c>..</c>.</summary>
    DotsOnlyElement,

    /// <summary>An element of a module path starts with a dot.</summary>
    LeadingDot,

    /// <summary>An element ends with a dot.</summary>
    TrailingDot,

    /// <summary>An element contains a character that this kind of path does not allow.</summary>
    InvalidChar,

    /// <summary>
    /// An element, up to its first dot, is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1 to
    /// COM9, LPT1 to LPT9), in any case.
    /// </summary>
    WindowsReservedName,

    /// <summary>
    /// An element of a module or import path, up to its first dot, ends with <c>~</c> and ASCII digits, so it
    /// looks like a Windows 8.3 short name.
    /// </summary>
    WindowsShortName,

    /// <summary>The first element of a module path contains no dot.</summary>
    MissingDotFirstElement,

    /// <summary>
    /// The first element of a module path contains a character other than a lower-case ASCII letter, an ASCII
    /// digit, <c>-</c> or <c>.</c>.
    /// </summary>
    InvalidCharFirstElement,

    /// <summary>
    /// A module path ends in a malformed major-version suffix (such as <c>/v1</c>, <c>/v01</c> or
    /// <c>/v2.0</c>), or a <c>gopkg.in/</c> path lacks its <c>.vN</c> suffix.
    /// </summary>
    BadMajorSuffix,

    /// <summary>
    /// Reported by <see cref="ModulePath.UnescapePath(string)"/> only: the text is not a valid escaped path
    /// (an upper-case letter, a non-ASCII character, or a <c>!</c> not followed by a lower-case ASCII letter).
    /// </summary>
    BadEscape,
}
