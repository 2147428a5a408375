using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <summary>
/// A client of a Go checksum database (GOSUMDB): it looks up the go.sum lines of a module version
/// and proves that they are what the database has published to everyone.
/// </summary>
/// <remarks>
/// <para>
/// A lookup (<c>/lookup/&lt;escaped path&gt;@&lt;escaped version&gt;</c>) answers with a record, the
/// go.sum lines of the module version, and a signed tree head: the size and root hash of the
/// database's transparency log, signed with the database's key. The client
/// </para>
/// <list type="number">
/// <item><description>checks the tree head's signature against the configured <see cref="NoteVerifier"/>;</description></item>
/// <item><description>checks that the tree is consistent with the latest tree it has seen before (the same tree, an older
/// prefix of it, or a newer tree that extends it), so that the database cannot show different users different
/// histories (a fork) or roll back; a proven fork is reported with the go command's "SECURITY ERROR" report;</description></item>
/// <item><description>checks that the record's hash is in the tree, using tiles (<c>/tile/H/L/NNN[.p/W]</c>) that are themselves
/// authenticated against the signed root hash;</description></item>
/// <item><description>checks that the record holds the go.sum lines of the module version asked for (the zip line and the
/// <c>/go.mod</c> line): a record of anything else, even a genuine one, is never cached or remembered, and a lookup whose
/// line is missing fails as the go command fails it ("checksum missing from sumdb response");</description></item>
/// <item><description>and only then caches the record and the tiles and, when the tree moved forward, records the new latest
/// tree head with a compare-and-swap that merges concurrent updates by other processes.</description></item>
/// </list>
/// <para>
/// Any answer that fails these checks raises <see cref="ChecksumDatabaseSecurityException"/> and leaves no trace in the
/// cache or the configuration. Failures of the transport (network errors, HTTP statuses) propagate unchanged.
/// </para>
/// <para>
/// All members are safe for concurrent use. Verified records and tiles are kept in memory for the life of the client,
/// and concurrent lookups of the same module version share one request. See
/// https://go.dev/ref/mod#checksum-database and https://research.swtch.com/tlog.
/// </para>
/// </remarks>
public sealed class ChecksumDatabaseClient
{
    private readonly NoteVerifier[] _verifiers;
    private readonly IChecksumDatabaseTransport _transport;
    private readonly int _height;
    private readonly int _maxLookupBytes;
    private readonly string _latestFile;

    private readonly SingleFlight<string, bool> _init = new(StringComparer.Ordinal);

    private readonly Lock _latestLock = new();
    private TreeHead _latest = new(0, Tlog.EmptyTreeHash); // before any signed head: the empty tree, as the go command starts
    private byte[] _latestMsg = [];

    private readonly ConcurrentDictionary<TlogTile, byte[]> _tiles = new();
    private readonly ConcurrentDictionary<TlogTile, bool> _tilesOnDisk = new();
    private readonly SingleFlight<string, VerifiedRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailureMemo> _failures = new(StringComparer.Ordinal);
    private readonly TimeSpan _failureRetention;
    private readonly TimeProvider _clock;

    /// <summary>Creates a client for the database whose key is <paramref name="verifier"/>.</summary>
    /// <param name="verifier">The database's public key; its name is the database name.</param>
    /// <param name="transport">Access to the server, the configuration and the cache.</param>
    /// <param name="options">Settings, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="verifier"/> or <paramref name="transport"/> is null.</exception>
    public ChecksumDatabaseClient(NoteVerifier verifier, IChecksumDatabaseTransport transport, ChecksumDatabaseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new ChecksumDatabaseOptions();
        Verifier = verifier;
        _verifiers = [verifier];
        _transport = transport;
        _height = options.TileHeight;
        _maxLookupBytes = options.MaxLookupResponseBytes;
        _latestFile = verifier.Name + "/latest";
        _failureRetention = options.FailureRetention;
        _clock = options.TimeProvider;
    }

    /// <summary>Gets the database name (the verifier key's name).</summary>
    /// <value>For example <c>sum.golang.org</c>.</value>
    public string Name => Verifier.Name;

    /// <summary>Gets the database's public key.</summary>
    /// <value>The verifier given to the constructor.</value>
    public NoteVerifier Verifier { get; }

