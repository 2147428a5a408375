using GoModules.Tests.Caching;

namespace GoModules.Cli.Tests.Caching;

/// <summary>
/// Issue 13 item 3 through the CLI: <c>gomod download</c> and <c>gomod clean -modcache</c> unlink symbolic links planted
/// in the module cache and never follow them (the library side is <c>CacheSymlinkTests</c> in the Core tests).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CacheSymlinkCliTests
{
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

        using var tmp = new TempDirectory();
        var proxy = await LinkVictim.ProxyWithLibAsync(tmp);
        var victim = new LinkVictim(Path.Combine(tmp.Path, "victim"));
        var home = tmp.Sub("home");
        var work = tmp.Sub("work");
        var root = Path.Combine(tmp.Path, "modcache");
        var dir = Path.Combine(root, "example.com", "lib@v1.2.3");
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        File.CreateSymbolicLink(dir + ".tmp-77", victim.Root);

        var download = await RunGomodAsync(home, root, proxy.Url, work, "download", "example.com/lib@v1.2.3");
        Assert.That(download.Exit, Is.Zero, download.Stderr);
        victim.AssertUntouched("gomod download");
        Assert.That(LinkVictim.IsLink(dir + ".tmp-77") || Path.Exists(dir + ".tmp-77"), Is.False, "the planted link is gone");
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
        Assert.That(LinkVictim.IsLink(linkedRoot) || Path.Exists(linkedRoot), Is.False, "only the link is removed, as go clean -modcache does");
    }
}
