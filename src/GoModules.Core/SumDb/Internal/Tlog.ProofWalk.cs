using System;
using System.Collections.Generic;

namespace GoModules.SumDb.Internal;

/// <summary>
/// The descent that record proofs and tree proofs share: from the whole tree <c>[0, t)</c> toward record
/// <c>n</c> (or the old tree's edge <c>n</c>), splitting at the largest power of two below the width and sending the
/// hash of the subtree on the other side of each split, innermost first. Only where the descent stops and which side
/// of a split <c>n</c> falls on differ between the two kinds.
/// </summary>
internal static partial class Tlog
{
    /// <summary>Which proof a walk builds.</summary>
    private enum ProofKind
    {
        /// <summary>An inclusion (audit) proof: the walk stops at the leaf of record <c>n</c>.</summary>
        Record,

        /// <summary>A consistency proof: the walk stops at a subtree that ends at <c>n</c>.</summary>
        Tree,
    }

    /// <summary>Whether the walk over <c>[lo, hi)</c> has reached its end.</summary>
    private static bool AtWalkEnd(long lo, long hi, long n, ProofKind kind) => kind == ProofKind.Record ? lo + 1 == hi : n == hi;

    /// <summary>Whether the walk continues into the left subtree <c>[lo, mid)</c>.</summary>
    private static bool GoesLeft(long mid, long n, ProofKind kind) => kind == ProofKind.Record ? n < mid : n <= mid;

    /// <summary>The end of a tree-proof walk sends the subtree it stopped at, unless that is the old tree itself.</summary>
    private static bool SendsEndSubtree(long lo, ProofKind kind) => kind == ProofKind.Tree && lo != 0;

    /// <summary>The stored hash indexes a proof of <paramref name="kind"/> reads, in order.</summary>
    private static long[] ProofIndexes(long t, long n, ProofKind kind)
    {
        var need = new List<long>();
        ProofIndexes(0, t, n, kind, need);
        return need.ToArray();
    }

    /// <summary>Builds a proof of <paramref name="kind"/> from the stored hashes <see cref="ProofIndexes(long, long, ProofKind)"/> named.</summary>
    private static TlogHash[] Prove(long t, long n, ProofKind kind, ReadOnlySpan<TlogHash> hashes)
    {
        var proof = new List<TlogHash>();
        var position = 0;
        ProveWalk(0, t, n, kind, hashes, ref position, proof);
        if (position != hashes.Length)
        {
            throw new InvalidOperationException(kind == ProofKind.Record ? "tlog: bad index math in ProveRecord" : "tlog: bad index math in ProveTree");
        }

        return proof.ToArray();
    }

    /// <summary>Adds the stored hash indexes the walk over <c>[lo, hi)</c> reads, in the order it reads them.</summary>
    private static void ProofIndexes(long lo, long hi, long n, ProofKind kind, List<long> need)
    {
        if (AtWalkEnd(lo, hi, n, kind))
        {
            if (SendsEndSubtree(lo, kind))
            {
                SubTreeIndexes(lo, hi, need);
            }

            return;
        }

        var k = SplitPoint(hi - lo, out _);
        if (GoesLeft(lo + k, n, kind))
        {
            ProofIndexes(lo, lo + k, n, kind, need);
            SubTreeIndexes(lo + k, hi, need);
        }
        else
        {
            SubTreeIndexes(lo, lo + k, need);
            ProofIndexes(lo + k, hi, n, kind, need);
        }
    }

    /// <summary>Appends the proof hashes of the walk over <c>[lo, hi)</c>, reading stored hashes from <paramref name="position"/> on.</summary>
    private static void ProveWalk(long lo, long hi, long n, ProofKind kind, ReadOnlySpan<TlogHash> hashes, ref int position, List<TlogHash> proof)
    {
        if (AtWalkEnd(lo, hi, n, kind))
        {
            if (SendsEndSubtree(lo, kind))
            {
                proof.Add(SubTreeHash(lo, hi, hashes, ref position));
            }

            return;
        }

        var k = SplitPoint(hi - lo, out _);
        TlogHash sibling;
        if (GoesLeft(lo + k, n, kind))
        {
            ProveWalk(lo, lo + k, n, kind, hashes, ref position, proof);
            sibling = SubTreeHash(lo + k, hi, hashes, ref position);
        }
        else
        {
            sibling = SubTreeHash(lo, lo + k, hashes, ref position);
            ProveWalk(lo + k, hi, n, kind, hashes, ref position, proof);
        }

        proof.Add(sibling);
    }
}
