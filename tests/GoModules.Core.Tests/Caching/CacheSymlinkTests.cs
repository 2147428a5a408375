using GoModules.Kernel;

namespace GoModules.Tests.Caching;

/// <summary>
/// Issue 13 item 3: symbolic links planted in the module cache are unlinked, never followed. A link planted where a
/// leftover <c>path@version.tmp-N</c> or the extracted directory belongs, or anywhere in the tree that
/// <c>gomod clean -modcache</c> removes, must leave the directory it points to (outside the cache) exactly as it was:
/// same modes, same contents.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheSymlinkTests
{
    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_UnlinksAPlantedTmpLink_AndLeavesItsTargetAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await LinkVictim.ProxyWithLibAsync(tmp);
        var victim = new LinkVictim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        var dir = Path.Combine(root, "example.com", "lib@v1.2.3");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var planted = new[] { dir + ".tmp-123", Path.Combine(root, "example.com", ".lib@v1.2.3.tmp-abc") };
        foreach (var link in planted)
        {
            File.CreateSymbolicLink(link, victim.Root);
        }

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var result = await cache.TryDownloadAsync(Lib);

        Assert.That(result.Error, Is.Empty);
        victim.AssertUntouched("download");
        Assert.Multiple(() =>
        {
            foreach (var link in planted)
            {
                Assert.That(Path.Exists(link) || LinkVictim.IsLink(link), Is.False, link + " is unlinked");
            }

            Assert.That(LinkVictim.IsLink(dir), Is.False);
            Assert.That(File.Exists(Path.Combine(dir, "lib.go")), Is.True);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_ReplacesALinkWhereTheModuleDirectoryBelongs_WithoutTouchingItsTarget()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await LinkVictim.ProxyWithLibAsync(tmp);
        var victim = new LinkVictim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);

        // A first download, then the extracted directory is swapped for a link and marked partial: the next
        // download must replace it.
        var dir = await cache.DownloadAsync(Lib);
        CacheFiles.RemoveAll(dir);
        File.CreateSymbolicLink(dir, victim.Root);
        File.WriteAllText(cache.Paths.GetPartialFile(Lib), string.Empty);

        var result = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).TryDownloadAsync(Lib);

        Assert.That(result.Error, Is.Empty);
        victim.AssertUntouched("download over a linked module directory");
        Assert.Multiple(() =>
        {
            Assert.That(LinkVictim.IsLink(dir), Is.False, "the link was replaced by a real directory");
            Assert.That(File.Exists(Path.Combine(dir, "lib.go")), Is.True);
            Assert.That(File.Exists(cache.Paths.GetPartialFile(Lib)), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_RefusesToExtractThroughALinkedDirectoryOfTheCache()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await LinkVictim.ProxyWithLibAsync(tmp);
        var victim = new LinkVictim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        Directory.CreateDirectory(root);
        File.CreateSymbolicLink(Path.Combine(root, "example.com"), victim.Root);

        var result = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).TryDownloadAsync(Lib);

        Assert.That(result.Error, Does.Contain("refusing to use").And.Contain("example.com"));
        victim.AssertUntouched("download below a linked directory");

        // The throwing form names the module version and stays in the GoModuleException family.
        var thrown = Assert.ThrowsAsync<ModuleCacheLinkException>(async () => await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadAsync(Lib));
        Assert.That(thrown!.Message, Does.StartWith(Lib + ": refusing to use"));
        Assert.That(thrown.Module, Is.EqualTo(Lib));
        Assert.That(thrown.Failure, Is.EqualTo(ModuleFetchFailure.CacheSymbolicLink));
        victim.AssertUntouched("throwing download below a linked directory");
        Assert.That(LinkVictim.IsLink(Path.Combine(root, "example.com")), Is.True, "the link itself is left for the user to look at");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Clean_UnlinksLinksInTheCache_AndALinkedCacheRoot_WithoutTouchingTargets()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDirectory();
        var proxy = await LinkVictim.ProxyWithLibAsync(tmp);
        var victim = new LinkVictim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        await cache.DownloadAsync(Lib);
        File.CreateSymbolicLink(Path.Combine(root, "example.com", "lib@v9.9.9"), victim.Root);
        File.CreateSymbolicLink(Path.Combine(root, "cache", "download", "example.com", "lib", "@v", "v9.9.9.tmp-1"), victim.Root);

        await cache.CleanAsync();
        victim.AssertUntouched("CleanAsync");
        Assert.That(Path.Exists(root), Is.False);

        // A cache root that is itself a link: like go clean -modcache, only the link goes.
        var linkedRoot = Path.Combine(tmp.Path, "linked-cache");
        File.CreateSymbolicLink(linkedRoot, victim.Root);
        await CacheFixtures.NewCache(proxy.CreateFetcher(), linkedRoot).CleanAsync();
        victim.AssertUntouched("CleanAsync of a linked root");
        Assert.That(LinkVictim.IsLink(linkedRoot) || Path.Exists(linkedRoot), Is.False);
    }
}
