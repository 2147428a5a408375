using GoModules.Tests.SumDb.Support;

namespace GoModules.Cli.Tests;

/// <summary>
/// Issue 13, item 1, through <c>gomod download</c>: a module proxy on 127.0.0.1 that also serves the checksum database
/// (<c>/sumdb/&lt;name&gt;/…</c>) answers the lookup of <c>example.com/victim@v1.0.0</c> with the genuine, signed and
/// included record of <c>example.com/attacker@v1.0.0</c>, and serves tampered victim files. gomod must refuse the
/// download as the go command does, write nothing to go.sum and keep nothing of the lookup. The newest go command
/// (<see cref="GoCommand"/>) is run against the same server and must refuse it with the same words.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(240_000)]
public sealed class SumDbRecordSubstitutionTests
{
    private const string DbName = "sumdb.gomodules.test";
    private const string AppGoMod = "module example.com/app\n\ngo 1.21\n";

    /// <summary>The first line of the go command's report for a go.mod the database answer has no line for.</summary>
    private const string GoReport = "example.com/victim@v1.0.0: verifying go.mod: checksum missing from sumdb response";

    private const string GoSecurityText =
        "SECURITY ERROR\n" +
        "This download does NOT match one reported by the checksum server.\n" +
        "The checksum server has provided checksums, but the checksums do\n" +
        "not contain an entry for the download.\n";

    private sealed class Attack : IAsyncDisposable
    {
        private Attack(TestChecksumDatabase db, LoopbackHttpServer server)
        {
            Db = db;
            Server = server;
        }

        public TestChecksumDatabase Db { get; }

        public LoopbackHttpServer Server { get; }

        public static Attack Start(TempDirectory dir)
        {
            var evil = new TestModule("example.com/victim", "v1.0.0", "package victim\n\nfunc init() { panic(\"pwned\") }\n");
            var attacker = new TestModule("example.com/attacker", "v1.0.0");
            evil.WriteProxy(dir.Combine("proxy"));
            var db = new TestChecksumDatabase(DbName);
            db.AddFiller(20);
            var attackerId = db.AddModule(attacker.Path, attacker.Version, attacker.ZipHash, attacker.GoModHash);
            db.AddFiller(7);
            var prefix = "/sumdb/" + DbName;
            var server = new LoopbackHttpServer(path =>
            {
                if (path == prefix + "/supported")
                {
                    return (200, []);
                }

                if (path == prefix + "/lookup/example.com/victim@v1.0.0")
                {
                    return (200, db.LookupAnswer(attackerId));
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
            return new Attack(db, server);
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    [Test]
    public async Task GomodDownloadRefusesARecordOfAnotherModule()
    {
        using var dir = new TempDirectory();
        await using var attack = Attack.Start(dir);
        var work = dir.Combine("work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "go.mod"), AppGoMod);
        var gopath = dir.Combine("gopath");
        var modcache = dir.Combine("gopath", "pkg", "mod");

        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "download", "example.com/victim@v1.0.0"],
            work,
            ProcessRunner.GomodEnvironment(dir.Path, gopath, modcache, attack.Server.BaseUrl, attack.Db.Verifier.VerifierKey));

        TestContext.Out.WriteLine(stderr);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1), stdout + stderr);
            Assert.That(stderr, Does.Contain(GoReport + "\n\n" + GoSecurityText));
            Assert.That(attack.Server.Requests, Does.Contain($"/sumdb/{DbName}/lookup/example.com/victim@v1.0.0"), "the database was asked");
            Assert.That(File.Exists(Path.Combine(work, "go.sum")) ? File.ReadAllText(Path.Combine(work, "go.sum")) : string.Empty, Does.Not.Contain("example.com/victim"), "go.sum learns nothing");
            Assert.That(File.Exists(Path.Combine(modcache, "cache", "download", "sumdb", DbName, "lookup", "example.com", "victim@v1.0.0")), Is.False, "the record is not cached under the victim's lookup");
            Assert.That(Directory.Exists(Path.Combine(modcache, "example.com", "victim@v1.0.0")), Is.False, "no extracted module");
            Assert.That(File.Exists(Path.Combine(modcache, "cache", "download", "example.com", "victim", "@v", "v1.0.0.zip")), Is.False, "no cached zip");
        }
    }

    [Test]
    public async Task GomodSumDbLookupRefusesARecordOfAnotherModule()
    {
        using var dir = new TempDirectory();
        await using var attack = Attack.Start(dir);
        var modcache = dir.Combine("gopath", "pkg", "mod");

        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "sumdb", "lookup", "example.com/victim@v1.0.0"],
            dir.Path,
            ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("gopath"), modcache, attack.Server.BaseUrl, attack.Db.Verifier.VerifierKey));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1), stdout + stderr);
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Does.Contain("example.com/victim@v1.0.0: checksum missing from sumdb response\n\n" + GoSecurityText));
            Assert.That(File.Exists(Path.Combine(modcache, "cache", "download", "sumdb", DbName, "lookup", "example.com", "victim@v1.0.0")), Is.False);
        }
    }

    [Test]
    public async Task TheNewestGoCommandRefusesItWithTheSameWords()
    {
        var go = GoCommand.Require();
        using var dir = new TempDirectory();
        await using var attack = Attack.Start(dir);
        var work = dir.Combine("work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "go.mod"), AppGoMod);
        Directory.CreateDirectory(dir.Combine("home"));
        var env = new Dictionary<string, string>
        {
            ["GOPATH"] = dir.Combine("gopath"),
            ["GOMODCACHE"] = dir.Combine("gopath", "pkg", "mod"),
            ["HOME"] = dir.Combine("home"),
            ["GOCACHE"] = dir.Combine("gocache"),
            ["GOPROXY"] = attack.Server.BaseUrl,
            ["GOSUMDB"] = attack.Db.Verifier.VerifierKey,
            ["GOFLAGS"] = "-mod=mod",
            ["GONOSUMDB"] = string.Empty,
            ["GOPRIVATE"] = string.Empty,
            ["GONOPROXY"] = string.Empty,
            ["GOINSECURE"] = string.Empty,
        };

        var (exit, stdout, stderr) = await GoCommand.RunHermeticAsync(go, work, env, "mod", "download", "example.com/victim@v1.0.0");
        TestContext.Out.WriteLine(stderr);

        // gomod against the same server, with its own caches: the same report, word for word (its progress lines aside).
        var ours = dir.Combine("ours");
        Directory.CreateDirectory(ours);
        File.WriteAllText(Path.Combine(ours, "go.mod"), AppGoMod);
        var gomod = await ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "download", "example.com/victim@v1.0.0"],
            ours,
            ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("ours-gopath"), dir.Combine("ours-gopath", "pkg", "mod"), attack.Server.BaseUrl, attack.Db.Verifier.VerifierKey));
        var report = string.Concat(gomod.Stderr.Split('\n').SkipLast(1).Where(l => !l.StartsWith("gomod: ", StringComparison.Ordinal)).Select(l => l + "\n"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1), stdout + stderr);
            Assert.That(stderr, Does.Contain(GoReport + "\n\n" + GoSecurityText));
            Assert.That(gomod.Exit, Is.EqualTo(exit), gomod.Stderr);
            Assert.That(report, Is.EqualTo(stderr), "gomod's report is go's");
            Assert.That(File.Exists(Path.Combine(work, "go.sum")) ? File.ReadAllText(Path.Combine(work, "go.sum")) : string.Empty, Does.Not.Contain("example.com/victim"));
        }
    }
}
