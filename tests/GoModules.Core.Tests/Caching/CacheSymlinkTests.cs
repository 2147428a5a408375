using GoModules.Kernel;
using GoModules.Tests.Cli;

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
    private const UnixFileMode Mode0555 = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Mode0444 = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0500 = UnixFileMode.UserRead | UnixFileMode.UserExecute;

    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    /// <summary>A directory outside the cache, with read-only directories and files below it.</summary>
    private sealed class Victim
    {
        public Victim(string root)
        {
            Root = root;
            Directory.CreateDirectory(Path.Combine(root, "inner", "deeper"));
            File.WriteAllText(Path.Combine(root, "secret.txt"), "keep me");
            File.WriteAllText(Path.Combine(root, "inner", "deeper", "notes.txt"), "keep me too");
            File.SetUnixFileMode(Path.Combine(root, "secret.txt"), Mode0444);
            File.SetUnixFileMode(Path.Combine(root, "inner", "deeper", "notes.txt"), Mode0444);
            File.SetUnixFileMode(Path.Combine(root, "inner", "deeper"), Mode0500);
            File.SetUnixFileMode(Path.Combine(root, "inner"), Mode0555);
            File.SetUnixFileMode(root, Mode0555);
            Snapshot = Take();
        }

        public string Root { get; }

        public IReadOnlyList<string> Snapshot { get; }

        public List<string> Take()
        {
            var lines = new List<string> { "." + " " + File.GetUnixFileMode(Root) };
            foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(Root, entry);
                var content = File.Exists(entry) ? File.ReadAllText(entry) : "<dir>";
                lines.Add(rel + " " + File.GetUnixFileMode(entry) + " " + content);
            }

            return lines;
        }

        public void AssertUntouched(string because)
        {
            Assert.That(Directory.Exists(Root), Is.True, because + ": the link target still exists");
            Assert.That(Take(), Is.EqualTo(Snapshot), because + ": modes and contents of the link target are unchanged");
        }
    }

    private static async Task<TestProxy> ProxyWithLibAsync(TempDir tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_UnlinksAPlantedTmpLink_AndLeavesItsTargetAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDir();
        var proxy = await ProxyWithLibAsync(tmp);
        var victim = new Victim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        var dir = Path.Combine(root, "example.com", "lib@v1.2.3");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var planted = new[] { dir + ".tmp-123", Path.Combine(root, "example.com", ".lib@v1.2.3.tmp-abc") };
        foreach (var link in planted)
        {
            File.CreateSymbolicLink(link, victim.Root);
        }

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var result = await cache.DownloadModuleAsync(Lib);

        Assert.That(result.Error, Is.Empty);
        victim.AssertUntouched("download");
        Assert.Multiple(() =>
        {
            foreach (var link in planted)
            {
                Assert.That(Path.Exists(link) || IsLink(link), Is.False, link + " is unlinked");
            }

            Assert.That(IsLink(dir), Is.False);
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

        using var tmp = new TempDir();
        var proxy = await ProxyWithLibAsync(tmp);
        var victim = new Victim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);

        // A first download, then the extracted directory is swapped for a link and marked partial: the next
        // download must replace it.
        var dir = await cache.DownloadAsync(Lib);
        CacheFiles.RemoveAll(dir);
        File.CreateSymbolicLink(dir, victim.Root);
        File.WriteAllText(cache.Paths.GetPartialFile(Lib), string.Empty);

        var result = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadModuleAsync(Lib);

        Assert.That(result.Error, Is.Empty);
        victim.AssertUntouched("download over a linked module directory");
        Assert.Multiple(() =>
        {
            Assert.That(IsLink(dir), Is.False, "the link was replaced by a real directory");
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

        using var tmp = new TempDir();
        var proxy = await ProxyWithLibAsync(tmp);
        var victim = new Victim(Path.Combine(tmp.Path, "victim"));
        var root = Path.Combine(tmp.Path, "cache");
        Directory.CreateDirectory(root);
        File.CreateSymbolicLink(Path.Combine(root, "example.com"), victim.Root);

        var result = await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadModuleAsync(Lib);

        Assert.That(result.Error, Does.Contain("refusing to use").And.Contain("example.com"));
        victim.AssertUntouched("download below a linked directory");
        Assert.That(IsLink(Path.Combine(root, "example.com")), Is.True, "the link itself is left for the user to look at");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Clean_UnlinksLinksInTheCache_AndALinkedCacheRoot_WithoutTouchingTargets()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDir();
        var proxy = await ProxyWithLibAsync(tmp);
        var victim = new Victim(Path.Combine(tmp.Path, "victim"));
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
        Assert.That(IsLink(linkedRoot) || Path.Exists(linkedRoot), Is.False);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunGomodAsync(string home, string modcache, string goproxy, string workDir, params string[] args)
    {
        var env = ProcessRunner.GomodEnvironment(home, Path.Combine(home, "gopath"), modcache, goproxy, "off");
        env["GOFLAGS"] = "-mod=mod";
        return ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args],
            workDir,
            env);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Gomod_DownloadAndCleanModcache_NeverFollowLinksOutOfTheCache()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes and symbolic links");
        }

        using var tmp = new TempDir();
        var proxy = await ProxyWithLibAsync(tmp);
        var victim = new Victim(Path.Combine(tmp.Path, "victim"));
        var home = tmp.Sub("home");
        var work = tmp.Sub("work");
        var root = Path.Combine(tmp.Path, "modcache");
        var dir = Path.Combine(root, "example.com", "lib@v1.2.3");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        File.CreateSymbolicLink(dir + ".tmp-77", victim.Root);

        var download = await RunGomodAsync(home, root, proxy.Url, work, "download", "example.com/lib@v1.2.3");
        Assert.That(download.Exit, Is.Zero, download.Stderr);
        victim.AssertUntouched("gomod download");
        Assert.That(IsLink(dir + ".tmp-77") || Path.Exists(dir + ".tmp-77"), Is.False, "the planted link is gone");
        Assert.That(File.Exists(Path.Combine(dir, "lib.go")), Is.True);

        File.CreateSymbolicLink(Path.Combine(root, "example.com", "evil@v1.0.0"), victim.Root);
        var clean = await RunGomodAsync(home, root, proxy.Url, work, "clean", "-modcache");
        Assert.That(clean.Exit, Is.Zero, clean.Stderr);
        victim.AssertUntouched("gomod clean -modcache");
        Assert.That(Path.Exists(root), Is.False);

        var linkedRoot = Path.Combine(tmp.Path, "linked-modcache");
        File.CreateSymbolicLink(linkedRoot, victim.Root);
        clean = await RunGomodAsync(home, linkedRoot, proxy.Url, work, "clean", "-modcache");
        Assert.That(clean.Exit, Is.Zero, clean.Stderr);
        victim.AssertUntouched("gomod clean -modcache with a linked GOMODCACHE");
        Assert.That(IsLink(linkedRoot) || Path.Exists(linkedRoot), Is.False, "only the link is removed, as go clean -modcache does");
    }
}
