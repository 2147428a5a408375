using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Tests.SumDb;

/// <summary>
/// Issue 13, item 2: go.sum is always checked, and the checksum database is consulted as the go command consults it,
/// whatever a host configures: a <see cref="ModuleCacheOptions.ChecksumVerifier"/> adds the database to the go.sum check
/// of <see cref="ModuleCacheOptions.GoSum"/> and never replaces it, and <c>AddGoModules()</c> consults the database by
/// default (unless GOSUMDB=off or GONOSUMDB/GOPRIVATE match).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class GoSumAndDatabaseCompositionTests
{
    private const string DbName = "sumdb.gomodules.test";
    private const string WrongHash = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    private static readonly TestModule Module = new("example.com/m", "v1.0.0");
    private static readonly ModuleVersion M = new(ModulePath.Parse(Module.Path), Module.Version);

    /// <summary>A module proxy on 127.0.0.1 that also serves <paramref name="db"/> under <c>/sumdb/&lt;name&gt;/</c>.</summary>
    private static LoopbackHttpServer ProxyWithDatabase(TempDirectory dir, TestChecksumDatabase db)
    {
        Module.WriteProxy(dir.Combine("proxy"));
        var prefix = "/sumdb/" + db.Name;
        return new LoopbackHttpServer(path =>
        {
            if (path == prefix + "/supported")
            {
                return (200, []);
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return db.Serve(path[prefix.Length..]);
            }

            var file = Path.GetFullPath(Path.Combine([dir.Combine("proxy"), .. path.TrimStart('/').Split('/')]));
            return file.StartsWith(dir.Combine("proxy") + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file)
                ? (200, File.ReadAllBytes(file))
                : (404, "not found\n"u8.ToArray());
        });
    }

    private static TestChecksumDatabase Database(string zipHash, string goModHash)
    {
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(4);
        db.AddModule(Module.Path, Module.Version, zipHash, goModHash);
        return db;
    }

    private static ServiceProvider Host(TempDirectory dir, LoopbackHttpServer server, TestChecksumDatabase db, string? goSumDb, string? goNoSumDb = null, bool useChecksumDatabase = false)
    {
        var services = new ServiceCollection();
        var builder = services.AddGoModules().Configure(o =>
        {
            o.UseEnvironment = false;
            o.GoProxy = server.BaseUrl;
            o.GoSumDb = goSumDb ?? db.Verifier.VerifierKey;
            o.GoNoSumDb = goNoSumDb;
            o.GoPath = dir.Combine("gopath");
            o.GoModCache = dir.Combine("gopath", "pkg", "mod");
        });
        if (useChecksumDatabase)
        {
            builder.UseChecksumDatabase();
        }

        return services.BuildServiceProvider();
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AHostsGoSumIsCheckedEvenWithGoSumDbOff(bool goMod)
    {
        // The host of the report: the checksum database turned off, a verifier from dependency injection, and its own
        // go.sum with a deliberately wrong line. The download must be refused with the go.sum SECURITY ERROR.
        using var dir = new TempDirectory();
        var db = Database(Module.ZipHash, Module.GoModHash);
        await using var server = ProxyWithDatabase(dir, db);
        await using var provider = Host(dir, server, db, goSumDb: "off", useChecksumDatabase: true);
        var goSum = GoSumFile.Parse(goMod ? $"{Module.Path} {Module.Version}/go.mod {WrongHash}\n" : $"{Module.Path} {Module.Version} {WrongHash}\n");
        var cache = new ModuleCache(provider.GetRequiredService<IModuleFetcher>(), new ModuleCacheOptions
        {
            Root = dir.Combine("gopath", "pkg", "mod"),
            GoSum = goSum,
            ChecksumVerifier = provider.GetRequiredService<ModuleChecksumVerifier>(),
        });

        var ex = Assert.ThrowsAsync<ChecksumMismatchException>(async () =>
        {
            if (goMod)
            {
                await cache.GetGoModAsync(M);
            }
            else
            {
                await cache.DownloadAsync(M);
            }
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.ExpectedSource, Is.EqualTo("go.sum"));
            Assert.That(ex.IsGoMod, Is.EqualTo(goMod));
            Assert.That(ex.Message, Does.Contain("SECURITY ERROR"));
            Assert.That(Directory.Exists(cache.Paths.GetExtractedDirectory(M)), Is.False);
            Assert.That(File.Exists(goMod ? cache.Paths.GetGoModFile(M) : cache.Paths.GetZipFile(M)), Is.False, "nothing refused is cached");
            Assert.That(server.Requests.Where(r => r.StartsWith("/sumdb/", StringComparison.Ordinal)), Is.Empty, "GOSUMDB=off");
        }
    }

    [Test]
    public async Task GoSumComesFirstAndSettlesWhatItLists()
    {
        // The database (wrongly) objects to both hashes; go.sum lists them, so the database is never asked.
        using var dir = new TempDirectory();
        var db = Database(WrongHash, WrongHash);
        await using var server = ProxyWithDatabase(dir, db);
        await using var provider = Host(dir, server, db, goSumDb: null);
        var goSum = GoSumFile.Parse($"{Module.Path} {Module.Version} {Module.ZipHash}\n{Module.Path} {Module.Version}/go.mod {Module.GoModHash}\n");
        var verifier = ModuleChecksumVerifier.FromEnvironment(
            GoEnvironment.FromVariables(new Dictionary<string, string?>
            {
                ["GOPROXY"] = server.BaseUrl,
                ["GOSUMDB"] = db.Verifier.VerifierKey,
                ["GOPATH"] = dir.Combine("gopath"),
                ["GOMODCACHE"] = dir.Combine("gopath", "pkg", "mod"),
            }),
            provider.GetRequiredService<HttpModuleProxyTransportFactory>());
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(server.BaseUrl), transports: provider.GetRequiredService<HttpModuleProxyTransportFactory>());
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = dir.Combine("gopath", "pkg", "mod"), GoSum = goSum, ChecksumVerifier = verifier });

        Assert.That(Directory.Exists(await cache.DownloadAsync(M)), Is.True);
        Assert.That(server.Requests.Where(r => r.StartsWith("/sumdb/", StringComparison.Ordinal)), Is.Empty);

        // Without the go.sum lines, the same verifier asks the database, which refuses.
        var unlisted = new ModuleCache(fetcher, new ModuleCacheOptions { Root = dir.Combine("other-cache"), GoSum = new GoSumFile(), ChecksumVerifier = verifier });
        Assert.CatchAsync<GoModuleException>(async () => await unlisted.DownloadAsync(M));
        Assert.That(server.Requests, Does.Contain($"/sumdb/{DbName}/lookup/example.com/m@v1.0.0"));
    }

    [Test]
    public async Task AddGoModulesConsultsTheDatabaseByDefault()
    {
        // No UseChecksumDatabase(): as with the go command, GOSUMDB applies unless it is off.
        using var dir = new TempDirectory();
        var db = Database(Module.ZipHash, WrongHash);
        await using var server = ProxyWithDatabase(dir, db);
        await using var provider = Host(dir, server, db, goSumDb: null);

        Assert.That(provider.GetService<ModuleChecksumVerifier>(), Is.Not.Null);
        var ex = Assert.CatchAsync<GoModuleException>(async () => await provider.GetRequiredService<IModuleFetcher>().GetGoModAsync(M));
        Assert.That(ex!.Message, Does.Contain("verifying go.mod: checksum mismatch").And.Contain("SECURITY ERROR"));
        Assert.That(server.Requests, Does.Contain($"/sumdb/{DbName}/lookup/example.com/m@v1.0.0"));
    }

    [TestCase("off", null)]
    [TestCase(null, "example.com")]
    public async Task GoSumDbOffOrGoNoSumDbSkipsTheDatabase(string? goSumDb, string? goNoSumDb)
    {
        using var dir = new TempDirectory();
        var db = Database(Module.ZipHash, WrongHash);
        await using var server = ProxyWithDatabase(dir, db);
        await using var provider = Host(dir, server, db, goSumDb, goNoSumDb);

        var data = await provider.GetRequiredService<IModuleFetcher>().GetGoModAsync(M);
        Assert.That(System.Text.Encoding.UTF8.GetString(data.Span), Is.EqualTo(Module.GoMod));
        Assert.That(server.Requests.Where(r => r.StartsWith("/sumdb/", StringComparison.Ordinal)), Is.Empty);
    }
}
