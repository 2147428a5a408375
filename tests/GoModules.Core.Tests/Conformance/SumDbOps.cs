using GoModules.SumDb.Internal;

namespace GoModules.Tests.Conformance;

/// <summary>Checkers for the checksum-database ops of the conformance vectors.</summary>
public static class SumDbOps
{
    /// <summary>Tile coordinate path and its cache file for sum.golang.org.</summary>
    [ConformanceOp("sumdb_tile_path")]
    public static void TilePath(ConformanceVector v)
    {
        var tile = new TlogTile(
            v.Input.GetProperty("h").GetInt32(),
            v.Input.GetProperty("l").GetInt32(),
            v.Input.GetProperty("n").GetInt64(),
            v.Input.GetProperty("w").GetInt32());
        var path = tile.Path;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(path, Is.EqualTo(Json.Str(v.Expect, "path")), $"{v} input {v.Input}");
            Assert.That("cache/download/sumdb/sum.golang.org/" + path, Is.EqualTo(Json.Str(v.Expect, "cache_file")), $"{v} input {v.Input}");
            Assert.That(TlogTile.TryParsePath(path, out var parsed) && parsed == tile, Is.True, $"{v}: the path parses back");
        }
    }
}
