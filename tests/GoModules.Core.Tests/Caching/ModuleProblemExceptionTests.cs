using GoModules.Hashing;
using GoModules.Zip;

namespace GoModules.Tests.Caching;

/// <summary>
/// Module problems that reach callers of the cache's public API are <see cref="GoModuleException"/>s (one family) that name
/// the module version, and the URL when a request failed. <see cref="ModuleZipException"/> and
/// <see cref="ModuleCacheLinkException"/> used to be <see cref="IOException"/>s, outside the family.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleProblemExceptionTests
{
    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    private static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ZipThatBreaksTheRules_IsAGoModuleException_NamingTheModuleVersion()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var zipPath = Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip");
        using (var zip = new System.IO.Compression.ZipArchive(File.Open(zipPath, FileMode.Open), System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.CreateEntry("example.com/other@v1.2.3/x.go");
        }

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var ex = Assert.ThrowsAsync<ModuleZipException>(() => cache.DownloadAsync(Lib));
        AssertInFamily(ex!, ModuleFetchFailure.InvalidZip);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ProxyZipThatIsNoZipAtAll_IsAGoModuleException_NamingTheModuleVersion()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        await File.WriteAllTextAsync(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip"), "this is not a zip archive at all");

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var ex = Assert.CatchAsync(() => cache.DownloadAsync(Lib));
        Assert.That(ex, Is.InstanceOf<GoModuleException>(), ex!.ToString());
        AssertInFamily((GoModuleException)ex, ModuleFetchFailure.InvalidZip);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DownloadRecord_KeepsGoErrorText_WhileItsExceptionNamesTheModuleVersion()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        await File.WriteAllTextAsync(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip"), "this is not a zip archive at all");

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var result = await cache.TryDownloadAsync(Lib);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.EqualTo("zip: not a valid zip file"), "go mod download -json reports zip.NewReader's error bare");
            Assert.That(result.Exception, Is.InstanceOf<ModuleZipException>());
            Assert.That(result.Exception!.Message, Is.EqualTo("example.com/lib@v1.2.3: zip: not a valid zip file"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CorruptZipLeftInTheCache_IsAGoModuleException_NamingTheModuleVersion()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var zipFile = cache.Paths.GetZipFile(Lib);
        Directory.CreateDirectory(Path.GetDirectoryName(zipFile)!);
        await File.WriteAllTextAsync(zipFile, "PK not really");

        var ex = Assert.CatchAsync(() => cache.DownloadAsync(Lib));
        Assert.That(ex, Is.InstanceOf<GoModuleException>(), ex!.ToString());
        Assert.That(ex!.Message, Does.Contain("example.com/lib@v1.2.3"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task PlantedLockLink_IsAGoModuleException_NamingThePath()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var lockFile = cache.Paths.GetLockFile(Lib);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        File.CreateSymbolicLink(lockFile, Path.Combine(tmp.Path, "elsewhere"));

        var ex = Assert.ThrowsAsync<ModuleCacheLinkException>(() => cache.DownloadAsync(Lib));
        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.InstanceOf<GoModuleException>());
            Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.CacheSymbolicLink));
            Assert.That(ex.Module, Is.EqualTo(Lib));
            Assert.That(ex.FilePath, Is.EqualTo(lockFile));
            Assert.That(ex.Message, Does.Contain(lockFile).And.Contain("example.com").And.Contain("lib@v1.2.3"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task MissingVersion_NamesTheModuleVersionAndTheUrl()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var missing = Lib with { Version = "v9.9.9" };
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(() => cache.DownloadAsync(missing));
        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.InstanceOf<GoModuleException>());
            Assert.That(ex!.Module, Is.EqualTo(missing));
            Assert.That(ex.Version, Is.EqualTo("v9.9.9"));
            Assert.That(ex.Message, Does.Contain("example.com/lib@v9.9.9"));
            Assert.That(ex.RequestUrl, Does.Contain("v9.9.9"));
            Assert.That(ex.Message, Does.Contain(ex.RequestUrl));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task GoSumWithoutTheZipHash_IsReportedByCheck_AndThrownByVerify()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var zipHash = await DirHash.HashZipAsync(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip"));
        var sums = new GoSumFile();
        Assert.That(sums.Check(Lib, GoSumHashKind.Zip, zipHash), Is.EqualTo(GoSumVerification.Missing));
        var ex = Assert.Throws<ChecksumMissingException>(() => sums.VerifyZipHash(Lib, zipHash));
        AssertInFamily(ex!, ModuleFetchFailure.ChecksumMissing);
    }

    private static void AssertInFamily(GoModuleException ex, ModuleFetchFailure failure)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ex, Is.InstanceOf<GoModuleException>());
            Assert.That(ex.Failure, Is.EqualTo(failure));
            Assert.That(ex.Module, Is.EqualTo(Lib), ex.Message);
            Assert.That(ex.Version, Is.EqualTo("v1.2.3"));
            Assert.That(ex.Message, Does.Contain("example.com/lib@v1.2.3"));
        });
    }
}
