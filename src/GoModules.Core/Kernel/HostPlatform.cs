namespace GoModules.Kernel;

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
