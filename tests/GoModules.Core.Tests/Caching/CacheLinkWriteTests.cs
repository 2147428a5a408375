
namespace GoModules.Tests.Caching;

/// <summary>
/// Files the module cache creates or writes (<c>.lock</c>, <c>.ziphash</c>, <c>list</c>, <c>.info</c>, <c>.mod</c>,
/// the zip and its temporary files) are never opened through a symbolic link planted where they belong: a file
/// outside the cache that such a link points to is neither written, truncated nor created. A link where the
/// <c>.ziphash</c>, <c>.info</c>, <c>.mod</c> or <c>.zip</c> belongs is replaced (unlinked under the version's lock, or
/// renamed over); a link where a lock file belongs fails the download with <see cref="ModuleCacheLinkException"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheLinkWriteTests
{
    private const string Outside = "outside content, keep me\n";

    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    private static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>A file outside the cache (with known content) and a path outside the cache where nothing exists.</summary>
    private static (string Existing, string Missing) Targets(TempDirectory tmp, string name)
    {
        var dir = Path.Combine(tmp.Path, "outside");
        Directory.CreateDirectory(dir);
        var existing = Path.Combine(dir, name);
        File.WriteAllText(existing, Outside);
        return (existing, Path.Combine(dir, name + ".missing"));
    }

    private static (string Existing, string Missing, bool Dangling) With((string Existing, string Missing) targets, bool dangling)
        => (targets.Existing, targets.Missing, dangling);

    private static void AssertOutsideUntouched(string existing, string missing)
    {
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(existing), Is.EqualTo(Outside), existing + " is unchanged");
            Assert.That(Path.Exists(missing), Is.False, missing + " was not created");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(60_000)]
    public async Task Download_ReplacesAPlantedZipHashLink_WithoutWritingItsTarget(bool dangling)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var (existing, missing) = Targets(tmp, "ziphash-target");
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var zipHash = cache.Paths.GetZipHashFile(Lib);
        Directory.CreateDirectory(Path.GetDirectoryName(zipHash)!);
        File.CreateSymbolicLink(zipHash, dangling ? missing : existing);

        var result = await cache.TryDownloadAsync(Lib);

        AssertOutsideUntouched(existing, missing);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Empty);
            Assert.That(IsLink(zipHash), Is.False, "the link was replaced by a regular file");
            Assert.That(File.ReadAllText(zipHash), Is.EqualTo(result.Sum));
            Assert.That(result.Sum, Does.StartWith("h1:"));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(60_000)]
    public async Task Download_RefusesAPlantedLockLink_WithTheTypedError_AndLeavesItsTargetAlone(bool dangling)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var (existing, missing) = Targets(tmp, "lock-target");
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var lockFile = cache.Paths.GetLockFile(Lib);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        File.CreateSymbolicLink(lockFile, dangling ? missing : existing);

        var result = await cache.TryDownloadAsync(Lib);

        AssertOutsideUntouched(existing, missing);
        Assert.Multiple(() =>
        {
            Assert.That(result.Exception, Is.TypeOf<ModuleCacheLinkException>());
            Assert.That(result.Error, Does.Contain("refusing to follow symbolic link " + lockFile));
            Assert.That(((ModuleCacheLinkException)result.Exception!).FilePath, Is.EqualTo(lockFile));
            Assert.That(IsLink(lockFile), Is.True, "the link is left for the user to look at");
            Assert.That(File.Exists(cache.Paths.GetZipFile(Lib)), Is.False, "nothing was downloaded without the lock");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_NeverWritesThroughLinksPlantedAsInfoModListZipOrTemporaryFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var versions = Path.GetDirectoryName(cache.Paths.GetZipFile(Lib))!;
        Directory.CreateDirectory(versions);
        // Links to existing files where the cache reads before it writes would be read, as the go command reads
        // them (a .mod or .zip there is taken as cached); those links dangle here, so the cache has to write.
        var planted = new Dictionary<string, (string Existing, string Missing, bool Dangling)>
        {
            [cache.Paths.GetInfoFile(Lib)] = With(Targets(tmp, "info-target"), false),
            [cache.Paths.GetGoModFile(Lib)] = With(Targets(tmp, "mod-target"), true),
            [Path.Combine(versions, "list")] = With(Targets(tmp, "list-target"), false),
            [cache.Paths.GetZipFile(Lib)] = With(Targets(tmp, "zip-target"), true),
            [cache.Paths.GetZipFile(Lib) + "4242.tmp"] = With(Targets(tmp, "tmp-target"), false),
            [cache.Paths.GetPartialFile(Lib)] = With(Targets(tmp, "partial-target"), false),
        };
        foreach (var (link, target) in planted)
        {
            File.CreateSymbolicLink(link, target.Dangling ? target.Missing : target.Existing);
        }

        var result = await cache.TryDownloadAsync(Lib);

        Assert.That(result.Error, Is.Empty, result.Exception?.ToString());
        foreach (var target in planted.Values)
        {
            AssertOutsideUntouched(target.Existing, target.Missing);
        }

        Assert.Multiple(() =>
        {
            Assert.That(IsLink(cache.Paths.GetInfoFile(Lib)), Is.False, ".info renamed over the link");
            Assert.That(IsLink(cache.Paths.GetGoModFile(Lib)), Is.False, ".mod renamed over the link");
            Assert.That(IsLink(cache.Paths.GetZipFile(Lib)), Is.False, ".zip renamed over the link");
            Assert.That(File.ReadAllText(cache.Paths.GetGoModFile(Lib)), Is.EqualTo("module example.com/lib\n\ngo 1.19\n"));
            Assert.That(cache.IsExtracted(Lib), Is.True);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_CreatesNothingThroughALinkedDownloadDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var outside = Path.Combine(tmp.Path, "outside-dir");
        Directory.CreateDirectory(outside);
        var moduleDownloads = Path.Combine(root, "cache", "download", "example.com");
        Directory.CreateDirectory(Path.GetDirectoryName(moduleDownloads)!);
        File.CreateSymbolicLink(moduleDownloads, outside);

        var result = await cache.TryDownloadAsync(Lib);

        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Does.Contain("refusing to use").And.Contain(moduleDownloads));
            Assert.That(Directory.EnumerateFileSystemEntries(outside), Is.Empty, "nothing was created through the link");
            Assert.That(IsLink(moduleDownloads), Is.True);
        });
    }
}
