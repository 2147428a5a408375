namespace GoModules.Toolchains;

/// <summary>Why the go command refuses a <c>go@…</c> or <c>toolchain@…</c> query (see <see cref="GoToolchainQueryException"/>).</summary>
public enum GoToolchainQueryFailure
{
    /// <summary>The query is neither a keyword, a comparison nor a Go version (<c>go@none</c>, <c>go@v1.27.0</c>, <c>go@master</c>).</summary>
    InvalidVersion = 0,

    /// <summary>A language version such as <c>1.27</c> was asked for exactly where only a release exists (<c>toolchain@1.27</c>).</summary>
    LanguageVersion = 1,

    /// <summary>The operand of a comparison is not a version of the path (<c>go@&lt;go1.27</c>, <c>toolchain@&lt;1.27.2</c>).</summary>
    InvalidRange = 2,

    /// <summary>A <c>&lt;=</c> or <c>&gt;</c> comparison with a language version (<c>go@&lt;=1.27</c>), which could mean 1.27 or any 1.27.x.</summary>
    AmbiguousRange = 3,

    /// <summary><c>patch</c> without a current version to stay within.</summary>
    NoPatchBase = 4,

    /// <summary>The current version given is not a version of the path.</summary>
    InvalidCurrentVersion = 5,
}
