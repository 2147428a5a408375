using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GoModules.SumDb.Internal;

/// <summary>
/// A tile of the transparency log: <see cref="W"/> consecutive hashes at tree level
/// <c>H·L</c>, starting with hash number <c>N·2^H</c> of that level. A full tile has
/// W = 2^H hashes and stands for a complete subtree of height H; a partial tile (W &lt; 2^H) is
/// the left part of one that the log has not filled yet. Level L = −1 ("data") holds the records
/// themselves instead of hashes.
/// </summary>
/// <remarks>
/// Tiles are served and cached under "tile paths": <c>tile/H/L/NNN[.p/W]</c>, where N is written
/// in groups of three decimal digits, every group but the last prefixed with "x"
/// (N = 1234067 → <c>x001/x234/067</c>), so that no directory holds more than 3000 entries, and
/// <c>.p/W</c> marks a partial tile. See https://research.swtch.com/tlog#tiling_a_log.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct TlogTile(int H, int L, long N, int W)
{
    /// <summary>The largest tile height the path syntax accepts.</summary>
    public const int MaxHeight = 30;

    /// <summary>True when the tile holds all 2^H hashes.</summary>
    public bool IsFull => W == 1 << H;

    /// <summary>The same tile with all 2^H hashes.</summary>
    public TlogTile Full => this with { W = 1 << H };

    /// <summary>The tile coordinate path, e.g. <c>tile/8/0/x001/234.p/5</c>.</summary>
    public string Path
    {
        get
        {
            var sb = new StringBuilder(32);
            sb.Append("tile/").Append(H.ToString(CultureInfo.InvariantCulture)).Append('/');
            sb.Append(L == -1 ? "data" : L.ToString(CultureInfo.InvariantCulture)).Append('/');

            // Most significant group first.
            Span<int> groups = stackalloc int[8];
            var count = 0;
            var n = N;
            do
            {
                groups[count++] = (int)(n % 1000);
                n /= 1000;
            }
            while (n > 0);

            for (var i = count - 1; i >= 0; i--)
            {
                if (i > 0)
                {
                    sb.Append('x');
                }

                sb.Append(groups[i].ToString("D3", CultureInfo.InvariantCulture));
                if (i > 0)
                {
                    sb.Append('/');
                }
            }

            if (!IsFull)
            {
                sb.Append(".p/").Append(W.ToString(CultureInfo.InvariantCulture));
            }

            return sb.ToString();
        }
    }

    public override string ToString() => Path;

    /// <summary>Parses a tile path as produced by <see cref="Path"/>; anything else (including non-canonical spellings) fails.</summary>
    public static bool TryParsePath(string path, out TlogTile tile)
    {
        tile = default;
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/');
        if (parts.Length < 4 || parts[0] != "tile")
        {
            return false;
        }

        if (!TryParseSmall(parts[1], out var h) || h < 1 || h > MaxHeight)
        {
            return false;
        }

        int l;
        if (parts[2] == "data")
        {
            l = -1;
        }
        else if (!TryParseSmall(parts[2], out l))
        {
            return false;
        }

        var w = 1 << h;
        var last = parts.Length - 1;
        if (parts[last - 1].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseSmall(parts[last], out var partial) || partial <= 0 || partial >= w)
            {
                return false;
            }

            w = partial;
            parts[last - 1] = parts[last - 1][..^2];
            last--;
        }

        var n = 0L;
        for (var i = 3; i <= last; i++)
        {
            var s = parts[i].StartsWith('x') ? parts[i][1..] : parts[i];
            if (!TryParseSmall(s, out var group) || group >= 1000 || n > (long.MaxValue - 999) / 1000)
            {
                return false;
            }

            n = (n * 1000) + group;
        }

        var candidate = new TlogTile(h, l, n, w);
        if (candidate.Path != path)
        {
            return false;
        }

        tile = candidate;
        return true;
    }

    private static bool TryParseSmall(string s, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 9)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// The narrowest tile of height <paramref name="h"/> holding stored hash <paramref name="index"/>,
    /// and the byte range of the tile data from which that hash is recomputed (a hash at a level
    /// inside the tile is the subtree hash of a run of its bottom-row hashes).
    /// </summary>
    public static TlogTile ForIndex(int h, long index, out int start, out int end)
    {
        if (h <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(h), h, "Tile height must be positive.");
        }

        var (level, n) = Tlog.SplitStoredHashIndex(index);
        var l = level / h;
        var levelInTile = level - (l * h);
        var tileN = (n << levelInTile) >> h;
        var nInTile = n - ((tileN << h) >> levelInTile);
        var w = (int)((nInTile + 1) << levelInTile);
        start = (int)(nInTile << levelInTile) * TlogHash.Size;
        end = (int)((nInTile + 1) << levelInTile) * TlogHash.Size;
        return new TlogTile(h, l, tileN, w);
    }

    /// <summary>The narrowest tile of height <paramref name="h"/> holding stored hash <paramref name="index"/>.</summary>
    public static TlogTile ForIndex(int h, long index) => ForIndex(h, index, out _, out _);

    /// <summary>
    /// Recomputes stored hash <paramref name="index"/> from this tile's <paramref name="data"/>; the
    /// tile must be the one <see cref="ForIndex(int, long)"/> names, or a wider version of it.
    /// </summary>
    public bool TryGetHash(ReadOnlySpan<byte> data, long index, out TlogHash hash)
    {
        hash = default;
        if (H < 1 || H > MaxHeight || L < 0 || L >= 64 || W < 1 || W > 1 << H || data.Length < W * TlogHash.Size)
        {
            return false;
        }

        var needed = ForIndex(H, index, out var start, out var end);
        if (needed.L != L || needed.N != N || needed.W > W)
        {
            return false;
        }

        hash = SubtreeOfBottomRow(data[start..end]);
        return true;
    }

    /// <summary>The hash of the complete subtree whose leaves are the (power-of-two many) hashes in <paramref name="data"/>.</summary>
    public static TlogHash SubtreeOfBottomRow(ReadOnlySpan<byte> data)
    {
        if (data.Length == TlogHash.Size)
        {
            return new TlogHash(data);
        }

        var half = data.Length / 2;
        return Tlog.NodeHash(SubtreeOfBottomRow(data[..half]), SubtreeOfBottomRow(data[half..]));
    }

    /// <summary>
    /// This tile's k-th ancestor among the tiles of a tree of <paramref name="treeSize"/> records,
    /// trimmed to the width that tree has; null when the tree has no hashes there.
    /// </summary>
    public TlogTile? Parent(int k, long treeSize)
    {
        var l = L + k;
        var n = N >> (k * H);
        var w = 1 << H;
        var levelWidth = treeSize >> (l * H);
        if ((n << H) + w >= levelWidth)
        {
            if (n << H >= levelWidth)
            {
                return null;
            }

            w = (int)(levelWidth - (n << H));
        }

        return new TlogTile(H, l, n, w);
    }

    /// <summary>The stored hash indexes that make up this tile's data (bottom row, left to right).</summary>
    public long[] HashIndexes()
    {
        var start = N << H;
        var indexes = new long[W];
        for (var i = 0; i < W; i++)
        {
            indexes[i] = Tlog.StoredHashIndex(H * L, start + i);
        }

        return indexes;
    }

    /// <summary>The tiles a log publishes when it grows from <paramref name="oldTreeSize"/> to <paramref name="newTreeSize"/> records.</summary>
    public static List<TlogTile> NewTiles(int h, long oldTreeSize, long newTreeSize)
    {
        if (h <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(h), h, "Tile height must be positive.");
        }

        var tiles = new List<TlogTile>();
        for (var level = 0; (newTreeSize >> (h * level)) > 0; level++)
        {
            var oldN = oldTreeSize >> (h * level);
            var newN = newTreeSize >> (h * level);
            for (var n = oldN >> h; n < newN >> h; n++)
            {
                tiles.Add(new TlogTile(h, level, n, 1 << h));
            }

            var last = newN >> h;
            var maxW = (int)(newN - (last << h));
            var minW = oldN > last << h ? (int)(oldN - (last << h)) : 1;
            for (var w = minW; w <= maxW; w++)
            {
                tiles.Add(new TlogTile(h, level, last, w));
            }
        }

        return tiles;
    }
}
