using System.Threading;
using System.Threading.Tasks;

namespace GoModules.SumDb.Internal;

/// <summary>Where a <see cref="TileHashReader"/> gets tiles from, and where it reports the ones it has authenticated.</summary>
internal interface ITileSource
{
    /// <summary>The tile height.</summary>
    int Height { get; }

    /// <summary>Reads the tiles. With <paramref name="skipLocalCache"/>, every tile is read from the server, none from memory or disk.</summary>
    ValueTask<TileData[]> ReadTilesAsync(TlogTile[] tiles, bool skipLocalCache, CancellationToken cancellationToken);

    /// <summary>Reports tiles proven to belong to a signed tree.</summary>
    void Authenticated(TlogTile[] tiles, TileData[] data);
}
