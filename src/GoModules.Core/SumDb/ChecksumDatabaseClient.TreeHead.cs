using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.SumDb.Internal;

namespace GoModules.SumDb;

/// <content>The latest signed tree head: installing newer heads, detecting forks against the timeline, and persisting it.</content>
public sealed partial class ChecksumDatabaseClient
{
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
}
