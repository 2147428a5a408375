using System;

namespace GoModules.Internal;

/// <summary>The operating-system families whose rules differ for Go's settings and file paths.</summary>
internal enum HostPlatform
{
    /// <summary>Linux and the other Unix systems: '/' paths, ':' list separator, $XDG_CONFIG_HOME.</summary>
    Unix,

    /// <summary>Windows: drive letters and UNC names, '\' and '/', ';' list separator, %AppData%, %USERPROFILE%.</summary>
    Windows,

    /// <summary>macOS: Unix paths, but the user config directory is $HOME/Library/Application Support.</summary>
    MacOS,
}

/// <summary>Helpers for <see cref="HostPlatform"/>.</summary>
internal static class HostPlatforms
{
    /// <summary>Gets the platform this process runs on.</summary>
    public static HostPlatform Current
        => OperatingSystem.IsWindows() ? HostPlatform.Windows
            : OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? HostPlatform.MacOS
            : HostPlatform.Unix;
}
