using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.SumDb.Internal;

/// <summary>
/// Reads stored hashes of a signed tree through its tiles, authenticating every tile it uses
/// against the tree hash: the tiles along the tree's right edge must hash up to the signed root,
/// and every other tile must hash to the entry its parent tile holds for it. A hash returned is
/// therefore proven to be in the tree (x/mod's <c>tlog.TileHashReader</c>).
/// </summary>
internal static class TileHashReader
{
    public static async ValueTask<TlogHash[]> ReadHashesAsync(TreeHead tree, long[] indexes, ITileSource source, CancellationToken cancellationToken)
    {
        var plan = Plan(tree, indexes, source.Height);
        var data = await source.ReadTilesAsync(plan.Tiles, skipLocalCache: false, cancellationToken).ConfigureAwait(false);
        if (!Authenticate(tree, plan, data, out var failure))
        {
            // A tile kept from before (on disk, or in memory from an earlier tree) may be damaged or belong to
            // another history than this tree's: read everything from the server once more before judging. This is
            // also what lets a fork be reported as a fork, with the new tree's own tiles.
            if (Array.Exists(data, d => d.FromLocalCache))
            {
                data = await source.ReadTilesAsync(plan.Tiles, skipLocalCache: true, cancellationToken).ConfigureAwait(false);
                if (!Authenticate(tree, plan, data, out failure))
                {
                    throw new ChecksumDatabaseSecurityException(failure);
                }
            }
            else
            {
                throw new ChecksumDatabaseSecurityException(failure);
            }
        }

        source.Authenticated(plan.Tiles, data);

        var hashes = new TlogHash[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            var j = plan.IndexTile[i];
            if (!plan.Tiles[j].TryGetHash(data[j].Data, indexes[i], out hashes[i]))
            {
                throw new InvalidOperationException("bad math in tileHashReader: lost hash");
            }
        }

        return hashes;
    }

    private sealed class ReadPlan
    {
        public required TlogTile[] Tiles { get; init; }

        public required Dictionary<TlogTile, int> Order { get; init; }

        public required long[] RootIndexes { get; init; }

        public required int[] RootTile { get; init; }

        public required int[] IndexTile { get; init; }
    }

    /// <summary>Lists the tiles to fetch: first those on the tree's right edge (authenticated by the root), then, for each wanted hash, its tile and the ancestors needed to authenticate it, parents before children.</summary>
    private static ReadPlan Plan(TreeHead tree, long[] indexes, int h)
    {
        if (tree.N <= 0)
        {
            throw new InvalidOperationException(SR.SumDbIndexesNotInTree);
        }

        var order = new Dictionary<TlogTile, int>();
        var tiles = new List<TlogTile>();

        var rootIndexes = Tlog.TreeHashIndexes(tree.N);
        var rootTile = new int[rootIndexes.Length];
        for (var i = 0; i < rootIndexes.Length; i++)
        {
            var tile = TlogTile.ForIndex(h, rootIndexes[i]).Parent(0, tree.N)!.Value;
            if (!order.TryGetValue(tile, out var j))
            {
                j = tiles.Count;
                order[tile] = j;
                tiles.Add(tile);
            }

            rootTile[i] = j;
        }

        var limit = Tlog.StoredHashIndex(0, tree.N);
        var indexTile = new int[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            var x = indexes[i];
            if (x < 0 || x >= limit)
            {
                throw new InvalidOperationException(SR.SumDbIndexesNotInTree);
            }

            var tile = TlogTile.ForIndex(h, x);

            // Climb until reaching a tile already planned (the right-edge tiles include the top).
            var k = 0;
            for (; ; k++)
            {
                var p = tile.Parent(k, tree.N) ?? throw new InvalidOperationException("bad math in tileHashReader: no parent");
                if (order.TryGetValue(p, out var j))
                {
                    if (k == 0)
                    {
                        indexTile[i] = j;
                    }

                    break;
                }
            }

            // Then come back down, planning each child after its parent.
            for (k--; k >= 0; k--)
            {
                var p = tile.Parent(k, tree.N)!.Value;
                if (!p.IsFull)
                {
                    // A tile with a parent covers a complete subtree, so it must be full.
                    throw new InvalidOperationException("bad math in tileHashReader: partial tile below another");
                }

                order[p] = tiles.Count;
                if (k == 0)
                {
                    indexTile[i] = tiles.Count;
                }

                tiles.Add(p);
            }
        }

        return new ReadPlan
        {
            Tiles = tiles.ToArray(),
            Order = order,
            RootIndexes = rootIndexes,
            RootTile = rootTile,
            IndexTile = indexTile,
        };
    }

    private static bool Authenticate(TreeHead tree, ReadPlan plan, TileData[] data, out string failure)
    {
        failure = string.Empty;
        if (data.Length != plan.Tiles.Length)
        {
            throw new InvalidOperationException("tile source returned the wrong number of tiles");
        }

        for (var i = 0; i < plan.Tiles.Length; i++)
        {
            var want = plan.Tiles[i].W * TlogHash.Size;
            if (data[i].Data.Length != want)
            {
                failure = SumDbText.Format(SR.SumDbBadTileLength, plan.Tiles[i].Path, data[i].Data.Length, want);
                return false;
            }
        }

        // The right-edge tiles must hash up to the signed root.
        var last = plan.RootIndexes.Length - 1;
        if (!plan.Tiles[plan.RootTile[last]].TryGetHash(data[plan.RootTile[last]].Data, plan.RootIndexes[last], out var th))
        {
            failure = SR.SumDbInconsistentTile;
            return false;
        }

        for (var i = last - 1; i >= 0; i--)
        {
            if (!plan.Tiles[plan.RootTile[i]].TryGetHash(data[plan.RootTile[i]].Data, plan.RootIndexes[i], out var left))
            {
                failure = SR.SumDbInconsistentTile;
                return false;
            }

            th = Tlog.NodeHash(left, th);
        }

        if (th != tree.Hash)
        {
            failure = SR.SumDbInconsistentTile;
            return false;
        }

        // Every other tile must match the hash its (already authenticated) parent holds for it.
        var distinctRootTiles = CountDistinct(plan.RootTile);
        for (var i = distinctRootTiles; i < plan.Tiles.Length; i++)
        {
            var tile = plan.Tiles[i];
            var parent = tile.Parent(1, tree.N);
            if (parent is null || !plan.Order.TryGetValue(parent.Value, out var j))
            {
                throw new InvalidOperationException("bad math in tileHashReader: lost parent");
            }

            var p = parent.Value;
            if (!p.TryGetHash(data[j].Data, Tlog.StoredHashIndex(p.L * p.H, tile.N), out var expected))
            {
                throw new InvalidOperationException("bad math in tileHashReader: lost hash of child");
            }

            if (expected != TlogTile.SubtreeOfBottomRow(data[i].Data))
            {
                failure = SR.SumDbInconsistentTile;
                return false;
            }
        }

        return true;
    }

    private static int CountDistinct(int[] tileNumbers)
    {
        var max = -1;
        foreach (var t in tileNumbers)
        {
            max = Math.Max(max, t);
        }

        return max + 1;
    }
}
