using GoModules.Caching;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Tests.Caching;

/// <summary>
/// Issue 13 item 4: a zip already in cache/download that is extracted again (its extracted directory is gone) is
/// hashed while it is extracted, and that hash must agree with the recorded <c>.ziphash</c> before anything is put
/// in place. The go command skips this check; GoModules does not.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ReextractVerificationTests
{
    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    private static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }

    /// <summary>Replaces the cached zip by a valid module zip of the same version with other content.</summary>
    private static async Task TamperAsync(string zip)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(zip, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await using var output = File.Create(zip);
        var files = new[]
        {
            ModuleZipSourceFile.FromBytes("go.mod", "module example.com/lib\n\ngo 1.19\n"u8.ToArray()),
            ModuleZipSourceFile.FromBytes("lib.go", "package lib\n\nfunc Evil() {}\n"u8.ToArray()),
        };
        (await ModuleZipWriter.CreateAsync(output, "example.com/lib", "v1.2.3", files)).EnsureValid();
    }

    private static void AssertNothingPlaced(ModuleCache cache, string dir)
    {
        var parent = Path.GetDirectoryName(dir)!;
        Assert.Multiple(() =>
        {
            Assert.That(Path.Exists(dir), Is.False, "no extracted directory");
            Assert.That(Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName), Is.Empty, "no staging directory left behind");
            Assert.That(File.Exists(cache.Paths.GetPartialFile(Lib)), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TamperedCachedZip_ExtractedAgain_ThrowsChecksumMismatch_AndPlacesNothing()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var dir = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadAsync(Lib);
        var cache = CacheFixtures.NewCache(new FailingFetcher(), root);
        var recorded = await cache.GetZipHashAsync(Lib);
        var zip = cache.Paths.GetZipFile(Lib);
        await TamperAsync(zip);
        var tampered = await DirHash.HashZipAsync(zip);
        CacheFiles.RemoveAll(dir);

        var ex = Assert.ThrowsAsync<ChecksumMismatchException>(() => cache.DownloadAsync(Lib));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Module, Is.EqualTo(Lib));
            Assert.That(ex.Path, Is.EqualTo("example.com/lib"));
            Assert.That(ex.Version, Is.EqualTo("v1.2.3"));
            Assert.That(ex.Expected, Is.EqualTo(recorded));
            Assert.That(ex.Actual, Is.EqualTo(tampered));
            Assert.That(ex.Message, Does.Contain("example.com/lib@v1.2.3").And.Contain(cache.Paths.GetZipHashFile(Lib)).And.Contain(zip));
        });
        AssertNothingPlaced(cache, dir);
        Assert.That(File.ReadAllText(cache.Paths.GetZipHashFile(Lib)), Is.EqualTo(recorded), "the record is kept");

        // The download record reports it instead of throwing, and still places nothing.
        var result = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).TryDownloadAsync(Lib);
        Assert.That(result.Error, Does.Contain("checksum mismatch"));
        AssertNothingPlaced(cache, dir);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task IntactCachedZip_ExtractedAgain_IsPlaced()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var dir = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadAsync(Lib);
        var hash = await DirHash.HashDirectoryAsync(dir, "example.com/lib@v1.2.3");
        CacheFiles.RemoveAll(dir);

        var cache = CacheFixtures.NewCache(new FailingFetcher(), root);
        Assert.That(await cache.DownloadAsync(Lib), Is.EqualTo(dir));
        Assert.That(await DirHash.HashDirectoryAsync(dir, "example.com/lib@v1.2.3"), Is.EqualTo(hash));
    }
}
