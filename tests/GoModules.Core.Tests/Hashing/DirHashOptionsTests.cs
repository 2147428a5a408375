using System.Text;
using GoModules.Hashing;
using GoModules.Hashing.Internal;
using GoModules.Zip;

namespace GoModules.Tests.Hashing;

/// <summary>
/// <see cref="DirHashOptions"/>: what <c>gomod hash -module</c> and the benchmarks needed from Core's internals
/// (the zip's entry names, the worker cap), as public settings of <see cref="DirHash"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class DirHashOptionsTests
{
    private static async Task<string> WriteZipAsync(TempDirectory tmp, int files, int size)
    {
        var sources = new List<ModuleZipSourceFile> { ModuleZipSourceFile.FromBytes("go.mod", "module example.com/m\n"u8.ToArray()) };
        for (var i = 0; i < files; i++)
        {
            var data = new byte[size];
            new Random(i).NextBytes(data);
            sources.Add(ModuleZipSourceFile.FromBytes($"f{i:000}.go", data));
        }

        var zip = Path.Combine(tmp.Path, "m.zip");
        await using var stream = File.Create(zip);
        (await ModuleZipWriter.CreateAsync(stream, "example.com/m", "v1.0.0", sources)).EnsureValid();
        return zip;
    }

    [Test]
    public async Task RequiredZipPrefix_RefusesAZipOfAnotherModule_AndHashesItsOwn()
    {
        using var tmp = new TempDirectory();
        var zip = await WriteZipAsync(tmp, 2, 100);
        var plain = await DirHash.HashZipAsync(zip);
        Assert.That(await DirHash.HashZipAsync(zip, new DirHashOptions { RequiredZipPrefix = "example.com/m@v1.0.0/" }), Is.EqualTo(plain));
        Assert.That(
            async () => await DirHash.HashZipAsync(zip, new DirHashOptions { RequiredZipPrefix = "example.com/other@v1.0.0/" }),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(zip + ": entry \"example.com/m@v1.0.0/").And.Message.EndsWith("\" is not under example.com/other@v1.0.0/"));
    }

    [Test]
    public async Task MaxDegreeOfParallelism_GivesTheSameHash_AndStaysInItsCall()
    {
        using var tmp = new TempDirectory();
        var zip = await WriteZipAsync(tmp, 40, 16 * 1024);
        var tree = tmp.Sub("tree");
        for (var i = 0; i < 40; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(tree, $"f{i:000}.go"), Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 16 * 1024)));
        }

        var one = new DirHashOptions { MaxDegreeOfParallelism = 1 };
        Assert.Multiple(async () =>
        {
            Assert.That(await DirHash.HashZipAsync(zip, one), Is.EqualTo(await DirHash.HashZipAsync(zip)));
            Assert.That(await DirHash.HashDirectoryAsync(tree, "example.com/m@v1.0.0", one), Is.EqualTo(await DirHash.HashDirectoryAsync(tree, "example.com/m@v1.0.0")));

            // The cap belongs to the call that was given it: the caller's flow (and every other call) is unaffected.
            Assert.That(ParallelHashing.MaxWorkers, Is.Zero);
        });
    }

    [Test]
    public void MaxDegreeOfParallelism_BelowOne_IsRefused()
    {
        Assert.That(() => new DirHashOptions { MaxDegreeOfParallelism = 0 }, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(new DirHashOptions { MaxDegreeOfParallelism = null }.MaxDegreeOfParallelism, Is.Null);
    }

    [Test]
    public async Task MaxWorkers_FollowsTheAsynchronousFlow()
    {
        // What the options rely on: a cap set inside one flow is seen by the worker count there and nowhere else.
        var inner = await Task.Run(() =>
        {
            ParallelHashing.MaxWorkers = 1;
            return ParallelHashing.WorkerCount(64, long.MaxValue);
        });
        Assert.Multiple(() =>
        {
            Assert.That(inner, Is.EqualTo(1));
            Assert.That(ParallelHashing.WorkerCount(64, long.MaxValue), Is.EqualTo(Math.Min(64, Environment.ProcessorCount)));
        });
    }
}
