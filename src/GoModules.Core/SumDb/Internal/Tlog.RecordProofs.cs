using System;

namespace GoModules.SumDb.Internal;

/// <summary>Proofs that a record is in a tree: which hashes they need, how they are made and checked.</summary>
internal static partial class Tlog
{
    /// <summary>The stored hash indexes needed to prove that record <paramref name="n"/> is in the tree of size <paramref name="t"/>.</summary>
    public static long[] RecordProofIndexes(long t, long n)
    {
        if (t < 0 || n < 0 || n >= t)
        {
            throw new ArgumentException("tlog: invalid inputs in ProveRecord");
        }

        return ProofIndexes(t, n, ProofKind.Record);
    }

    /// <summary>Builds the RFC 6962 audit path for record <paramref name="n"/> in the tree of size <paramref name="t"/>, leaf end first.</summary>
    public static TlogHash[] ProveRecord(long t, long n, ReadOnlySpan<TlogHash> hashes) => Prove(t, n, ProofKind.Record, hashes);

    /// <summary>True when <paramref name="proof"/> shows that the tree of size <paramref name="t"/> and hash <paramref name="treeHash"/> has <paramref name="recordHash"/> as record <paramref name="n"/>.</summary>
    public static bool CheckRecord(ReadOnlySpan<TlogHash> proof, long t, in TlogHash treeHash, long n, in TlogHash recordHash)
    {
        if (t < 0 || n < 0 || n >= t)
        {
            return false;
        }

        return RunRecordProof(proof, 0, t, n, recordHash, out var computed) && computed == treeHash;
    }

    private static bool RunRecordProof(ReadOnlySpan<TlogHash> proof, long lo, long hi, long n, in TlogHash leaf, out TlogHash result)
    {
        result = default;
        if (lo + 1 == hi)
        {
            // At the leaf every proof hash must have been used.
            if (proof.Length != 0)
            {
                return false;
            }

            result = leaf;
            return true;
        }

        if (proof.Length == 0)
        {
            return false;
        }

        var k = SplitPoint(hi - lo, out _);
        var last = proof[^1];
        if (n < lo + k)
        {
            if (!RunRecordProof(proof[..^1], lo, lo + k, n, leaf, out var left))
            {
                return false;
            }

            result = NodeHash(left, last);
        }
        else
        {
            if (!RunRecordProof(proof[..^1], lo + k, hi, n, leaf, out var right))
            {
                return false;
            }

            result = NodeHash(last, right);
        }

        return true;
    }
}
