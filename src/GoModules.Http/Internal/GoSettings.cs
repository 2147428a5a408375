using System;
using System.IO;

namespace GoModules.Http.Internal;

/// <summary>Reads the credential-related Go settings from a <see cref="GoEnvironment"/>.</summary>
internal static class GoSettings
{
    public static string? GoAuth(GoEnvironment env) => env.GoAuth;

    /// <summary>NETRC, else <c>$HOME/.netrc</c> (<c>%USERPROFILE%\_netrc</c> on Windows).</summary>
    public static string? NetrcPath(GoEnvironment env)
    {
        if (env.NetRc is { Length: > 0 } p)
        {
            return p;
        }

        var home = env.Home;
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        if (string.IsNullOrEmpty(home))
        {
            return null;
        }

        return Path.Combine(home, OperatingSystem.IsWindows() ? "_netrc" : ".netrc");
    }
}
