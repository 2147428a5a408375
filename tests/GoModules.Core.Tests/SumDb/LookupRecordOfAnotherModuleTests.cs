using System.Text;
using GoModules.Hashing;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

/// <summary>
/// A server between us and the checksum database answers the lookup of one module with the genuine, signed and
/// included record of another module (issue 13, item 1). Every check of the record itself passes; only its content
/// gives it away. The go command rejects it ("checksum missing from sumdb response"); so must we, and nothing of it
/// may be cached or remembered under the lookup that was asked for.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class LookupRecordOfAnotherModuleTests
{
    private const string Victim = "example.com/victim";
    private const string Attacker = "example.com/attacker";
    private const string Zip = "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=";
    private const string GoMod = "h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=";
    private const string VictimLookup = "/lookup/example.com/victim@v1.0.0";

    private static readonly byte[] EvilGoMod = "module example.com/victim\n\ngo 1.16\n// evil\n"u8.ToArray();

    /// <summary>The absent-line text the go command prints (cmd/go's checkSumDB), after "verifying go.mod|module: ".</summary>
    private const string GoAbsentText =
        "checksum missing from sumdb response\n\n" +
        "SECURITY ERROR\n" +
        "This download does NOT match one reported by the checksum server.\n" +
        "The checksum server has provided checksums, but the checksums do\n" +
        "not contain an entry for the download.\n" +
        "The checksum server may be malfunctioning, or an attacker may have\n" +
        "intercepted the checksum request.\n" +
        "The download cannot be verified.\n\n" +
        "For more information, see 'go help module-auth'.\n";

    /// <summary>A log holding only the attacker's record (among fillers): the victim is not in it.</summary>
    private static (TestChecksumDatabase Db, MemoryTransport Transport, long AttackerId) AttackerOnly()
    {
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(10);
        var id = db.AddModule(Attacker, "v1.0.0", DirHash.HashGoMod(EvilGoMod), DirHash.HashGoMod(EvilGoMod));
        db.AddFiller(5);
        var transport = new MemoryTransport(db);
        transport.Tamper = (path, status, body) => path == VictimLookup ? (200, db.LookupAnswer(id)) : (status, body);
        return (db, transport, id);
    }

    [TestCase("v1.0.0")]
    [TestCase("v1.0.0/go.mod")]
    public async Task ClientRejectsTheRecordAndNeitherCachesNorRemembersIt(string version)
    {
        var (db, transport, _) = AttackerOnly();
        var client = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { TileHeight = db.Height });

        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await client.LookupAsync(Victim, version));
        Assert.That(ex!.Message, Is.EqualTo($"{Victim}@{version}: {GoAbsentText}"));
        Assert.That(ex.Module?.Path.Value, Is.EqualTo(Victim));
        Assert.That(transport.Cache.Keys, Has.None.Contains("victim"), "nothing is cached under the victim's lookup");

        // The database learns the victim's real record: the next lookup asks the server again and gets it.
        db.AddModule(Victim, "v1.0.0", Zip, GoMod);
        transport.Tamper = null;
        var lines = await client.LookupAsync(Victim, version);
        Assert.That(lines, Is.EqualTo(new[] { $"{Victim} {version} {(version.EndsWith("/go.mod", StringComparison.Ordinal) ? GoMod : Zip)}" }));
        Assert.That(transport.RemoteCount(VictimLookup), Is.EqualTo(2));
        Assert.That(transport.Cache.Keys, Does.Contain($"{db.Name}{VictimLookup}"));
    }

    [Test]
    public async Task APoisonedCacheEntryIsNotTrusted()
    {
        // Left by an older GoModules, or by any client that caches what it verified without reading it.
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(3);
        var attackerId = db.AddModule(Attacker, "v1.0.0", Zip, GoMod);
        db.AddModule(Victim, "v1.0.0", Zip, GoMod);
        var transport = new MemoryTransport(db);
        transport.Cache[$"{db.Name}{VictimLookup}"] = db.LookupAnswer(attackerId);
        var client = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { TileHeight = db.Height });

        Assert.That(await client.LookupAsync(Victim, "v1.0.0"), Is.EqualTo(new[] { $"{Victim} v1.0.0 {Zip}" }));
        Assert.That(transport.RemoteCount(VictimLookup), Is.EqualTo(1), "the server was asked");
        Assert.That(transport.Cache[$"{db.Name}{VictimLookup}"], Is.EqualTo(db.Serve(VictimLookup).Body), "the entry was replaced");
    }

    [Test]
    public async Task ARecordWithOnlyOneOfTheTwoLinesAnswersThatLineButIsNotKept()
    {
        // The go command checks the line it needs: a go.mod lookup needs the "/go.mod" line, a zip lookup the other.
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(3);
        db.AddRecord(Victim + "@v1.0.0", Encoding.UTF8.GetBytes($"{Victim} v1.0.0/go.mod {GoMod}\n"));
        var transport = new MemoryTransport(db);
        var client = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { TileHeight = db.Height });

        Assert.That(await client.LookupAsync(Victim, "v1.0.0/go.mod"), Is.EqualTo(new[] { $"{Victim} v1.0.0/go.mod {GoMod}" }));
        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await client.LookupAsync(Victim, "v1.0.0"));
        Assert.That(ex!.Message, Is.EqualTo($"{Victim}@v1.0.0: {GoAbsentText}"));
        Assert.That(transport.Cache.Keys, Has.None.Contains("victim"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void VerifierReportsItAsTheGoCommandDoesAndGoSumLearnsNothing(bool goMod)
    {
        var (db, transport, _) = AttackerOnly();
        var goSum = new GoSumFile();
        var verifier = new ModuleChecksumVerifier(db.Verifier.VerifierKey, null, s => new ChecksumDatabaseClient(s.Verifier!, transport, new ChecksumDatabaseOptions { TileHeight = db.Height }), goSum);
        var victim = new ModuleVersion(ModulePath.Parse(Victim), "v1.0.0");

        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () =>
        {
            if (goMod)
            {
                await verifier.VerifyGoModAsync(victim, EvilGoMod);
            }
            else
            {
                await verifier.VerifyZipHashAsync(victim, DirHash.HashGoMod(EvilGoMod));
            }
        });
        Assert.That(ex!.Message, Is.EqualTo($"{Victim}@v1.0.0: verifying {(goMod ? "go.mod" : "module")}: {GoAbsentText}"));
        Assert.That(ex.Module?.Path.Value, Is.EqualTo(Victim));
        Assert.That(goSum.Format(), Is.Empty, "go.sum receives nothing");
        Assert.That(transport.Cache.Keys, Has.None.Contains("victim"));
    }
}
