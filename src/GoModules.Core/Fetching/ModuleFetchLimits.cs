using System;

namespace GoModules.Fetching;

/// <summary>
/// Size limits applied to proxy answers. A response is read up to its limit plus one byte, so that
/// an answer of exactly the limit is accepted and a longer one is rejected (the go command's
/// <c>LimitedReader</c> rule for zips).
/// </summary>
public sealed class ModuleFetchLimits
{
    /// <summary>The go command's limit on a module zip: 500 MiB (<c>codehost.MaxZipFile</c>).</summary>
    public const long DefaultMaxZipBytes = 500L << 20;

    /// <summary>The go command's limit on a go.mod file: 16 MiB (<c>codehost.MaxGoMod</c>).</summary>
    public const long DefaultMaxGoModBytes = 16L << 20;

    /// <summary>The default limit on <c>.info</c> and <c>@latest</c> answers: 16 MiB.</summary>
    public const long DefaultMaxInfoBytes = 16L << 20;

    /// <summary>The default limit on <c>@v/list</c> answers: 64 MiB.</summary>
    public const long DefaultMaxListBytes = 64L << 20;

    /// <summary>Gets the limits the go command uses.</summary>
    public static ModuleFetchLimits Default { get; } = new();

    /// <summary>Gets the largest accepted module zip, in bytes.</summary>
    /// <value>The default value is 500 MiB.</value>
    public long MaxZipBytes { get; init => field = Positive(value); } = DefaultMaxZipBytes;

    /// <summary>Gets the largest accepted go.mod file, in bytes.</summary>
    /// <value>The default value is 16 MiB.</value>
    public long MaxGoModBytes { get; init => field = Positive(value); } = DefaultMaxGoModBytes;

    /// <summary>Gets the largest accepted <c>.info</c> or <c>@latest</c> answer, in bytes.</summary>
    /// <value>The default value is 16 MiB.</value>
    public long MaxInfoBytes { get; init => field = Positive(value); } = DefaultMaxInfoBytes;

    /// <summary>Gets the largest accepted <c>@v/list</c> answer, in bytes.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long MaxListBytes { get; init => field = Positive(value); } = DefaultMaxListBytes;

    private static long Positive(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, long.MaxValue - 1);
        return value;
    }
}
