namespace GoModules.TestUtilities.Interop;

/// <summary>One installed go command: its binary and the GOPATH tree that holds the golang.org/x/mod sources matching it.</summary>
/// <param name="Release">Which of the two go commands this is.</param>
/// <param name="Go">The go binary.</param>
/// <param name="GoCode">A GOPATH tree with <c>src/golang.org/x/mod</c> (the x/mod release shipped with this go).</param>
public sealed record GoInstall(GoRelease Release, string Go, string GoCode)
{
    /// <summary>The x/mod source tree inside <see cref="GoCode"/>.</summary>
    public string XModSources => Path.Combine(GoCode, "src", "golang.org", "x", "mod");

    public override string ToString() => $"{Release} go ({Go})";
}
