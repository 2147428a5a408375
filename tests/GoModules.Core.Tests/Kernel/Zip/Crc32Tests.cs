using System.Text;
using GoModules.Kernel.Zip;

namespace GoModules.Tests.Kernel.Zip;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class Crc32Tests
{
    [Test]
    public void CheckValueOfTheIeeePolynomial()
    {
        // The standard check value of CRC-32/ISO-HDLC (zip, gzip, PNG).
        Assert.That(Crc32.Update(0, "123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Update(0, []), Is.Zero);
    }

    [Test]
    public void VectorisedPathAgreesWithTheTables()
    {
        var random = new Random(12345);
        var data = new byte[5000];
        random.NextBytes(data);
        for (var length = 0; length < 700; length++)
        {
            var offset = random.Next(0, 64);
            var slice = data.AsSpan(offset, length);
            Assert.That(Crc32.Update(0, slice), Is.EqualTo(Crc32.UpdateScalarOnly(0, slice)), $"length {length} offset {offset}");
        }

        Assert.That(Crc32.Update(0, data), Is.EqualTo(Crc32.UpdateScalarOnly(0, data)));
    }

    [Test]
    public void UpdatesChainAcrossCalls()
    {
        var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 40)));
        var whole = Crc32.Update(0, data);
        for (var split = 0; split <= data.Length; split += 37)
        {
            Assert.That(Crc32.Update(Crc32.Update(0, data.AsSpan(0, split)), data.AsSpan(split)), Is.EqualTo(whole), $"split at {split}");
        }
    }
}
