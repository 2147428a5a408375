using System.Text.Json;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Http.Tests.SumDb;

/// <summary>
/// Interop with the real go command: the go command accepts what our test checksum database serves and keeps its cache
/// where our file-system transport reads it (with both the newest go and the oldest cache-sharing one, go1.19); the
/// other comparisons run the newest go. Ignored (with the reason) when go is missing, unless GOMODULES_REQUIRE_GO=1.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(300_000)]
public sealed class GoInteropTests
{
    private const string DbName = "sumdb.gomodules.test";

    private sealed class GoSandbox : IDisposable
    {
        public GoSandbox(string go, string gosumdb)
        {
            Go = go;
            Directory.CreateDirectory(Temp.Combine("work"));
            Directory.CreateDirectory(Temp.Combine("home"));
            Env = new Dictionary<string, string>
            {
                ["GOPATH"] = Temp.Combine("gopath"),
                ["GOMODCACHE"] = Temp.Combine("gopath", "pkg", "mod"),
                ["HOME"] = Temp.Combine("home"),
                ["GOCACHE"] = Temp.Combine("gocache"),
                ["GOPROXY"] = "file://" + Temp.Combine("proxy"),
                ["GOSUMDB"] = gosumdb,
                ["GOFLAGS"] = "-mod=mod",
                ["GO111MODULE"] = "on",
                ["GONOSUMDB"] = "",
                ["GOPRIVATE"] = "",
                ["GONOPROXY"] = "",
                ["GOINSECURE"] = "",
            };
        }

        public TempDirectory Temp { get; } = new();

        public string Go { get; }

        public Dictionary<string, string> Env { get; }

        public string ConfigDir => Temp.Combine("gopath", "pkg", "sumdb");

        public string ModCache => Temp.Combine("gopath", "pkg", "mod");

        public Task<(int ExitCode, string Stdout, string Stderr)> DownloadAsync(string pathAtVersion)
            => GoCommand.RunHermeticAsync(Go, Temp.Combine("work"), Env, "mod", "download", "-json", pathAtVersion);

        public void Dispose() => Temp.Dispose();
    }

    private static ChecksumDatabaseClient OfflineClient(NoteVerifier key, GoSandbox box, List<string> remoteCalls)
        => new(key, new FileSystemChecksumDatabaseTransport(box.ConfigDir, box.ModCache, (path, _, _) =>
        {
            lock (remoteCalls)
            {
                remoteCalls.Add(path);
            }

            throw new HttpRequestException("offline: " + path);
        }));

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    public async Task GoCommandAcceptsOurServerAndWeReadItsCache(GoRelease release)
    {
        var go = GoCommand.Require(release);
        var module = new TestModule("example.com/Hello", "v1.0.0");
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(300);
        db.AddModule(module.Path, module.Version, module.ZipHash, module.GoModHash);
        db.AddFiller(17);
        await using var server = new LoopbackHttpServer(db.Serve);
        using var box = new GoSandbox(go, $"{db.Verifier.VerifierKey} {server.BaseUrl}");
        module.WriteProxy(box.Temp.Combine("proxy"));

        var (exit, stdout, stderr) = await box.DownloadAsync("example.com/Hello@v1.0.0");
        Assert.That(exit, Is.EqualTo(0), stderr + stdout);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.That(json.RootElement.GetProperty("Sum").GetString(), Is.EqualTo(module.ZipHash));
            Assert.That(json.RootElement.GetProperty("GoModSum").GetString(), Is.EqualTo(module.GoModHash));
        }

