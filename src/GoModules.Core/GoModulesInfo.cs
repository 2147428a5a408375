namespace GoModules;

/// <summary>Facts about the Go implementation that GoModules reproduces.</summary>
public static class GoModulesInfo
{
    /// <summary>The version of golang.org/x/mod whose behaviour the library matches.</summary>
    public const string ReferenceXModVersion = "v0.7.0";

    /// <summary>The release of the go command whose behaviour the library matches.</summary>
    public const string ReferenceGoVersion = "go1.19.8";
}
