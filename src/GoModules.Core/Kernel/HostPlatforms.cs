using System;

namespace GoModules.Kernel;

/// <summary>Helpers for <see cref="HostPlatform"/>.</summary>
internal static class HostPlatforms
{
    /// <summary>Gets the platform this process runs on.</summary>
    public static HostPlatform Current
        => OperatingSystem.IsWindows() ? HostPlatform.Windows
            : OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() ? HostPlatform.MacOS
            : HostPlatform.Unix;
}