        Assert.That(server.Requests, Does.Contain("/lookup/example.com/!hello@v1.0.0"), "go asked our database");
        Assert.That(server.Requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)), Is.Not.Empty);

        // Where Go keeps things: the latest head outside the module cache, lookups and tiles inside it.
        var latest = Path.Combine(box.ConfigDir, DbName, "latest");
        var lookup = Path.Combine(box.ModCache, "cache", "download", "sumdb", DbName, "lookup", "example.com", "!hello@v1.0.0");
        Assert.That(await ReadLatestAsync(latest), Is.EqualTo(db.SignedTree()));
        Assert.That(File.ReadAllBytes(lookup), Is.EqualTo(db.Serve("/lookup/example.com/!hello@v1.0.0").Body));
        foreach (var tileRequest in server.Requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)))
        {
            var file = Path.Combine([box.ModCache, "cache", "download", "sumdb", DbName, .. tileRequest[1..].Split('/')]);
            Assert.That(File.Exists(file), Is.True, file);
        }

        // Our client, pointed at Go's directories, answers from Go's cache without asking the server.
        var calls = new List<string>();
        var ours = OfflineClient(db.Verifier, box, calls);
        Assert.That(await ours.LookupAsync("example.com/Hello", "v1.0.0"), Is.EqualTo(new[] { $"example.com/Hello v1.0.0 {module.ZipHash}" }));
        Assert.That(await ours.LookupAsync("example.com/Hello", "v1.0.0/go.mod"), Is.EqualTo(new[] { $"example.com/Hello v1.0.0/go.mod {module.GoModHash}" }));
        Assert.That(calls, Is.Empty);
    }

    [Test]
    public async Task ProxiedDatabaseIsFoundAndReadLikeGoDoes()
    {
        // One server is both the module proxy and (under /sumdb/<name>/) the database; GOSUMDB names the key only, so
        // both clients must discover the database through GOPROXY. They must then ask for the same files.
        var go = GoCommand.Require();
        var module = new TestModule("example.com/proxied", "v1.3.0");
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(270);
        db.AddModule(module.Path, module.Version, module.ZipHash, module.GoModHash);
        db.AddFiller(9);
        using var files = new TempDirectory();
        module.WriteProxy(files.Combine("proxy"));
        var prefix = "/sumdb/" + DbName;
        await using var server = new LoopbackHttpServer(path =>
        {
            if (path == prefix + "/supported")
            {
                return (200, []);
            }

            if (path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return db.Serve(path[prefix.Length..]);
            }

            var file = files.Combine(["proxy", .. path.TrimStart('/').Split('/')]);
            return File.Exists(file) ? (200, File.ReadAllBytes(file)) : (404, "not found\n"u8.ToArray());
        });
        using var box = new GoSandbox(go, db.Verifier.VerifierKey);
        box.Env["GOPROXY"] = server.BaseUrl;

        var (exit, stdout, stderr) = await box.DownloadAsync($"{module.Path}@{module.Version}");
        Assert.That(exit, Is.EqualTo(0), stderr + stdout);
        var goSumDbRequests = server.Requests.Where(r => r.StartsWith("/sumdb/", StringComparison.Ordinal)).ToList();
        Assert.That(goSumDbRequests[0], Is.EqualTo(prefix + "/supported"));

        // Ours, configured from the same settings, over the product HTTP transport.
        var before = server.Requests.Count;
        using var ours = new TempDirectory();
        var env = GoModules.GoEnvironment.FromVariables(new Dictionary<string, string?>
        {
            ["GOPROXY"] = server.BaseUrl,
            ["GOSUMDB"] = db.Verifier.VerifierKey,
            ["GOPATH"] = ours.Combine("gopath"),
            ["GOMODCACHE"] = ours.Combine("gopath", "pkg", "mod"),
            ["HOME"] = ours.Path,
        });
        using var http = new HttpClient();
        var transports = new GoModules.Http.HttpModuleProxyTransportFactory(() => http, new GoModules.Http.GoModulesHttpOptions(), env);
        var verifier = ModuleChecksumVerifier.FromEnvironment(env, transports);
        var mv = new GoModules.ModuleVersion(GoModules.ModulePath.Parse(module.Path), module.Version);
        await verifier.VerifyGoModAsync(mv, System.Text.Encoding.UTF8.GetBytes(module.GoMod));
        await verifier.VerifyZipHashAsync(mv, module.ZipHash);
        var ourSumDbRequests = server.Requests.Skip(before).ToList();
        Assert.That(ourSumDbRequests, Is.EquivalentTo(goSumDbRequests), "the same probe, lookup and tiles");
        Assert.That(ourSumDbRequests[0], Is.EqualTo(prefix + "/supported"));
    }

    [Test]
    public async Task GoCommandRejectsAWrongHashFromOurServer()
    {
        var go = GoCommand.Require();
        var module = new TestModule("example.com/hello", "v1.0.0");
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(5);
        db.AddModule(module.Path, module.Version, "h1:" + Convert.ToBase64String(new byte[32]), module.GoModHash);
        await using var server = new LoopbackHttpServer(db.Serve);
        using var box = new GoSandbox(go, $"{db.Verifier.VerifierKey} {server.BaseUrl}");
        module.WriteProxy(box.Temp.Combine("proxy"));

        var (exit, _, stderr) = await box.DownloadAsync("example.com/hello@v1.0.0");
        var stdout = (await box.DownloadAsync("example.com/hello@v1.0.0")).Stdout;
        Assert.That(exit, Is.Not.EqualTo(0));
        Assert.That(stderr + stdout, Does.Contain("checksum mismatch").Or.Contain("SECURITY ERROR"));
    }

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    public async Task GoAndWeAgreeOnGrowthAndForks(GoRelease release)
    {
        var go = GoCommand.Require(release);
        var first = new TestModule("example.com/first", "v1.0.0");
        var second = new TestModule("example.com/second", "v1.1.0");
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(40);
        db.AddModule(first.Path, first.Version, first.ZipHash, first.GoModHash);
        await using var server = new LoopbackHttpServer(path => db.Serve(path));
        using var box = new GoSandbox(go, $"{db.Verifier.VerifierKey} {server.BaseUrl}");
        first.WriteProxy(box.Temp.Combine("proxy"));
        second.WriteProxy(box.Temp.Combine("proxy"));
        var latestFile = Path.Combine(box.ConfigDir, DbName, "latest");

        Assert.That((await box.DownloadAsync("example.com/first@v1.0.0")).ExitCode, Is.EqualTo(0));

        // The log grows; our client (sharing Go's directories) proves the second module and moves the latest head.
        db.AddFiller(300);
        db.AddModule(second.Path, second.Version, second.ZipHash, second.GoModHash);
        using var remote = new HttpRemote(server.BaseUrl);
        var ours = new ChecksumDatabaseClient(db.Verifier, new FileSystemChecksumDatabaseTransport(box.ConfigDir, box.ModCache, remote.ReadAsync));
        Assert.That(await ours.LookupAsync(second.Path, second.Version), Has.Count.EqualTo(1));
        Assert.That(await ReadLatestAsync(latestFile), Is.EqualTo(db.SignedTree()), "we advanced Go's latest file");

        // Go accepts the head we stored (it checks it against the tree it saw) and the cache we wrote.
        var before = server.Requests.Count;
        var (exit, _, stderr) = await box.DownloadAsync("example.com/second@v1.1.0");
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(server.Requests.Skip(before).Where(r => r.StartsWith("/lookup/", StringComparison.Ordinal)), Is.Empty, "Go used our cached lookup");

        // Now the server forks: same key, another history. Both Go and we call it a security error.
        var fork = new TestChecksumDatabase(DbName, signer: db.Signer);
        fork.AddFiller(500, "fork.example/m");
        var third = new TestModule("example.com/third", "v1.0.0");
        fork.AddModule(third.Path, third.Version, third.ZipHash, third.GoModHash);
        third.WriteProxy(box.Temp.Combine("proxy"));
        db = fork;
        var goResult = await box.DownloadAsync("example.com/third@v1.0.0");
        Assert.That(goResult.ExitCode, Is.Not.EqualTo(0));
        Assert.That(goResult.Stderr + goResult.Stdout, Does.Contain("SECURITY ERROR").Or.Contain("inconsistent"));

        var fresh = new ChecksumDatabaseClient(fork.Verifier, new FileSystemChecksumDatabaseTransport(box.ConfigDir, box.ModCache, remote.ReadAsync));
        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await fresh.LookupAsync(third.Path, third.Version));
        Assert.That(ex!.IsFork, Is.True, ex.Message);
        Assert.That(await ReadLatestAsync(latestFile), Is.Not.EqualTo(fork.SignedTree()));
        Assert.That(File.Exists(Path.Combine(box.ModCache, "cache", "download", "sumdb", DbName, "lookup", "example.com", "third@v1.0.0")), Is.False);
    }

    /// <summary>
    /// Reads Go's 'latest' file under Go's lock protocol (a shared flock, waiting for a writer), as go itself does: a
    /// plain read through FileStream takes a non-blocking lock of its own and fails while a go process holds the file.
    /// </summary>
    private static async Task<byte[]?> ReadLatestAsync(string path) =>
        await GoModules.Kernel.LockedFile.ReadIfExistsAsync(path, CancellationToken.None);
}
