using System;

namespace GoModules.SumDb.Internal;

/// <summary>Proofs that a tree is a prefix of a later one: which hashes they need, how they are made and checked.</summary>
internal static partial class Tlog
{
    /// <summary>The stored hash indexes needed to prove that the tree of size <paramref name="t"/> extends the tree of size <paramref name="n"/>.</summary>
    public static long[] TreeProofIndexes(long t, long n)
    {
        if (t < 1 || n < 1 || n > t)
        {
            throw new ArgumentException("tlog: invalid inputs in ProveTree");
        }

        return ProofIndexes(t, n, ProofKind.Tree);
    }

    /// <summary>Builds the RFC 6962 consistency proof between the trees of sizes <paramref name="n"/> ≤ <paramref name="t"/>.</summary>
    public static TlogHash[] ProveTree(long t, long n, ReadOnlySpan<TlogHash> hashes) => Prove(t, n, ProofKind.Tree, hashes);

    /// <summary>True when <paramref name="proof"/> shows that the tree (<paramref name="t"/>, <paramref name="treeHash"/>) has the tree (<paramref name="n"/>, <paramref name="oldHash"/>) as a prefix.</summary>
    public static bool CheckTree(ReadOnlySpan<TlogHash> proof, long t, in TlogHash treeHash, long n, in TlogHash oldHash)
    {
        if (t < 1 || n < 1 || n > t)
        {
            return false;
        }

        return RunTreeProof(proof, 0, t, n, oldHash, out var oldComputed, out var newComputed)
            && oldComputed == oldHash && newComputed == treeHash;
    }

    private static bool RunTreeProof(ReadOnlySpan<TlogHash> proof, long lo, long hi, long n, in TlogHash old, out TlogHash oldResult, out TlogHash newResult)
    {
        oldResult = default;
        newResult = default;
        if (n == hi)
        {
            if (lo == 0)
            {
                if (proof.Length != 0)
                {
                    return false;
                }

                oldResult = newResult = old;
                return true;
            }

            if (proof.Length != 1)
            {
                return false;
            }

            oldResult = newResult = proof[0];
            return true;
        }

        if (proof.Length == 0)
        {
            return false;
        }

        var k = SplitPoint(hi - lo, out _);
        var last = proof[^1];
        if (n <= lo + k)
        {
            if (!RunTreeProof(proof[..^1], lo, lo + k, n, old, out var o, out var t))
            {
                return false;
            }

            oldResult = o;
            newResult = NodeHash(t, last);
        }
        else
        {
            if (!RunTreeProof(proof[..^1], lo + k, hi, n, old, out var o, out var t))
            {
                return false;
            }

            oldResult = NodeHash(last, o);
            newResult = NodeHash(last, t);
        }

        return true;
    }
}
