using GoModules.Kernel;

namespace GoModules.Tests.Kernel;

/// <summary>The cache's quick whole-file read: exact bytes at any size, null for anything that is not a readable file.</summary>
[TestFixture]
public sealed class SmallFileTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(8191)]
    [TestCase(8192)]
    [TestCase(8193)]
    [TestCase(100_000)]
    public void ReadsExactlyTheFilesBytes(int size)
    {
        using var dir = new TempDirectory();
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var path = Path.Combine(dir.Path, "f");
        File.WriteAllBytes(path, data);

        // Twice, so the second read reuses the thread's (possibly grown) buffer.
        Assert.That(SmallFile.TryReadAll(path), Is.EqualTo(data));
        Assert.That(SmallFile.TryReadAll(path), Is.EqualTo(data));
    }

    [Test]
    public void MissingFilesAndDirectoriesReadAsNull()
    {
        using var dir = new TempDirectory();
        Assert.That(SmallFile.TryReadAll(Path.Combine(dir.Path, "missing")), Is.Null);
        Assert.That(SmallFile.TryReadAll(Path.Combine(dir.Path, "missing", "below")), Is.Null);
        Assert.That(SmallFile.TryReadAll(dir.Path), Is.Null);
    }
}
