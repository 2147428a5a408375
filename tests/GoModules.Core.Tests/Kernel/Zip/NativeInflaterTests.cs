using System.IO.Compression;
using GoModules.Kernel;
using GoModules.Kernel.Zip;
using GoModules.Tests.Zip;

namespace GoModules.Tests.Kernel.Zip;

/// <summary>
/// The runtime's zlib behind <see cref="Inflater"/> (issue #18, download speed): it must be the one used on Linux,
/// and it must decode, stop and fail exactly as the managed decoder (the reference) does.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NativeInflaterTests
{
    private static byte[] Sample(int seed, int size)
    {
        var rng = new Random(seed);
        var data = new byte[size];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : 'a' + (i % 7));
        }

        return data;
    }

    [Test]
    public void TheRuntimesZlibIsUsedOnLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("checked on Linux, where the benchmarks run");
        }

        using var inflater = new Inflater();
        using var managed = new Inflater(allowNative: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(inflater.IsNative, Is.True, "libSystem.IO.Compression.Native's inflate entry points were not found");
            Assert.That(managed.IsNative, Is.False);
        }
    }

    [Test]
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(300_000)]
    public void BothDecodersAgreeOnValidStreamsAndTheirExactEnd(int maxPiece)
    {
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            var data = Sample(5, maxPiece == 1 ? 40_000 : 700_000);
            var compressed = ZipBuilder.Deflate(data, level);
            var input = compressed.Concat(new byte[] { 0x50, 0x4B, 0x07, 0x08, 1, 2, 3 }).ToArray();
            using var native = new Inflater();
            using var managed = new Inflater(allowNative: false);
            var a = InflaterFeed.Decode(native, input, maxPiece, 3);
            var b = InflaterFeed.Decode(managed, input, maxPiece, 3);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(a.Outcome, Is.EqualTo("done"), level.ToString());
                Assert.That(a.Output, Is.EqualTo(data), level.ToString());
                Assert.That(a.End, Is.EqualTo(compressed.Length), $"{level}: the stream's exact end");
                Assert.That(b, Is.EqualTo(a).Using<(byte[], int, string)>((x, y) => x.Item1.AsSpan().SequenceEqual(y.Item1) && x.Item2 == y.Item2 && x.Item3 == y.Item3), level.ToString());
            }
        }
    }

    [Test]
    public void OneDecoderServesManyStreamsAfterReset()
    {
        using var native = new Inflater();
        for (var i = 0; i < 5; i++)
        {
            var data = Sample(100 + i, 1000 * (i + 1));
            native.Reset();
            var result = InflaterFeed.Decode(native, ZipBuilder.Deflate(data), 50_000, i);
            Assert.That(result.Output, Is.EqualTo(data), $"stream {i}");
        }
    }

    [Test]
    [TestCase(true)]
    [TestCase(false)]
    public void DistanceCodesThirtyAndThirtyOneOfTheFixedCodeAreCorrupt(bool allowNative)
    {
        // 2,000 zero bytes deflated, one byte damaged: a fixed-code block then uses distance code 30 or 31. Go's flate
        // (go1.27.3) yields 1,808 bytes and 'flate: corrupt input before offset 16'; the managed decoder used to wait
        // for more input forever there (its fixed distance table had holes), so a zip entry failed as 'ends early'.
        var input = Convert.FromHexString("63601805a360148c8251300a46c1507b00");
        using var inflater = new Inflater(allowNative);
        Assert.That(InflaterFeed.Decode(inflater, input, 100, 1).Outcome, Is.EqualTo(SR.FlateCorrupt));
    }

    [Test]
    public void DamagedStreamsFailOrDecodeAlikeInBothDecoders()
    {
        // Random damage to valid streams: the runtime's zlib must refuse what the managed decoder refuses, with the
        // same error, and accept the same bytes where both accept. Before the managed decoder refused incomplete
        // Huffman codes, 13 of these 2,000 differed: the managed decoder accepted streams that zlib refused, and so does
        // Go's flate (go1.27.3 refused all 13: 'flate: corrupt input before offset 104' / '16').
        var rng = new Random(42);
        var originals = new[]
        {
            ZipBuilder.Deflate(Sample(1, 3000), CompressionLevel.Optimal),
            ZipBuilder.Deflate(Sample(2, 3000), CompressionLevel.Fastest),
            ZipBuilder.Deflate(Sample(3, 500), CompressionLevel.NoCompression),
            ZipBuilder.Deflate(new byte[2000], CompressionLevel.SmallestSize),
        };
        var differences = new List<string>();
        var refused = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var original = originals[trial % originals.Length];
            var input = (byte[])original.Clone();
            var at = rng.Next(Math.Min(input.Length, 64));
            input[at] ^= (byte)(1 + rng.Next(255));
            using var native = new Inflater();
            using var managed = new Inflater(allowNative: false);
            var a = InflaterFeed.Decode(native, input, 1 + rng.Next(100), trial);
            var b = InflaterFeed.Decode(managed, input, 1 + rng.Next(100), trial);
            if (a.Outcome != b.Outcome || a.End != b.End || !a.Output.AsSpan().SequenceEqual(b.Output))
            {
                differences.Add($"trial {trial}, byte {at}: native {a.Outcome} at {a.End} ({a.Output.Length} bytes), managed {b.Outcome} at {b.End} ({b.Output.Length} bytes)");
            }

            refused += a.Outcome == SR.FlateCorrupt ? 1 : 0;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(differences, Is.Empty);
            Assert.That(refused, Is.GreaterThan(100), "the damage must reach the decoders' checks");
        }
    }
}
