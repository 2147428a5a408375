using GoModules.Hashing;

namespace GoModules.Tests.Hashing;

/// <summary>
/// Odd zip archives (TestData/hashzip, written by make_zips.py there) hashed by
/// <see cref="DirHash.HashZipAsync(string, CancellationToken)"/>, against what x/mod v0.7.0's
/// dirhash.HashZip returned for the same bytes (expected-go.txt): the hash, or the error text.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HashZipGoParityTests
{
    private static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "hashzip");

    public static IEnumerable<TestCaseData> Cases()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "hashzip");
        foreach (var line in File.ReadLines(Path.Combine(folder, "expected-go.txt")))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            yield return new TestCaseData(line[..space], line[(space + 1)..]).SetName("hashzip-" + line[..space]);
        }
    }

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(10_000)]
    public async Task HashOrErrorMatchesGo(string file, string expected, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, file);
        if (expected.StartsWith("ERR ", StringComparison.Ordinal))
        {
            var goMessage = expected[4..];
            var ex = Assert.ThrowsAsync(Is.InstanceOf<InvalidDataException>().Or.InstanceOf<NotSupportedException>(), () => DirHash.HashZipAsync(path, cancellationToken));
            Assert.That(ex!.Message, Does.StartWith(goMessage), $"{file}: Go said \"{goMessage}\"");
        }
        else
        {
            Assert.That(await DirHash.HashZipAsync(path, cancellationToken), Is.EqualTo(expected), file);
            await using var stream = new MemoryStream(await File.ReadAllBytesAsync(path, cancellationToken));
            Assert.That(await DirHash.HashZipAsync(stream, cancellationToken), Is.EqualTo(expected), $"{file} (stream)");
        }
    }
}
