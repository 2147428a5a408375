namespace GoModules.TestUtilities.Interop;

/// <summary>The two go commands the interop tests know: the reference, and the oldest one that shares a cache with us.</summary>
public enum GoRelease
{
    /// <summary>The newest go (what <c>../shared/tools/newest-go.sh</c> installs; go1.27.3 today): the reference behaviour.</summary>
    Newest,

    /// <summary>The oldest go that must still share a module cache with GoModules (Debian stable's go1.19).</summary>
    Oldest,
}
