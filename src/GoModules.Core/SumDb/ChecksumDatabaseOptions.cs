using System;

namespace GoModules.SumDb;

/// <summary>Settings of a <see cref="ChecksumDatabaseClient"/>.</summary>
public sealed class ChecksumDatabaseOptions
{
    private int _tileHeight = 8;
    private int _maxLookupResponseBytes = 1 << 20;
    private TimeSpan _failureRetention = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the height of the tiles the database serves.</summary>
    /// <value>The default value is 8, which sum.golang.org and x/mod's servers use.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and 30.</exception>
    public int TileHeight
    {
        get => _tileHeight;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 30);
            _tileHeight = value;
        }
    }

    /// <summary>Gets or sets the largest lookup answer (record plus signed tree head) accepted; a longer one is a security error.</summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes). Real answers are well under 1 KiB.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 64.</exception>
    public int MaxLookupResponseBytes
    {
        get => _maxLookupResponseBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 64);
            _maxLookupResponseBytes = value;
        }
    }

    /// <summary>
    /// Gets or sets how long a failed lookup (or a failed search for the database among the proxies) is remembered and
    /// reported again without a new request. The go command remembers such failures for the rest of the process, so
    /// that, for example, a GOPROXY fallback that fetches a go.mod again does not ask the database twice; a library that
    /// lives longer than one command should not remember a passing failure for ever.
    /// </summary>
    /// <value>The default value is 10 seconds. <see cref="TimeSpan.Zero"/> forgets failures at once.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan FailureRetention
    {
        get => _failureRetention;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _failureRetention = value;
        }
    }

    /// <summary>Gets or sets the clock used for <see cref="FailureRetention"/>.</summary>
    /// <value>The default value is <see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets the logger factory of the checksum decisions of a <see cref="ModuleChecksumVerifier"/> made with these
    /// options (category <c>GoModules.SumDb.ModuleChecksumVerifier</c>, event ids 2301-2306, see the GoModules.Core README).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is logged.</value>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }
}
