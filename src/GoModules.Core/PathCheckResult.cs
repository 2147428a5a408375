namespace GoModules;

/// <summary>
/// The outcome of checking a path: the first rule that failed and where, so that a message can be written
/// later without having been allocated on the success path.
/// </summary>
internal readonly struct PathCheckResult
{
    public static readonly PathCheckResult Valid;

    public PathCheckResult(PathErrorKind kind, int start, int length, int rune)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Rune = rune;
    }

    /// <summary>Gets the rule that failed, or <see cref="PathErrorKind.None"/>.</summary>
    public PathErrorKind Kind { get; }

    /// <summary>
    /// Gets the offset (in code units) of the offending text: the element for
    /// <see cref="PathErrorKind.DotsOnlyElement"/>, the part before the first dot for
    /// <see cref="PathErrorKind.WindowsReservedName"/>, the character for the invalid-character kinds.
    /// </summary>
    public int Start { get; }

    /// <summary>Gets the length (in code units) of the offending text.</summary>
    public int Length { get; }

    /// <summary>Gets the rejected code point for the invalid-character kinds (U+FFFD for broken encoding).</summary>
    public int Rune { get; }

    public bool IsValid => Kind == PathErrorKind.None;

    public static PathCheckResult Fail(PathErrorKind kind) => new(kind, 0, 0, 0);
}