    /// <summary>Gets the latest tree head this client has verified (size and root hash), for diagnostics.</summary>
    internal TreeHead LatestTree
    {
        get
        {
            lock (_latestLock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Looks up the go.sum lines the database holds for a module version, proving them as described in the type remarks.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="version">The version; with a <c>/go.mod</c> suffix for the go.mod-only line.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The lines <c>path version hash</c> (or <c>path version/go.mod hash</c>) for exactly that version; at least one of
    /// them is an <c>h1:</c> line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="version"/> is null.</exception>
    /// <exception cref="InvalidModulePathException">The path is not a valid module path.</exception>
    /// <exception cref="InvalidModuleVersionException">The version (without a <c>/go.mod</c> suffix) cannot be escaped.</exception>
    /// <exception cref="ChecksumDatabaseSecurityException">The answer, a tile or the stored latest tree head does not verify, or the
    /// verified record has no <c>h1:</c> line for <paramref name="path"/> and <paramref name="version"/> (the go command's
    /// "checksum missing from sumdb response").</exception>
    /// <exception cref="OperationCanceledException">The lookup was cancelled.</exception>
    public async ValueTask<IReadOnlyList<string>> LookupAsync(string path, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        cancellationToken.ThrowIfCancellationRequested();

        const string GoModSuffix = "/go.mod";
        var bareVersion = version.EndsWith(GoModSuffix, StringComparison.Ordinal) ? version[..^GoModSuffix.Length] : version;
        var remotePath = "/lookup/" + ModulePath.EscapePath(path) + "@" + ModulePath.EscapeVersion(bareVersion);
        var file = Name + remotePath;

        using var activity = GoModulesDiagnostics.ActivitySource.HasListeners()
            ? GoModulesDiagnostics.ActivitySource.StartActivity("GoModules.SumDb lookup", ActivityKind.Internal)
            : null;
        if (activity is not null)
        {
            activity.SetTag("gomodules.module.path", path);
            activity.SetTag("gomodules.module.version", version);
            activity.SetTag("gomodules.sumdb.name", Name);
        }

        byte[] text;
        var fromCache = false;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            (text, fromCache) = await GetVerifiedRecordAsync(file, remotePath, path, bareVersion, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("gomodules.sumdb.tree_size", LatestTree.N);
        }
        catch (Exception ex) when (ex is not ChecksumDatabaseSecurityException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Metrics.ChecksumDatabaseLookup("error", fromCache: false);
            throw;
        }
        catch (ChecksumDatabaseSecurityException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Metrics.ChecksumDatabaseLookup("security-error", fromCache: false);
            var module = ModulePath.TryParse(path, out var modulePath) ? new ModuleVersion(modulePath, version) : (ModuleVersion?)null;
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbModuleError, path, version, ex.Message), module, ex) { IsFork = ex.IsFork };
        }

        var prefix = path + " " + version + " ";
        var lines = new List<string>(2);
        var hasH1 = false;
        foreach (var line in Encoding.UTF8.GetString(text).Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                lines.Add(line);
                hasH1 |= string.CompareOrdinal(line, prefix.Length, "h1:", 0, 3) == 0;
            }
        }

        if (!hasH1)
        {
            // A genuine record, but not of what was asked (or without its hash): no line is no answer, never a yes.
            activity?.SetStatus(ActivityStatusCode.Error, "checksum missing from sumdb response");
            Metrics.ChecksumDatabaseLookup("security-error", fromCache);
            var module = ModulePath.TryParse(path, out var modulePath) ? new ModuleVersion(modulePath, version) : (ModuleVersion?)null;
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbModuleError, path, version, SR.SumDbChecksumMissing), module) { IsChecksumMissing = true };
        }

        Metrics.ChecksumDatabaseLookup("ok", fromCache);
        return lines;
    }

    /// <summary>
    /// Whether a record holds both <c>h1:</c> lines of a module version, <c>path version h1:…</c> and
    /// <c>path version/go.mod h1:…</c>, as every record the database publishes for it does.
    /// </summary>
    private static bool HoldsBothLines(byte[] text, string path, string bareVersion)
    {
        var zip = Encoding.UTF8.GetBytes(path + " " + bareVersion + " h1:");
        var goMod = Encoding.UTF8.GetBytes(path + " " + bareVersion + "/go.mod h1:");
        bool hasZip = false, hasGoMod = false;
        ReadOnlySpan<byte> rest = text;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            hasZip |= line.StartsWith(zip);
            hasGoMod |= line.StartsWith(goMod);
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return hasZip && hasGoMod;
    }

    /// <summary>Loads the latest tree head from the configuration once; a failed load is retried by the next call.</summary>
    private Task<bool> EnsureInitializedAsync(CancellationToken cancellationToken)
        => _init.RunAsync(_latestFile, (_, ct) => InitializeAsync(ct), cancellationToken);

    private async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        var msg = await _transport.ReadConfigAsync(_latestFile, cancellationToken).ConfigureAwait(false);
        if (msg.Length == 0)
        {
            return true;
        }

        TreeHead tree;
        try
        {
            tree = OpenTree(msg);
        }
        catch (ChecksumDatabaseSecurityException ex)
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbInitializing, ex.Message), ex);
        }

        lock (_latestLock)
        {
            if (tree.N > _latest.N)
            {
                _latest = tree;
                _latestMsg = msg;
            }
        }

        return true;
    }

    /// <summary>
    /// The verified record text for a lookup file, shared by concurrent callers. A failure is reported again, without a
    /// request, for <see cref="ChecksumDatabaseOptions.FailureRetention"/>.
    /// </summary>
    private async Task<(byte[] Text, bool FromCache)> GetVerifiedRecordAsync(string file, string remotePath, string path, string bareVersion, CancellationToken cancellationToken)
    {
        if (_failures.TryGetValue(file, out var memo))
        {
            if (memo.IsLive(_clock))
            {
                memo.Failure.Throw();
            }

            _failures.TryRemove(new KeyValuePair<string, FailureMemo>(file, memo));
        }

        // The shared lookup runs with a token of its own: a caller that gives up does not fail the others, and the
        // lookup stops only when every caller has given up.
        try
        {
            var record = await _records.RunAsync(file, (f, ct) => FetchRecordAsync(f, remotePath, path, bareVersion, ct), cancellationToken).ConfigureAwait(false);
            if (!record.HoldsBothLines)
            {
                // Not remembered: the next lookup asks again (the fetch itself has already let go of it too).
                _records.ForgetCompleted(file);
            }

            return (record.Text, record.FromCache);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            if (FailureMemo.Remember(ex, _failureRetention, _clock) is { } failure)
            {
                _failures[file] = failure;
            }

            throw;
        }
    }

    private async Task<VerifiedRecord> FetchRecordAsync(string file, string remotePath, string path, string bareVersion, CancellationToken cancellationToken)
    {
        // The cache only ever holds verified answers, but it is checked again: a damaged or stale cache entry, or
        // one that is not the record of this module version (as another client may have cached it), is replaced by
        // a fresh answer rather than trusted.
        var cached = await ReadCacheQuietlyAsync(file, cancellationToken).ConfigureAwait(false);
        if (cached is not null && TlogRecord.TryParse(cached, out _, out var cachedText, out _) && HoldsBothLines(cached[cachedText], path, bareVersion))
        {
            try
            {
                return await VerifyAndCommitAsync(cached, file, fromCache: true, holdsBothLines: true, cancellationToken).ConfigureAwait(false);
            }
            catch (ChecksumDatabaseSecurityException)
            {
                // Fall through to the server.
            }
        }

        var data = await _transport.ReadRemoteAsync(remotePath, _maxLookupBytes, cancellationToken).ConfigureAwait(false);
        if (data.Length > _maxLookupBytes)
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbResponseTooLarge, remotePath, _maxLookupBytes));
        }

        var holdsBothLines = TlogRecord.TryParse(data, out _, out var textRange, out _) && HoldsBothLines(data[textRange], path, bareVersion);
        var record = await VerifyAndCommitAsync(data, file, fromCache: false, holdsBothLines, cancellationToken).ConfigureAwait(false);
        // Proven but not (all of) the record of this module version: VerifyAndCommitAsync did not cache it, and the
        // caller forgets it from memory once the shared lookup completes.
        return record;
    }

    /// <summary>
    /// Verifies a lookup answer, then keeps the tiles and tree head it was proven with and, when it is from the server
    /// and holds both lines of the module version (<paramref name="holdsBothLines"/>), caches it.
    /// </summary>
    private async Task<VerifiedRecord> VerifyAndCommitAsync(byte[] data, string file, bool fromCache, bool holdsBothLines, CancellationToken cancellationToken)
    {
        if (!TlogRecord.TryParse(data, out var id, out var textRange, out var restStart))
        {
            throw new ChecksumDatabaseSecurityException(SR.SumDbMalformedRecord);
        }

        var text = data[textRange];
        var treeMsg = data[restStart..];
        var tree = OpenTree(treeMsg);
        var session = new Session(this);

        // 1. The tree must be on our timeline; 2. the record must be in it (checked in the newer of the
        // two trees, as the go command does); 3. only then may the timeline move forward.
        while (true)
        {
            var basis = SnapshotLatest();
            var newer = await CheckAgainstTimelineAsync(tree, treeMsg, basis, session, cancellationToken).ConfigureAwait(false);
            await CheckRecordAsync(id, text, newer.Tree, session, cancellationToken).ConfigureAwait(false);
            if (newer.Tree.N <= basis.Tree.N || TryInstall(basis.Tree, tree, treeMsg))
            {
                break;
            }

            // Another lookup moved the timeline meanwhile: check against the new latest tree.
        }

        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (!fromCache && holdsBothLines)
        {
            await WriteCacheQuietlyAsync(file, data, cancellationToken).ConfigureAwait(false);
        }

        await FlushLatestAsync(cancellationToken).ConfigureAwait(false);
        return new VerifiedRecord(text, holdsBothLines, fromCache);
    }

    private (TreeHead Tree, byte[] Msg) SnapshotLatest()
    {
        lock (_latestLock)
        {
            return (_latest, _latestMsg);
        }
    }

    private bool TryInstall(TreeHead basis, TreeHead tree, byte[] msg)
    {
        lock (_latestLock)
        {
            if (_latest != basis)
            {
                return false;
            }

            _latest = tree;
            _latestMsg = msg;
            return true;
        }
    }

    /// <summary>
    /// Checks that <paramref name="tree"/> and the latest tree (as in <paramref name="snapshot"/>) lie on one timeline (the
    /// smaller one is a prefix of the larger) and returns the larger of the two.
    /// </summary>
    private static async Task<(TreeHead Tree, byte[] Msg)> CheckAgainstTimelineAsync(TreeHead tree, byte[] msg, (TreeHead Tree, byte[] Msg) snapshot, Session session, CancellationToken cancellationToken)
    {
        var (latest, latestMsg) = snapshot;
        if (tree.N <= latest.N)
        {
            await CheckTreesAsync(tree, msg, latest, latestMsg, session, cancellationToken).ConfigureAwait(false);
            return (latest, latestMsg);
        }

        await CheckTreesAsync(latest, latestMsg, tree, msg, session, cancellationToken).ConfigureAwait(false);
        return (tree, msg);
    }

    /// <summary>Checks that <paramref name="older"/> is a prefix of <paramref name="newer"/>; a mismatch is a proven fork.</summary>
    private static async Task CheckTreesAsync(TreeHead older, byte[] olderMsg, TreeHead newer, byte[] newerMsg, Session session, CancellationToken cancellationToken)
    {
        if (older == newer)
        {
            return;
        }

        // Two signed heads of one size with different hashes need no tiles to prove a fork. The empty tree has one
        // hash whatever the newer tree says (SHA-256 of the empty string, as in x/mod v0.19 and later).
        var h = newer.Hash;
        if (older.N == 0)
        {
            h = Tlog.EmptyTreeHash;
        }
        else if (older.N != newer.N)
        {
            var hashes = await TileHashReader.ReadHashesAsync(newer, Tlog.TreeHashIndexes(older.N), session, cancellationToken).ConfigureAwait(false);
            h = Tlog.TreeHash(older.N, hashes);
        }

        if (h == older.Hash)
        {
            return;
        }

        // A fork: the newer tree's own tiles give another hash for the older tree's size. Report both
        // signed heads and the proof, so that the report stands without the server.
        var proof = new StringBuilder(h.ToString());
        if (older.N > 0 && older.N != newer.N)
        {
            var proofHashes = await TileHashReader.ReadHashesAsync(newer, Tlog.TreeProofIndexes(newer.N, older.N), session, cancellationToken).ConfigureAwait(false);
            foreach (var p in Tlog.ProveTree(newer.N, older.N, proofHashes))
            {
                proof.Append("\n\t").Append(p.ToString());
            }
        }

        throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbFork, Indent(olderMsg), Indent(newerMsg), proof))
        {
            IsFork = true,
        };
    }

    private static string Indent(byte[] msg) => Encoding.UTF8.GetString(msg).Replace("\n", "\n\t", StringComparison.Ordinal);

    /// <summary>Checks that record <paramref name="id"/> of <paramref name="tree"/> hashes to <paramref name="text"/>.</summary>
    private static async Task CheckRecordAsync(long id, byte[] text, TreeHead tree, Session session, CancellationToken cancellationToken)
    {
        if (id >= tree.N)
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbCannotValidateRecord, id, tree.N));
        }

        var hashes = await TileHashReader.ReadHashesAsync(tree, [Tlog.StoredHashIndex(0, id)], session, cancellationToken).ConfigureAwait(false);
        if (hashes[0] != Tlog.RecordHash(text))
        {
            throw new ChecksumDatabaseSecurityException(SR.SumDbCannotAuthenticateRecord);
        }
    }

    /// <summary>
    /// Records the in-memory latest tree head in the configuration, merging with a newer one another process may have
    /// written: re-read, verify, and write only over the exact content read (compare-and-swap).
    /// </summary>
    private async Task FlushLatestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var stored = await _transport.ReadConfigAsync(_latestFile, cancellationToken).ConfigureAwait(false);
            var (latest, latestMsg) = SnapshotLatest();
            if (stored.Length == 0)
            {
                if (latest.N == 0)
                {
                    return;
                }
            }
            else
            {
                var tree = OpenTree(stored);
                if (tree.N >= latest.N)
                {
                    // Same or newer: adopt it (after checking it is on our timeline) and stop.
                    var session = new Session(this);
                    var newer = await CheckAgainstTimelineAsync(tree, stored, (latest, latestMsg), session, cancellationToken).ConfigureAwait(false);
                    await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                    if (newer.Tree.N == latest.N || TryInstall(latest, tree, stored))
                    {
                        return;
                    }

                    continue;
                }

                // Older: it must still be on our timeline before we overwrite it.
                var check = new Session(this);
                await CheckTreesAsync(tree, stored, latest, latestMsg, check, cancellationToken).ConfigureAwait(false);
                await check.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await _transport.WriteConfigAsync(_latestFile, stored, latestMsg, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Opens a signed tree note with the database key and parses the tree.</summary>
    private TreeHead OpenTree(byte[] msg)
    {
        SignedNote note;
        try
        {
            note = SignedNote.Open(msg, _verifiers);
        }
        catch (SignedNoteException ex)
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbReadingTreeNote, ex.Message, Encoding.UTF8.GetString(msg)), ex);
        }

        if (!TreeHead.TryParse(note.Text, out var tree))
        {
            throw new ChecksumDatabaseSecurityException(SumDbText.Format(SR.SumDbReadingTree, note.Text));
        }

        return tree;
    }

    private async Task<byte[]?> ReadCacheQuietlyAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            var data = await _transport.ReadCacheAsync(file, cancellationToken).ConfigureAwait(false);
            return data is { Length: > 0 } ? data : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any cache failure counts as a miss.
            return null;
        }
    }

    private async Task WriteCacheQuietlyAsync(string file, byte[] data, CancellationToken cancellationToken)
    {
        try
        {
            await _transport.WriteCacheAsync(file, data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The data can be fetched again next time.
        }
    }

    /// <summary>A proven record's text, and whether it holds both go.sum lines of the module version it was looked up for.</summary>
    // FromCache: the record was read from the local copy of the database rather than by a lookup request.
    private sealed record VerifiedRecord(byte[] Text, bool HoldsBothLines, bool FromCache);

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
