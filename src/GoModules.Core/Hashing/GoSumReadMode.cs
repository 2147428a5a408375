namespace GoModules.Hashing;

/// <summary>How <see cref="GoSumFile"/> treats a line that does not have exactly three fields.</summary>
public enum GoSumReadMode
{
    /// <summary>
    /// The default, as the go command reads go.sum since Go 1.22 (and the newest go does): such a line is an
    /// error, <see cref="GoSumFormatException"/> (<c>malformed go.sum:\n&lt;file&gt;:&lt;line&gt;: wrong number of fields &lt;n&gt;</c>).
    /// </summary>
    ThrowOnMalformedLine = 0,

    /// <summary>
    /// Legacy, only when asked for: Go 1.19 to 1.21 stopped reading silently at the first such line; the entries
    /// before it are used and the rest of the file is ignored (and lost when go rewrites go.sum). The line is
    /// reported in <see cref="GoSumFile.MalformedLine"/>.
    /// </summary>
    StopAtMalformedLine = 1,

    /// <summary>
    /// Lenient, as <c>go mod tidy</c> reads go.sum since Go 1.22 (so that it can repair the file): such lines are
    /// skipped and reading goes on. The first one is reported in <see cref="GoSumFile.MalformedLine"/>.
    /// </summary>
    SkipMalformedLines = 2,
}
