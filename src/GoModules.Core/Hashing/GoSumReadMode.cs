namespace GoModules.Hashing;

/// <summary>How <see cref="GoSumFile"/> treats a line that does not have exactly three fields.</summary>
public enum GoSumReadMode
{
    /// <summary>
    /// Go 1.19 to 1.21: reading stops silently at the first such line; the entries before it are
    /// used and the rest of the file is ignored (and lost when go rewrites go.sum). The line is
    /// reported in <see cref="GoSumFile.MalformedLine"/>.
    /// </summary>
    StopAtMalformedLine = 0,

    /// <summary>Go 1.22 and later: the first such line is an error (<see cref="GoSumFormatException"/>).</summary>
    ThrowOnMalformedLine = 1,

    /// <summary>
    /// <c>go mod tidy</c> in Go 1.22 and later: such lines are skipped and reading goes on. The first
    /// one is reported in <see cref="GoSumFile.MalformedLine"/>.
    /// </summary>
    SkipMalformedLines = 2,
}
