using System.Security.Cryptography;
using System.Text;
using GoModules.SumDb.Internal;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TlogTests
{
    /// <summary>RFC 6962 §2.1 written out directly: MTH of a list of leaves, recursively.</summary>
    private static byte[] ReferenceRoot(IReadOnlyList<byte[]> leaves, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return SHA256.HashData([0x00, .. leaves[lo]]);
        }

        var k = 1;
        while (k * 2 < hi - lo)
        {
            k *= 2;
        }

        return SHA256.HashData([0x01, .. ReferenceRoot(leaves, lo, lo + k), .. ReferenceRoot(leaves, lo + k, hi)]);
    }

    private static (List<byte[]> Leaves, List<TlogHash> Stored) BuildLog(int n)
    {
        var leaves = new List<byte[]>();
        var stored = new List<TlogHash>();
        for (var i = 0; i < n; i++)
        {
            var data = Encoding.UTF8.GetBytes($"record {i}\n");
            leaves.Add(data);
            Assert.That(stored, Has.Count.EqualTo(Tlog.StoredHashIndex(0, i)), $"leaf {i} is stored where StoredHashIndex says");
            var siblings = Tlog.StoredHashesIndexes(i).Select(x => stored[(int)x]).ToArray();
            stored.AddRange(Tlog.StoredHashes(i, Tlog.RecordHash(data), siblings));
            Assert.That(stored, Has.Count.EqualTo(Tlog.StoredHashCount(i + 1)), $"count after {i + 1} records");
        }

        return (leaves, stored);
    }

    private static TlogHash[] Pick(List<TlogHash> stored, long[] indexes) => indexes.Select(i => stored[(int)i]).ToArray();

    [Test]
    public void RecordAndNodeHashesAreTheRfc6962Prefixes()
    {
        var data = "hello\n"u8.ToArray();
        Assert.That(Tlog.RecordHash(data).ToArray(), Is.EqualTo(SHA256.HashData([0x00, .. data])));
        var big = new byte[5000];
        Random.Shared.NextBytes(big);
        Assert.That(Tlog.RecordHash(big).ToArray(), Is.EqualTo(SHA256.HashData([0x00, .. big])));

        var l = Tlog.RecordHash("a"u8);
        var r = Tlog.RecordHash("b"u8);
        Assert.That(Tlog.NodeHash(l, r).ToArray(), Is.EqualTo(SHA256.HashData([0x01, .. l.ToArray(), .. r.ToArray()])));
        Assert.That(Tlog.NodeHash(l, r), Is.Not.EqualTo(Tlog.NodeHash(r, l)));
    }

    [Test]
    public void EmptyTreeHashIsTheHashOfTheEmptyString()
    {
        // x/mod v0.19 and later (RFC 6962 section 2.1); v0.7.0 had all zeros. Checked against x/mod v0.42.0 by
        // TlogProbeInteropTests.
        Assert.That(Tlog.TreeHash(0, []).ToArray(), Is.EqualTo(SHA256.HashData(ReadOnlySpan<byte>.Empty)));
        Assert.That(Tlog.TreeHash(0, []).ToString(), Is.EqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
        Assert.That(Tlog.TreeHashIndexes(0), Is.Empty);
    }

    [Test]
    public void TreeHashMatchesTheDirectDefinitionForEverySize()
    {
        var (leaves, stored) = BuildLog(130);
        for (var n = 1; n <= leaves.Count; n++)
        {
            var indexes = Tlog.TreeHashIndexes(n);
            Assert.That(indexes.Length, Is.LessThanOrEqualTo(1 + (int)Math.Log2(n)), $"n={n}");
            var h = Tlog.TreeHash(n, Pick(stored, indexes));
            Assert.That(h.ToArray(), Is.EqualTo(ReferenceRoot(leaves, 0, n)), $"tree hash of {n} records");
        }
    }

    [Test]
    public void StoredHashIndexRoundTrips()
    {
        for (long index = 0; index < 5000; index++)
        {
            var (level, n) = Tlog.SplitStoredHashIndex(index);
            Assert.That(Tlog.StoredHashIndex(level, n), Is.EqualTo(index), $"index {index} = ({level}, {n})");
        }

        // A level-1 node is stored right after the second of its two leaves.
        Assert.That(Tlog.StoredHashIndex(1, 0), Is.EqualTo(Tlog.StoredHashIndex(0, 1) + 1));
        Assert.That(Tlog.StoredHashIndex(2, 0), Is.EqualTo(Tlog.StoredHashIndex(0, 3) + 2));
        Assert.That(Tlog.StoredHashIndex(0, 1L << 40), Is.EqualTo((2L << 40) - 1));
    }

    [Test]
    public void RecordProofsVerifyAndRejectTampering()
    {
        var (leaves, stored) = BuildLog(45);
        for (var t = 1; t <= leaves.Count; t++)
        {
            var th = Tlog.TreeHash(t, Pick(stored, Tlog.TreeHashIndexes(t)));
            for (var n = 0; n < t; n++)
            {
                var proof = Tlog.ProveRecord(t, n, Pick(stored, Tlog.RecordProofIndexes(t, n)));
                var leaf = Tlog.RecordHash(leaves[n]);
                Assert.That(Tlog.CheckRecord(proof, t, th, n, leaf), Is.True, $"t={t} n={n}");
                Assert.That(Tlog.CheckRecord(proof, t, th, n, Tlog.RecordHash("other"u8)), Is.False, $"wrong leaf t={t} n={n}");
                if (proof.Length > 0)
                {
                    var bad = (TlogHash[])proof.Clone();
                    bad[0] = Tlog.RecordHash("x"u8);
                    Assert.That(Tlog.CheckRecord(bad, t, th, n, leaf), Is.False, $"tampered proof t={t} n={n}");
                    Assert.That(Tlog.CheckRecord(proof.AsSpan(..^1), t, th, n, leaf), Is.False, $"short proof t={t} n={n}");
                }

                Assert.That(Tlog.CheckRecord([.. proof, leaf], t, th, n, leaf), Is.False, $"long proof t={t} n={n}");
            }
        }

        Assert.That(Tlog.CheckRecord([], 1, default, 1, default), Is.False, "n >= t");
        Assert.That(() => Tlog.RecordProofIndexes(3, 3), Throws.ArgumentException);
    }

    [Test]
    public void TreeProofsVerifyAndRejectTampering()
    {
        var (leaves, stored) = BuildLog(40);
        for (var t = 1; t <= leaves.Count; t++)
        {
            var th = Tlog.TreeHash(t, Pick(stored, Tlog.TreeHashIndexes(t)));
            for (var n = 1; n <= t; n++)
            {
                var h = Tlog.TreeHash(n, Pick(stored, Tlog.TreeHashIndexes(n)));
                var proof = Tlog.ProveTree(t, n, Pick(stored, Tlog.TreeProofIndexes(t, n)));
                Assert.That(Tlog.CheckTree(proof, t, th, n, h), Is.True, $"t={t} n={n}");
                if (n < t)
                {
                    Assert.That(Tlog.CheckTree(proof, t, th, n, th), Is.False, $"wrong old hash t={t} n={n}");
                    var forged = (TlogHash[])proof.Clone();
                    forged[^1] = Tlog.RecordHash("fork"u8);
                    Assert.That(Tlog.CheckTree(forged, t, th, n, h), Is.False, $"tampered t={t} n={n}");
                }
            }
        }

        Assert.That(Tlog.CheckTree([], 0, default, 0, default), Is.False);
    }
}
