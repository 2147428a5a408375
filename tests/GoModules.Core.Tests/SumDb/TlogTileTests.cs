using System.Text;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TlogTileTests
{
    [TestCase(8, 0, 0L, 256, "tile/8/0/000")]
    [TestCase(8, 0, 1L, 5, "tile/8/0/001.p/5")]
    [TestCase(3, 4, 1234067L, 1, "tile/3/4/x001/x234/067.p/1")]
    [TestCase(3, 4, 1234067L, 8, "tile/3/4/x001/x234/067")]
    [TestCase(8, -1, 1000L, 256, "tile/8/data/x001/000")]
    [TestCase(8, -1, 2L, 17, "tile/8/data/002.p/17")]
    [TestCase(1, 0, 999L, 1, "tile/1/0/999.p/1")]
    public void PathAndParse(int h, int l, long n, int w, string path)
    {
        var tile = new TlogTile(h, l, n, w);
        Assert.That(tile.Path, Is.EqualTo(path));
        Assert.That(TlogTile.TryParsePath(path, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(tile));
    }

    [TestCase("tile/8/0/00")]
    [TestCase("tile/8/0/0000")]
    [TestCase("tile/8/0/x000/001")]
    [TestCase("tile/8/0/x1/001")]
    [TestCase("tile/8/0/001.p/256")]
    [TestCase("tile/8/0/001.p/0")]
    [TestCase("tile/8/0/001.p/05")]
    [TestCase("tile/0/0/001")]
    [TestCase("tile/31/0/001")]
    [TestCase("tile/8/-1/001")]
    [TestCase("tile/8/+1/001")]
    [TestCase("tile/08/0/001")]
    [TestCase("tiles/8/0/001")]
    [TestCase("tile/8/0")]
    [TestCase("tile/8/0/001/")]
    [TestCase("tile/8/0/.p/5")]
    public void ParseRejectsNonCanonicalPaths(string path)
    {
        Assert.That(TlogTile.TryParsePath(path, out _), Is.False, path);
    }

    [Test]
    public void TilesHoldTheStoredHashesTheyClaim()
    {
        // A log of 700 records with tiles of height 2 (so that several tile levels exist).
        var stored = new List<TlogHash>();
        for (var i = 0; i < 700; i++)
        {
            var siblings = Tlog.StoredHashesIndexes(i).Select(x => stored[(int)x]).ToArray();
            stored.AddRange(Tlog.StoredHashes(i, Tlog.RecordHash(Encoding.UTF8.GetBytes($"r{i}\n")), siblings));
        }

        foreach (var h in new[] { 1, 2, 3, 8 })
        {
            for (long index = 0; index < stored.Count; index++)
            {
                var tile = TlogTile.ForIndex(h, index);
                var data = tile.Full.HashIndexes().Where(x => x < stored.Count).SelectMany(x => stored[(int)x].ToArray()).ToArray();
                if (data.Length < tile.Full.W * TlogHash.Size)
                {
                    // The log is not big enough for the full tile yet: use the tile as named.
                    data = tile.HashIndexes().SelectMany(x => stored[(int)x].ToArray()).ToArray();
                    Assert.That(tile.TryGetHash(data, index, out var partialHash), Is.True, $"h={h} index={index}");
                    Assert.That(partialHash, Is.EqualTo(stored[(int)index]));
                    continue;
                }

                Assert.That(tile.Full.TryGetHash(data, index, out var hash), Is.True, $"h={h} index={index} tile={tile}");
                Assert.That(hash, Is.EqualTo(stored[(int)index]), $"h={h} index={index} tile={tile}");
                Assert.That(tile.W, Is.LessThanOrEqualTo(1 << h));
            }
        }
    }

    [Test]
    public void TryGetHashRefusesTheWrongTileOrShortData()
    {
        var tile = TlogTile.ForIndex(2, 10);
        Assert.Multiple(() =>
        {
            Assert.That(tile.TryGetHash(new byte[tile.W * 32], 10, out _), Is.True);
            Assert.That(tile.TryGetHash(new byte[(tile.W * 32) - 1], 10, out _), Is.False, "short data");
            Assert.That((tile with { N = tile.N + 1 }).TryGetHash(new byte[128], 10, out _), Is.False, "other tile");
            Assert.That((tile with { L = -1 }).TryGetHash(new byte[128], 10, out _), Is.False, "data tile");
        });
    }

    [Test]
    public void ParentTrimsToTheTree()
    {
        var t = new TlogTile(8, 0, 3, 256);
        Assert.That(t.Parent(1, 1000), Is.EqualTo(new TlogTile(8, 1, 0, 3)));
        Assert.That(t.Parent(0, 1000), Is.EqualTo(new TlogTile(8, 0, 3, 232)));
        Assert.That(t.Parent(0, 600), Is.Null);
        Assert.That(new TlogTile(8, 0, 1, 256).Parent(0, 600), Is.EqualTo(new TlogTile(8, 0, 1, 256)));
    }

    [Test]
    public void NewTilesCoverGrowth()
    {
        var tiles = TlogTile.NewTiles(2, 3, 9);
        Assert.That(tiles.Select(t => t.Path), Is.EqualTo(new[]
        {
            "tile/2/0/000", "tile/2/0/001", "tile/2/0/002.p/1", "tile/2/1/000.p/1", "tile/2/1/000.p/2",
        }));
        Assert.That(TlogTile.NewTiles(8, 0, 0), Is.Empty);
    }
}
