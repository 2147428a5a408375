using System;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.SumDb;

/// <summary>
/// The I/O that a <see cref="ChecksumDatabaseClient"/> needs: reading from the database server,
/// keeping the latest signed tree head, and caching verified lookups and tiles. This is the seam
/// between the protocol logic and the outside world (x/mod's <c>sumdb.ClientOps</c>).
/// </summary>
/// <remarks>
/// <para>
/// Implementations must be safe for concurrent use. File names are relative, use '/', and begin
/// with the database name: <c>&lt;name&gt;/latest</c> for the configuration,
/// <c>&lt;name&gt;/lookup/&lt;escaped path&gt;@&lt;escaped version&gt;</c> and
/// <c>&lt;name&gt;/tile/H/L/NNN[.p/W]</c> for the cache. The client only writes data it has verified.
/// </para>
/// <para>
/// <c>FileSystemChecksumDatabaseTransport</c> keeps the configuration and cache where the
/// go command keeps them.
/// </para>
/// </remarks>
public interface IChecksumDatabaseTransport
{
    /// <summary>Reads a path from the database server.</summary>
    /// <param name="path">The server path: <c>/lookup/…</c> or <c>/tile/…</c>, to be joined to the database's base URL as is.</param>
    /// <param name="maxLength">The longest answer the client will accept; an implementation should stop reading a longer body and may throw.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The body of a successful (200) response; may be longer than <paramref name="maxLength"/>, which the client rejects.</returns>
    /// <exception cref="Exception">Any failure, including a non-200 status (for HTTP, 404 and 410 as not-found errors where the implementation can tell).</exception>
    ValueTask<byte[]> ReadRemoteAsync(string path, int maxLength, CancellationToken cancellationToken = default);

    /// <summary>Reads a configuration file, such as <c>&lt;name&gt;/latest</c>, the latest signed tree head.</summary>
    /// <param name="file">The configuration file name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content; empty when the file does not exist yet (the client then starts from the empty tree).</returns>
    ValueTask<byte[]> ReadConfigAsync(string file, CancellationToken cancellationToken = default);

    /// <summary>Replaces a configuration file atomically, if it still holds <paramref name="oldValue"/> (compare-and-swap).</summary>
    /// <param name="file">The configuration file name.</param>
    /// <param name="oldValue">The content the caller read before.</param>
    /// <param name="newValue">The new content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when written; false when the file changed in the meantime (a write conflict), in which case the client reads it again and merges.</returns>
    ValueTask<bool> WriteConfigAsync(string file, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken = default);

    /// <summary>Reads a cache file.</summary>
    /// <param name="file">The cache file name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content, or null when the file is missing (or empty, or unreadable).</returns>
    ValueTask<byte[]?> ReadCacheAsync(string file, CancellationToken cancellationToken = default);

    /// <summary>Writes a cache file. Failures may be ignored: the data can be fetched again.</summary>
    /// <param name="file">The cache file name.</param>
    /// <param name="data">The verified content.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the write is done.</returns>
    ValueTask WriteCacheAsync(string file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
