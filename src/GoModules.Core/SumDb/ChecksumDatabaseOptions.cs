using System;

namespace GoModules.SumDb;

/// <summary>Settings of a <see cref="ChecksumDatabaseClient"/>.</summary>
public sealed class ChecksumDatabaseOptions
{
    private int _tileHeight = 8;
    private int _maxLookupResponseBytes = 1 << 20;

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
}
