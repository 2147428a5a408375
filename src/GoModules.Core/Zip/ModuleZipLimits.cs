namespace GoModules.Zip;

/// <summary>The size limits of module zips, as the go command enforces them.</summary>
/// <remarks>See golang.org/x/mod/zip: <c>MaxZipFile</c>, <c>MaxGoMod</c> and <c>MaxLICENSE</c>.</remarks>
public static class ModuleZipLimits
{
    /// <summary>
    /// The largest module zip file, in bytes (500 MiB). The total uncompressed size of the files in a
    /// module is limited to the same number.
    /// </summary>
    public const long MaxZipFile = 500L << 20;

    /// <summary>The largest root <c>go.mod</c> file, in bytes (16 MiB).</summary>
    public const long MaxGoMod = 16L << 20;

    /// <summary>The largest root <c>LICENSE</c> file, in bytes (16 MiB).</summary>
    public const long MaxLicense = 16L << 20;
}
