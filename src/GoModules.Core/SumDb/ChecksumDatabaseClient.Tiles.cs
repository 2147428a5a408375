using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <content>Tile fetching and verification for one answer (the per-answer session).</content>
public sealed partial class ChecksumDatabaseClient
{
    /// <summary>Where a tile came from.</summary>
    private enum TileOrigin
    {
        Memory,
        Disk,
        Remote,
    }

    /// <summary>
    /// The tiles read while verifying one answer. Tiles proven against a signed tree are held here and reach the client's
    /// memory and the on-disk cache only when the whole answer has verified (<see cref="CommitAsync"/>).
    /// </summary>
    private sealed class Session(ChecksumDatabaseClient client) : ITileSource
    {
        private readonly Dictionary<TlogTile, (byte[] Data, TileOrigin Origin)> _authenticated = new();
        private readonly Lock _lock = new();

        public int Height => client._height;

        public async ValueTask<TileData[]> ReadTilesAsync(TlogTile[] tiles, bool skipLocalCache, CancellationToken cancellationToken)
        {
            var tasks = new Task<(byte[] Data, TileOrigin Origin)>[tiles.Length];
            for (var i = 0; i < tiles.Length; i++)
            {
                tasks[i] = ReadTileAsync(tiles[i], skipLocalCache, cancellationToken);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
            var result = new TileData[tiles.Length];
            for (var i = 0; i < tiles.Length; i++)
            {
                var (data, origin) = await tasks[i].ConfigureAwait(false);
                result[i] = new TileData(data, origin != TileOrigin.Remote);
                lock (_lock)
                {
                    _origins[tiles[i]] = origin;
                }
            }

            return result;
        }

        private readonly Dictionary<TlogTile, TileOrigin> _origins = new();

        public void Authenticated(TlogTile[] tiles, TileData[] data)
        {
            lock (_lock)
            {
                for (var i = 0; i < tiles.Length; i++)
                {
                    // A tile read again within this session keeps its first origin, unless it was just read from the
                    // server (after kept data failed): then the server's copy replaces it, to be written to the cache.
                    var origin = _origins.TryGetValue(tiles[i], out var o) ? o : TileOrigin.Remote;
                    if (!_authenticated.ContainsKey(tiles[i]) || origin == TileOrigin.Remote)
                    {
                        _authenticated[tiles[i]] = (data[i].Data, origin);
                    }
                }
            }
        }

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            List<(TlogTile Tile, byte[] Data)> toWrite = [];
            lock (_lock)
            {
                foreach (var (tile, (data, origin)) in _authenticated)
                {
                    client._tiles.TryAdd(tile, data);
                    if (origin == TileOrigin.Disk)
                    {
                        client._tilesOnDisk.TryAdd(tile, true);
                    }
                    else if (origin == TileOrigin.Remote && client._tilesOnDisk.TryAdd(tile, true))
                    {
                        toWrite.Add((tile, data));
                    }
                }

                _authenticated.Clear();
            }

            foreach (var (tile, data) in toWrite)
            {
                await client.WriteCacheQuietlyAsync(client.Name + "/" + tile.Path, data, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<(byte[] Data, TileOrigin Origin)> ReadTileAsync(TlogTile tile, bool skipLocalCache, CancellationToken cancellationToken)
        {
            var full = tile.Full;
            var width = tile.W * TlogHash.Size;
            if (!skipLocalCache)
            {
                lock (_lock)
                {
                    if (_authenticated.TryGetValue(tile, out var mine))
                    {
                        return (mine.Data, mine.Origin == TileOrigin.Disk ? TileOrigin.Disk : TileOrigin.Memory);
                    }
                }

                if (client._tiles.TryGetValue(tile, out var known))
                {
                    return (known, TileOrigin.Memory);
                }

                if (!tile.IsFull && client._tiles.TryGetValue(full, out var knownFull) && knownFull.Length >= width)
                {
                    return (knownFull[..width], TileOrigin.Memory);
                }

                var disk = await client.ReadCacheQuietlyAsync(client.Name + "/" + tile.Path, cancellationToken).ConfigureAwait(false);
                if (disk is not null && disk.Length == width)
                {
                    return (disk, TileOrigin.Disk);
                }

                if (!tile.IsFull)
                {
                    var diskFull = await client.ReadCacheQuietlyAsync(client.Name + "/" + full.Path, cancellationToken).ConfigureAwait(false);
                    if (diskFull is not null && diskFull.Length == full.W * TlogHash.Size)
                    {
                        return (diskFull[..width], TileOrigin.Disk);
                    }
                }
            }

            // From the server: the tile as asked, or else (a partial tile the server no longer keeps because it has
            // been completed) the full tile, cut down to the width asked for.
            var transport = client._transport;
            try
            {
                return (await transport.ReadRemoteAsync("/" + tile.Path, width, cancellationToken).ConfigureAwait(false), TileOrigin.Remote);
            }
            catch (Exception first) when (!tile.IsFull && first is not OperationCanceledException)
            {
                byte[] fullData;
                try
                {
                    fullData = await transport.ReadRemoteAsync("/" + full.Path, full.W * TlogHash.Size, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception second) when (second is not OperationCanceledException)
                {
                    ExceptionDispatchInfo.Throw(first);
                    throw;
                }

                return (fullData.Length == full.W * TlogHash.Size ? fullData[..width] : fullData, TileOrigin.Remote);
            }
        }
    }
}
