using System.Text;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class ModuleChecksumVerifierTests
{
    private static readonly byte[] GoModBytes = "module example.com/m\n\ngo 1.16\n"u8.ToArray();
    private static readonly string GoModHash = DirHash.HashGoMod(GoModBytes);
    private static readonly ModuleVersion M = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    private sealed class Fixture : IDisposable
    {
        public Fixture(string? goSumDb = null, string noSumDb = "", GoSumFile? goSum = null, string zipHash = "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=", string? dbGoModHash = null)
        {
            Db = new TestChecksumDatabase("sumdb.gomodules.test");
            Db.AddFiller(3);
            Db.AddModule("example.com/m", "v1.0.0", zipHash, dbGoModHash ?? GoModHash);
            Transport = new MemoryTransport(Db);
            var key = Db.Verifier.VerifierKey;
            Verifier = new ModuleChecksumVerifier(goSumDb ?? key, GoModules.Patterns.PathPatternList.Parse(noSumDb), setting =>
            {
                Created++;
                return new ChecksumDatabaseClient(setting.Verifier!, Transport);
            }, goSum);
        }

        public TestChecksumDatabase Db { get; }

        public MemoryTransport Transport { get; }

        public ModuleChecksumVerifier Verifier { get; }

        public int Created { get; private set; }

        public void Dispose()
        {
        }
    }

    [Test]
    public async Task DatabaseVouchesAndGoSumLearns()
    {
        var goSum = new GoSumFile();
        using var f = new Fixture(goSum: goSum);
        await f.Verifier.VerifyGoModAsync(M, GoModBytes);
        await f.Verifier.VerifyZipHashAsync(M, "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=");
        Assert.That(goSum.Format(), Is.EqualTo($"example.com/m v1.0.0 h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=\nexample.com/m v1.0.0/go.mod {GoModHash}\n"));
        Assert.That(f.Transport.RemoteCount("/lookup/"), Is.EqualTo(1));
    }

    [Test]
    public async Task GoSumSettlesItWithoutTheDatabase()
    {
        var goSum = GoSumFile.Parse($"example.com/m v1.0.0/go.mod {GoModHash}\n");
        using var f = new Fixture(goSum: goSum);
        await f.Verifier.VerifyGoModAsync(M, GoModBytes);
        Assert.That(f.Transport.Requests, Is.Empty);
        Assert.That(f.Created, Is.Zero, "the client is made only when needed");
    }

    [Test]
    public void GoSumMismatchIsFatalWhateverTheSettings()
    {
        var goSum = GoSumFile.Parse("example.com/m v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        using var f = new Fixture(goSumDb: "off", goSum: goSum);
        var ex = Assert.ThrowsAsync<ChecksumMismatchException>(async () => await f.Verifier.VerifyGoModAsync(M, GoModBytes));
        Assert.That(ex!.ExpectedSource, Is.EqualTo("go.sum"));
    }

    [Test]
    public void DatabaseMismatch()
    {
        using var f = new Fixture(dbGoModHash: "h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=");
        var outer = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.Verifier.VerifyGoModAsync(M, GoModBytes));
        Assert.That(outer!.Message, Does.StartWith($"example.com/m@v1.0.0: verifying go.mod: checksum mismatch\n\tdownloaded: {GoModHash}\n\tsumdb.gomodules.test: h1:BBBB"));
        Assert.That(outer.Message, Does.Contain("SECURITY ERROR"));
        var ex = outer.InnerException as ChecksumMismatchException;
        Assert.Multiple(() =>
        {
            Assert.That(ex!.ExpectedSource, Is.EqualTo("sumdb.gomodules.test"));
            Assert.That(ex.Expected, Is.EqualTo("h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB="));
            Assert.That(ex.Actual, Is.EqualTo(GoModHash));
            Assert.That(ex.IsGoMod, Is.True);
        });
    }

    [Test]
    public async Task NoLineInTheRecordIsAccepted()
    {
        using var f = new Fixture();
        f.Transport.Tamper = null;
        var other = new ModuleVersion(ModulePath.Parse("filler.example/m0"), "v1.0.0");

        // The record of filler.example/m0 has lines for its own hashes; a zip line with another prefix is absent.
        await f.Verifier.VerifyZipHashAsync(other, TestChecksumDatabase.FakeHash(0, 1));
        Assert.ThrowsAsync<ChecksumMismatchException>(async () => await f.Verifier.VerifyZipHashAsync(other, TestChecksumDatabase.FakeHash(9, 9)));
    }

    [TestCase("off", "")]
    [TestCase(null, "example.com")]
    [TestCase(null, "*.com/m")]
    [TestCase(null, "example.com/m/")]
    public async Task SkippedModulesNeverReachTheDatabase(string? goSumDb, string noSumDb)
    {
        using var f = new Fixture(goSumDb: goSumDb, noSumDb: noSumDb);
        f.Transport.Tamper = (_, _, _) => (500, []);
        await f.Verifier.VerifyGoModAsync(M, GoModBytes);
        Assert.That(f.Verifier.UsesChecksumDatabase("example.com/m"), Is.False);
        Assert.That(f.Transport.Requests, Is.Empty);
    }

    [Test]
    public void LookupFailureReadsLikeTheGoCommand()
    {
        using var f = new Fixture();
        f.Transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal) ? (500, []) : (status, body);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.Verifier.VerifyGoModAsync(M, GoModBytes));
        Assert.That(ex!.Message, Does.StartWith("example.com/m@v1.0.0: verifying go.mod: example.com/m@v1.0.0/go.mod: reading /lookup/example.com/m@v1.0.0: 500"));
        Assert.That(ex.Failure, Is.EqualTo(ModuleFetchFailure.ChecksumDatabase));
        Assert.That(ex, Is.InstanceOf<GoModuleException>(), "inside a GOPROXY walk it is the entry's error");
    }

    [Test]
    public void TamperedAnswerIsASecurityError()
    {
        using var f = new Fixture();
        f.Transport.Tamper = (path, status, body) => path.StartsWith("/tile/", StringComparison.Ordinal) ? (200, new byte[body.Length]) : (status, body);
        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await f.Verifier.VerifyZipHashAsync(M, "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk="));
        Assert.That(ex!.Message, Does.StartWith("example.com/m@v1.0.0: verifying module: example.com/m@v1.0.0: "));
    }

    [TestCase("sum.example.com", "invalid GOSUMDB: malformed verifier id")]
    [TestCase("a b c", "invalid GOSUMDB: too many fields")]
    public void InvalidSettingFailsOnlyWhenNeeded(string goSumDb, string message)
    {
        using var f = new Fixture(goSumDb: goSumDb, noSumDb: "private.example");
        Assert.DoesNotThrowAsync(async () => await f.Verifier.VerifyGoModAsync(new ModuleVersion(ModulePath.Parse("private.example/x"), "v1.0.0"), GoModBytes));
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.Verifier.VerifyGoModAsync(M, GoModBytes));
        Assert.That(ex!.Message, Is.EqualTo("example.com/m@v1.0.0: verifying go.mod: " + message));
        Assert.That(ex.Failure, Is.EqualTo(ModuleFetchFailure.InvalidConfiguration));
    }

    [Test]
    public async Task PlugsIntoTheGoProxyWalk()
    {
        // A file:// proxy holding the module; the verifier rejects a tampered go.mod from the first entry and the walk
        // (with "|") takes the second entry's good copy.
        using var dir = new TempDirectory();
        var good = new TestModule("example.com/m", "v1.0.0");
        good.WriteProxy(dir.Combine("good"));
        Directory.CreateDirectory(dir.Combine("bad", "example.com", "m", "@v"));
        File.WriteAllText(dir.Combine("bad", "example.com", "m", "@v", "v1.0.0.mod"), "module example.com/m\n\ngo 1.99\n");
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddModule(good.Path, good.Version, good.ZipHash, good.GoModHash);
        var transport = new MemoryTransport(db);
        var verifier = new ModuleChecksumVerifier(db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, transport));
        var chain = ProxyChain.Parse($"file://{dir.Combine("bad")}|file://{dir.Combine("good")}");
        var fetcher = new ProxyChainFetcher(chain) { GoModVerifier = verifier };
        var mod = await fetcher.GetGoModAsync(new ModuleVersion(ModulePath.Parse(good.Path), good.Version));
        Assert.That(Encoding.UTF8.GetString(mod.Span), Is.EqualTo(good.GoMod));

        var strict = new ProxyChainFetcher(ProxyChain.Parse($"file://{dir.Combine("bad")},file://{dir.Combine("good")}")) { GoModVerifier = verifier };
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await strict.GetGoModAsync(new ModuleVersion(ModulePath.Parse(good.Path), good.Version)));
        Assert.That(ex!.InnerException, Is.InstanceOf<ChecksumMismatchException>());

        // A go.sum line that disagrees ends the walk at once, even with "|".
        var goSum = GoSumFile.Parse($"example.com/m v1.0.0/go.mod {good.GoModHash}\n");
        var withGoSum = new ModuleChecksumVerifier(db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, transport), goSum);
        var piped = new ProxyChainFetcher(chain) { GoModVerifier = withGoSum };
        Assert.ThrowsAsync<ChecksumMismatchException>(async () => await piped.GetGoModAsync(new ModuleVersion(ModulePath.Parse(good.Path), good.Version)));
    }
}
