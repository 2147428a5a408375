namespace GoModules.Hashing;

/// <summary>Settings of one <see cref="DirHash"/> computation.</summary>
public sealed class DirHashOptions
{
    /// <summary>
    /// Gets or sets how many threads hash files at once. The hash does not depend on it; small inputs (under 256 KiB in
    /// all) are hashed on one thread whatever it says. Benchmarks set 1 to measure the single-core speed; a host that
    /// shares its cores may lower it.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: one thread per processor.</value>
    /// <exception cref="System.ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int? MaxDegreeOfParallelism
    {
        get;
        set
        {
            if (value is { } v)
            {
                System.ArgumentOutOfRangeException.ThrowIfLessThan(v, 1);
            }

            field = value;
        }
    }

    /// <summary>
    /// Gets or sets the prefix every entry name of a hashed zip must start with, normally <c>module@version/</c>: a zip
    /// with an entry outside it is refused (<see cref="System.IO.InvalidDataException"/>) instead of hashed, so a zip of
    /// another module version cannot pass for this one. Only zips are checked; directory hashes name their files with
    /// the prefix they are given.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: any names are hashed, as x/mod's <c>dirhash.HashZip</c> does.</value>
    public string? RequiredZipPrefix { get; set; }
}
