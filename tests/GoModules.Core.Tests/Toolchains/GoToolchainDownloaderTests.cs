using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;
using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class GoToolchainDownloaderTests
{
    private const UnixFileMode R = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode X = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    [Test]
    public async Task UnpacksAsTheGoCommandDoes()
    {
        using var f = new ToolchainFixture();
        var d = await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64");
        Assert.Multiple(() =>
        {
            Assert.That(d.Module.ToString(), Is.EqualTo("golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64"));
            Assert.That(d.GoRoot, Is.EqualTo(f.Cache.Paths.GetExtractedDirectory(f.ModuleVersion)));
            Assert.That(d.GoCommand, Is.EqualTo(Path.Combine(d.GoRoot, "bin", "go")));
            Assert.That(d.Sum, Is.EqualTo(f.Module.ZipHash));
            Assert.That(File.ReadAllText(Path.Combine(d.GoRoot, "src", "go.mod")), Is.EqualTo("module std\n\ngo 1.99\n"));
            Assert.That(File.ReadAllText(Path.Combine(d.GoRoot, "src", "cmd", "go.mod")), Is.EqualTo("module cmd\n\ngo 1.99\n"));
            Assert.That(File.ReadAllText(Path.Combine(d.GoRoot, "src", "cmd", "go", "testdata", "mod", "go.mod")), Is.EqualTo("module x\n"));
            Assert.That(File.Exists(Path.Combine(d.GoRoot, "src", "_go.mod")), Is.True, "the _go.mod files stay");
            Assert.That(File.Exists(Path.Combine(d.GoRoot, "src", "vendor", "golang.org", "x", "net", "http", "http.go")), Is.True);
            Assert.That(f.Transport.RemoteCount("/lookup/"), Is.EqualTo(1));
        });

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        CheckModes(d.GoRoot);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CheckModes(string goRoot)
    {
        var modes = Modes(goRoot);
        Assert.Multiple(() =>
        {
            foreach (var exec in new[] { "bin/go", "bin/gofmt", "pkg/tool/linux_amd64/compile", "pkg/tool/linux_amd64/link", "lib/wasm/go_js_wasm_exec" })
            {
                Assert.That(modes[exec], Is.EqualTo(R | X), exec);
            }

            foreach (var plain in new[] { "VERSION", "lib/wasm/wasm_exec.js", "lib/time/zoneinfo.zip", "src/_go.mod", "src/go.mod", "src/cmd/go.mod", "src/fmt/print.go" })
            {
                Assert.That(modes[plain], Is.EqualTo(R), plain);
            }

            foreach (var dir in new[] { "src/", "src/cmd/", "bin/", "src/cmd/go/testdata/mod/" })
            {
                Assert.That(modes[dir], Is.EqualTo(R | X), dir + " is read-only again");
            }
        });
    }

    [Test]
    public async Task SecondDownloadStillAsksTheDatabaseAndKeepsTheTree()
    {
        using var f = new ToolchainFixture();
        var first = await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64");
        var hash = await DirHash.HashDirectoryAsync(first.GoRoot, f.Module.Path + "@" + f.Module.Version);

        // Another process, without the first one's checksum-database cache, whose database does not know the
        // toolchain: the unpacked toolchain in the module cache is not used.
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(5);
        var transport = new MemoryTransport(db);
        var verifier = new ModuleChecksumVerifier(db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, transport));
        var ex = Assert.ThrowsAsync<GoModuleException>(async () => await new GoToolchainDownloader(f.NewCache(verifier)).DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64"));
        Assert.That(transport.RemoteCount("/lookup/"), Is.EqualTo(1));
        Assert.That(ex!.Message, Does.StartWith("download go1.99.1: golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: verifying module: "));
        Assert.That(await DirHash.HashDirectoryAsync(first.GoRoot, f.Module.Path + "@" + f.Module.Version), Is.EqualTo(hash));
    }

    [Test]
    public void GoSumDbOffDoesNotTurnTheCheckOff()
    {
        using var f = new ToolchainFixture(goSumDb: "off");
        var ex = Assert.ThrowsAsync<GoModuleException>(async () => await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64"));
        Assert.That(ex!.Message, Is.EqualTo("download go1.99.1: golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: verifying module: checksum database disabled by GOSUMDB=off"));
        Assert.That(f.Cache.IsExtracted(f.ModuleVersion), Is.False);
        Assert.That(File.Exists(f.Cache.Paths.GetZipFile(f.ModuleVersion)), Is.False, "nothing unverified is kept");
    }

    [TestCase("golang.org")]
    [TestCase("golang.org/toolchain")]
    [TestCase("*")]
    public void GoNoSumDbDoesNotApply(string noSumDb)
    {
        // The database has no record of the toolchain: the download is refused even though GONOSUMDB matches.
        using var f = new ToolchainFixture(inDatabase: false, noSumDb: noSumDb);
        var ex = Assert.ThrowsAsync<GoModuleException>(async () => await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64"));
        Assert.That(ex!.Message, Does.StartWith("download go1.99.1: golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: verifying module: golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: "));
        Assert.That(ex.Message, Does.Contain("404"));
        Assert.That(f.Transport.RemoteCount("/lookup/"), Is.EqualTo(1));
        Assert.That(f.Cache.IsExtracted(f.ModuleVersion), Is.False);
    }

    [Test]
    public void DatabaseMismatchIsASecurityError()
    {
        using var f = new ToolchainFixture(databaseHash: "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var ex = Assert.ThrowsAsync<GoModuleException>(async () => await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64"));
        Assert.That(ex!.InnerException, Is.InstanceOf<ChecksumMismatchException>());
        Assert.That(ex.Message, Does.Contain("SECURITY ERROR"));
    }

    [Test]
    public async Task GoSumDoesNotReplaceTheDatabase()
    {
        // go.sum lists the (right) hash: the go command still asks the database for toolchains.
        using var f = new ToolchainFixture();
        var goSum = GoSumFile.Parse($"{f.Module.Path} {f.Module.Version} {f.Module.ZipHash}\n");
        var verifier = new ModuleChecksumVerifier(f.Db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, f.Transport), goSum);
        await verifier.VerifyZipHashAsync(f.ModuleVersion, f.Module.ZipHash);
        Assert.That(f.Transport.RemoteCount("/lookup/"), Is.EqualTo(1));

        // Another module listed in go.sum is settled by go.sum alone.
        var other = new ModuleVersion(ModulePath.Parse("example.com/m"), "v1.0.0");
        var goSum2 = GoSumFile.Parse($"example.com/m v1.0.0 {f.Module.ZipHash}\n");
        var verifier2 = new ModuleChecksumVerifier(f.Db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, f.Transport), goSum2);
        await verifier2.VerifyZipHashAsync(other, f.Module.ZipHash);
        Assert.That(f.Transport.RemoteCount("/lookup/"), Is.EqualTo(1));
    }

    [Test]
    public async Task GoExceptionsFollowTheOrdinaryRules()
    {
        // AlwaysVerifyToolchains off (GOPROXY=file://... alone, or the mirror's own fetch): GOSUMDB=off applies again.
        using var f = new ToolchainFixture(inDatabase: false, goSumDb: "off", alwaysVerify: false);
        var d = await f.Downloader().DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64");
        Assert.That(d.Sum, Is.EqualTo(f.Module.ZipHash));
        Assert.Multiple(() =>
        {
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("file:///srv/proxy", null), Is.True);
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("file:///srv/proxy,off", null), Is.False);
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("file:///a|file:///b", null), Is.False);
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("https://proxy.golang.org,direct", null), Is.False);
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("https://proxy.example", "git/2.40 proxy.golang.org"), Is.True);
            Assert.That(ModuleChecksumVerifier.IsToolchainExemption("direct", null), Is.False);
        });
    }

    [Test]
    public void MissingToolchainReadsLikeTheGoCommand()
    {
        using var f = new ToolchainFixture();
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await f.Downloader().DownloadAsync("go1.99.2", "linux", "amd64"));
        Assert.That(ex!.Message, Is.EqualTo("download go1.99.2 for linux/amd64: toolchain not available"));
        ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await f.Downloader().DownloadAsync("go1.99", "linux", "amd64"));
        Assert.That(ex!.Message, Is.EqualTo("invalid toolchain: go1.99 is a language version but not a toolchain version (go1.99.x)"));
        ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await f.Downloader().DownloadAsync("go1.20", "linux", "amd64"));
        Assert.That(ex!.Message, Is.EqualTo("download go1.20 for linux/amd64: toolchain not available"));
    }

    [Test]
    public void NeedsAVerifier()
    {
        using var f = new ToolchainFixture();
        var cache = new ModuleCache(new ProxyChainFetcher(ProxyChain.Parse("off")), new ModuleCacheOptions { Root = f.ModCache });
        Assert.Throws<ArgumentException>(() => _ = new GoToolchainDownloader(cache));
    }

    [Test]
    public async Task ConcurrentDownloadersAgree()
    {
        using var f = new ToolchainFixture();
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() => new GoToolchainDownloader(f.NewCache()).DownloadAsync(ToolchainFixture.Toolchain, "linux", "amd64"))).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.That(results.Select(r => r.GoRoot).Distinct().Count(), Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(results[0].GoRoot, "src", "go.mod")), Is.EqualTo("module std\n\ngo 1.99\n"));
    }

    [TestCase("go_js_wasm_exec", true)]
    [TestCase("go_wasip1_wasm_exec", true)]
    [TestCase("go_a_b_exec", true)]
    [TestCase("go__b_exec", false)]
    [TestCase("go_a__exec", false)]
    [TestCase("go_ab_exec", false)]
    [TestCase("go_a_b_exec.js", false)]
    public void ExecWrapperPattern(string name, bool match) => Assert.That(GoToolchainDownloader.IsExecWrapperName(name), Is.EqualTo(match));

    /// <summary>Every file and directory (with a trailing slash) below root and its permission bits.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    internal static Dictionary<string, UnixFileMode> Modes(string root)
    {
        var result = new Dictionary<string, UnixFileMode>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, entry).Replace('\\', '/');
            if (Directory.Exists(entry))
            {
                rel += "/";
            }

            result[rel] = File.GetUnixFileMode(entry) & (UnixFileMode)0xFFF;
        }

        return result;
    }
}
