using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Security.Cryptography;

namespace GoModules.SumDb.Internal;

/// <summary>
/// The hashing rules of the checksum database's transparency log ("tlog"), which follows
/// Certificate Transparency (RFC 6962 §2.1): a record hashes as SHA-256(0x00 ‖ data), an interior
/// node as SHA-256(0x01 ‖ left ‖ right), and a tree of n records splits into a left subtree holding
/// the largest power of two strictly below n and a right subtree with the rest.
/// </summary>
/// <remarks>
/// <para>
/// Every hash the log ever computes for a complete subtree gets a number, the "stored hash index":
/// the hashes are laid out in the order a log appending records one at a time would store them,
/// each record's leaf hash followed by the hashes of the subtrees it completes (Crosby and Wallach,
/// "Efficient Data Structures for Tamper-Evident Logging", §3.3). Tiles are slices of that storage.
/// </para>
/// <para>
/// To keep the proof logic free of I/O, each computation comes in two halves: one that lists the
/// stored hash indexes it needs, and one that combines those hashes (given in the same order).
/// </para>
/// </remarks>
internal static partial class Tlog
{
    /// <summary>SHA-256(0x00 ‖ data): the leaf hash of a record.</summary>
    public static TlogHash RecordHash(ReadOnlySpan<byte> data)
    {
        byte[]? rented = null;
        var buffer = data.Length < 1024 ? stackalloc byte[1 + data.Length] : (rented = ArrayPool<byte>.Shared.Rent(1 + data.Length));
        try
        {
            buffer[0] = 0x00;
            data.CopyTo(buffer[1..]);
            Span<byte> digest = stackalloc byte[TlogHash.Size];
            SHA256.HashData(buffer[..(1 + data.Length)], digest);
            return new TlogHash(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right): the hash of an interior node.</summary>
    public static TlogHash NodeHash(in TlogHash left, in TlogHash right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * TlogHash.Size)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + TlogHash.Size)..]);
        Span<byte> digest = stackalloc byte[TlogHash.Size];
        SHA256.HashData(buffer, digest);
        return new TlogHash(digest);
    }

    /// <summary>The largest power of two strictly less than <paramref name="n"/> (n ≥ 2), and its log₂.</summary>
    private static long SplitPoint(long n, out int level)
    {
        level = 63 - BitOperations.LeadingZeroCount((ulong)(n - 1));
        return 1L << level;
    }

    /// <summary>
    /// The position in hash storage of the hash of the <paramref name="n"/>th subtree at
    /// <paramref name="level"/> (level 0 = records, level k = subtrees of 2^k records).
    /// </summary>
    public static long StoredHashIndex(int level, long n)
    {
        // A level-L node is stored right after the last leaf it covers and the L-1 nodes below it
        // on its right edge; that leaf is record ((n+1) << L) - 1.
        for (var l = level; l > 0; l--)
        {
            n = (2 * n) + 1;
        }

        // Before record n's leaf come all hashes stored for records 0..n-1: n + n/2 + n/4 + ...
        var index = 0L;
        for (; n > 0; n >>= 1)
        {
            index += n;
        }

        return index + level;
    }

    /// <summary>The inverse of <see cref="StoredHashIndex"/>.</summary>
    public static (int Level, long N) SplitStoredHashIndex(long index)
    {
        // Record r's leaf is stored at an index below 2r, so the record that stored this hash lies in
        // [index/2, index/2 + log₂ index]; step forward from the lower bound.
        var n = index / 2;
        var leafIndex = StoredHashIndex(0, n);
        while (true)
        {
            // Record n stores its leaf plus one hash per trailing one bit of n.
            var next = leafIndex + 1 + BitOperations.TrailingZeroCount((ulong)(n + 1));
            if (next > index)
            {
                break;
            }

            n++;
            leafIndex = next;
        }

        var level = (int)(index - leafIndex);
        return (level, n >> level);
    }

    /// <summary>How many hashes a log of <paramref name="n"/> records has stored.</summary>
    public static long StoredHashCount(long n)
    {
        if (n == 0)
        {
            return 0;
        }

        var count = StoredHashIndex(0, n - 1) + 1;
        for (var i = (ulong)(n - 1); (i & 1) != 0; i >>= 1)
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The stored hash indexes needed to compute the hashes a log stores when appending record
    /// <paramref name="n"/>: the left siblings of the subtrees that record completes.
    /// </summary>
    public static long[] StoredHashesIndexes(long n)
    {
        var m = BitOperations.TrailingZeroCount((ulong)(n + 1));
        var indexes = new long[m];
        for (var i = 0; i < m; i++)
        {
            indexes[m - 1 - i] = StoredHashIndex(i, (n >> i) - 1);
        }

        return indexes;
    }

    /// <summary>
    /// The hashes to store (starting at <c>StoredHashIndex(0, n)</c>) when appending record
    /// <paramref name="n"/> with leaf hash <paramref name="recordHash"/>, given the hashes listed by
    /// <see cref="StoredHashesIndexes"/>.
    /// </summary>
    public static TlogHash[] StoredHashes(long n, TlogHash recordHash, ReadOnlySpan<TlogHash> siblings)
    {
        var m = BitOperations.TrailingZeroCount((ulong)(n + 1));
        if (siblings.Length != m)
        {
            throw new ArgumentException("Wrong number of sibling hashes.", nameof(siblings));
        }

        var result = new TlogHash[m + 1];
        result[0] = recordHash;
        var h = recordHash;
        for (var i = 0; i < m; i++)
        {
            h = NodeHash(siblings[m - 1 - i], h);
            result[i + 1] = h;
        }

        return result;
    }

    /// <summary>Appends the stored hash indexes of the complete subtrees that make up records [lo, hi).</summary>
    public static void SubTreeIndexes(long lo, long hi, List<long> need)
    {
        while (lo < hi)
        {
            var k = LargestAlignedPowerOfTwo(lo, hi, out var level);
            need.Add(StoredHashIndex(level, lo >> level));
            lo += k;
        }
    }

    /// <summary>
    /// Combines the hashes listed by <see cref="SubTreeIndexes"/> for [lo, hi), starting at
    /// <paramref name="position"/>, which is advanced past the hashes used.
    /// </summary>
    public static TlogHash SubTreeHash(long lo, long hi, ReadOnlySpan<TlogHash> hashes, ref int position)
    {
        var count = 0;
        for (var x = lo; x < hi; count++)
        {
            x += LargestAlignedPowerOfTwo(x, hi, out _);
        }

        if (count == 0 || position + count > hashes.Length)
        {
            throw new InvalidOperationException("tlog: bad index math in SubTreeHash");
        }

        var h = hashes[position + count - 1];
        for (var i = count - 2; i >= 0; i--)
        {
            h = NodeHash(hashes[position + i], h);
        }

        position += count;
        return h;
    }

    /// <summary>The size of the first complete subtree of [lo, hi): the largest power of two k ≤ hi − lo (lo is then a multiple of k).</summary>
    private static long LargestAlignedPowerOfTwo(long lo, long hi, out int level)
    {
        var k = SplitPoint(hi - lo + 1, out level);
        if ((lo & (k - 1)) != 0)
        {
            throw new InvalidOperationException("tlog: bad math in subtree split");
        }

        return k;
    }

    /// <summary>The stored hash indexes needed by <see cref="TreeHash"/> for a tree of <paramref name="n"/> records.</summary>
    public static long[] TreeHashIndexes(long n)
    {
        var need = new List<long>();
        SubTreeIndexes(0, n, need);
        return need.ToArray();
    }

    /// <summary>
    /// The root hash of the empty tree, SHA-256 of the empty string (RFC 6962, section 2.1), as x/mod v0.19 and later
    /// have it; older x/mod releases (Go 1.19's v0.7.0) used all zeros.
    /// </summary>
    public static readonly TlogHash EmptyTreeHash = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>The root hash of the tree of <paramref name="n"/> records (<see cref="EmptyTreeHash"/> when n = 0).</summary>
    public static TlogHash TreeHash(long n, ReadOnlySpan<TlogHash> hashes)
    {
        if (n == 0)
        {
            return EmptyTreeHash;
        }

        var position = 0;
        var h = SubTreeHash(0, n, hashes, ref position);
        if (position != hashes.Length)
        {
            throw new InvalidOperationException("tlog: bad index math in TreeHash");
        }

        return h;
    }
}
