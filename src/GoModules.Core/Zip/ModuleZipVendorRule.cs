namespace GoModules.Zip;

/// <summary>Which form of the vendored-package rule decides the files left out of a module zip.</summary>
public enum ModuleZipVendorRule
{
    /// <summary>
    /// As the newest x/mod (v0.22.0 and later): when the root go.mod says <c>go 1.24</c> or later,
    /// <c>vendor/modules.txt</c> is left out too, and a nested <c>vendor</c> directory only leaves out
    /// files in packages below it; for older or missing <c>go</c> lines, <see cref="Legacy"/>.
    /// </summary>
    Automatic,

    /// <summary>
    /// As x/mod v0.7.0 for every module: <c>vendor/modules.txt</c> is kept, and, through a preserved
    /// bug, any path containing <c>/vendor/</c> is left out.
    /// </summary>
    Legacy,
}
