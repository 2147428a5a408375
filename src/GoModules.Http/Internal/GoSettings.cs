namespace GoModules.Http.Internal;

/// <summary>Reads the credential-related Go settings from a <see cref="GoEnvironment"/>.</summary>
internal static class GoSettings
{
    /// <summary>GOAUTH (default <c>netrc</c>).</summary>
    public static string? GoAuth(GoEnvironment env) => env.GoAuth;

    /// <summary>NETRC, else <c>$HOME/.netrc</c> (<c>%USERPROFILE%\_netrc</c> on Windows), or <see langword="null"/>.</summary>
    public static string? NetrcPath(GoEnvironment env) => env.NetrcPath.Length == 0 ? null : env.NetrcPath;
}
