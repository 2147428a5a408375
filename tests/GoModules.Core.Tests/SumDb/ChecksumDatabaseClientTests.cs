using System.Text;
using GoModules.SumDb;
using GoModules.SumDb.Internal;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class ChecksumDatabaseClientTests
{
    private const string Mod = "example.com/Mod";
    private const string Zip = "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=";
    private const string GoMod = "h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=";

    private static (TestChecksumDatabase Db, MemoryTransport Transport, ChecksumDatabaseClient Client) Setup(int filler = 300, int height = 8)
    {
        var db = new TestChecksumDatabase(height: height);
        db.AddFiller(filler / 2);
        db.AddModule(Mod, "v1.2.3", Zip, GoMod);
        db.AddFiller(filler - (filler / 2));
        var transport = new MemoryTransport(db);
        var client = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { TileHeight = height });
        return (db, transport, client);
    }

    private static ChecksumDatabaseClient NewClient(TestChecksumDatabase db, MemoryTransport transport)
        => new(db.Verifier, transport, new ChecksumDatabaseOptions { TileHeight = db.Height });

    private static byte[] Lookup(TestChecksumDatabase db) => db.Serve($"/lookup/example.com/!mod@v1.2.3").Body;

    [Test]
    public async Task LookupReturnsTheProvenLines()
    {
        var (db, transport, client) = Setup();
        var lines = await client.LookupAsync(Mod, "v1.2.3");
        Assert.That(lines, Is.EqualTo(new[] { $"{Mod} v1.2.3 {Zip}" }));
        var modLines = await client.LookupAsync(Mod, "v1.2.3/go.mod");
        Assert.That(modLines, Is.EqualTo(new[] { $"{Mod} v1.2.3/go.mod {GoMod}" }));

        Assert.Multiple(() =>
        {
            Assert.That(transport.RemoteCount("/lookup/example.com/!mod@v1.2.3"), Is.EqualTo(1), "the record is fetched once for both lines");
            Assert.That(transport.Requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)), Is.Unique);
            Assert.That(transport.Cache.Keys, Does.Contain($"{db.Name}/lookup/example.com/!mod@v1.2.3"));
            Assert.That(transport.Cache.Keys.Where(k => k.Contains("/tile/", StringComparison.Ordinal)), Is.Not.Empty);
            Assert.That(Encoding.UTF8.GetString(transport.Config[$"{db.Name}/latest"]), Is.EqualTo(Encoding.UTF8.GetString(db.SignedTree())));
            Assert.That(client.LatestTree, Is.EqualTo(db.Tree));
        });
    }

    [Test]
    public async Task LookupsAreTraced()
    {
        var db = new TestChecksumDatabase("traced.sumdb.test");
        db.AddFiller(4);
        db.AddModule(Mod, "v1.2.3", Zip, GoMod);
        var client = NewClient(db, new MemoryTransport(db));
        var seen = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == GoModulesDiagnostics.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("gomodules.sumdb.name") as string == db.Name)
                {
                    seen.Enqueue(a);
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        await client.LookupAsync(Mod, "v1.2.3");
        var activity = seen.Single();
        Assert.That(activity.DisplayName, Is.EqualTo("GoModules.SumDb lookup"));
        Assert.That(activity.GetTagItem("gomodules.module.path"), Is.EqualTo(Mod));
        Assert.That(activity.GetTagItem("gomodules.sumdb.tree_size"), Is.EqualTo(db.Size));
    }

    [Test]
    public async Task RequestsTheTilesTheTreeNeeds()
    {
        var (db, transport, client) = Setup(filler: 299);
        Assert.That(db.Size, Is.EqualTo(300));
        await client.LookupAsync(Mod, "v1.2.3");

        // Record 149 lives in the first full tile; the right edge of a 300-record tree is the first hash of
        // level 1 and the 44 hashes of the second level-0 tile.
        Assert.That(transport.Requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)).Order(), Is.EqualTo(new[]
        {
            "/tile/8/0/000", "/tile/8/0/001.p/44", "/tile/8/1/000.p/1",
        }));
    }

    [Test]
    public async Task ASecondClientWorksFromTheCache()
    {
        var (db, transport, client) = Setup();
        await client.LookupAsync(Mod, "v1.2.3");
        var before = transport.Requests.Count;

        var second = NewClient(db, transport);
        Assert.That(await second.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
        Assert.That(transport.Requests, Has.Count.EqualTo(before), "no server traffic");
    }

    [Test]
    public async Task FollowsAGrowingTree()
    {
        var (db, transport, client) = Setup();
        await client.LookupAsync(Mod, "v1.2.3");
        var first = client.LatestTree;

        db.AddFiller(500);
        db.AddModule("example.com/later", "v0.1.0", Zip, GoMod);
        Assert.That(await client.LookupAsync("example.com/later", "v0.1.0"), Has.Count.EqualTo(1));
        Assert.That(client.LatestTree.N, Is.EqualTo(db.Size));
        Assert.That(client.LatestTree.N, Is.GreaterThan(first.N));
        Assert.That(Encoding.UTF8.GetString(transport.Config[$"{db.Name}/latest"]), Does.Contain($"\n{db.Size}\n"));
    }

    [Test]
    public async Task AcceptsAnOlderTreeOnTheSameTimeline()
    {
        var (db, transport, client) = Setup();
        db.AddFiller(100);
        db.AddModule("example.com/later", "v0.1.0", Zip, GoMod);
        await client.LookupAsync("example.com/later", "v0.1.0");
        var latest = client.LatestTree;

        // The lookup for the older module is answered with an older tree head (a lagging mirror).
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/example.com/!mod", StringComparison.Ordinal)
            ? (200, db.LookupAnswer(150, 301))
            : (status, body);
        Assert.That(await client.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
        Assert.That(client.LatestTree, Is.EqualTo(latest), "the timeline never moves back");
        Assert.That(Encoding.UTF8.GetString(transport.Config[$"{db.Name}/latest"]), Does.Contain($"\n{latest.N}\n"));
    }

    [Test]
    public async Task PartialTileGoneFallsBackToTheFullTile()
    {
        var db = new TestChecksumDatabase(height: 2);
        db.AddModule(Mod, "v1.2.3", Zip, GoMod);
        db.AddFiller(7);
        db.FreezeSize = 5;
        var transport = new MemoryTransport(db)
        {
            Tamper = (path, status, body) => path.StartsWith("/tile/2/0/001.p/", StringComparison.Ordinal) ? (404, "gone\n"u8.ToArray()) : (status, body),
        };
        var client = NewClient(db, transport);
        Assert.That(await client.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
        Assert.That(transport.Requests, Does.Contain("/tile/2/0/001.p/1"));
        Assert.That(transport.Requests, Does.Contain("/tile/2/0/001"));
        Assert.That(transport.Cache.Keys, Does.Contain($"{db.Name}/tile/2/0/001.p/1"), "the verified part is cached under the name asked for");
        Assert.That(transport.Cache[$"{db.Name}/tile/2/0/001.p/1"], Has.Length.EqualTo(32));
    }

    [Test]
    public async Task SmallTilesManyLevels()
    {
        var (db, transport, client) = Setup(filler: 1000, height: 2);
        Assert.That(await client.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
        Assert.That(transport.Requests.Where(r => r.StartsWith("/tile/2/4/", StringComparison.Ordinal)), Is.Not.Empty);
        db.AddFiller(333);
        db.AddModule("example.com/later", "v0.1.0", Zip, GoMod);
        Assert.That(await client.LookupAsync("example.com/later", "v0.1.0"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ACallerThatGivesUpDoesNotFailTheOthers()
    {
        var (db, transport, client) = Setup(filler: 20);
        var gate = new TaskCompletionSource();
        var slow = new SlowTransport(transport, gate.Task);
        var shared = new ChecksumDatabaseClient(db.Verifier, slow);
        using var cts = new CancellationTokenSource();
        var first = shared.LookupAsync(Mod, "v1.2.3", cts.Token).AsTask();
        var second = shared.LookupAsync(Mod, "v1.2.3/go.mod").AsTask();
        cts.Cancel();
        Assert.That(async () => await first, Throws.InstanceOf<OperationCanceledException>());
        gate.SetResult();
        Assert.That(await second, Has.Count.EqualTo(1));
        Assert.That(transport.RemoteCount("/lookup/"), Is.EqualTo(1));
    }

    private sealed class SlowTransport(MemoryTransport inner, Task gate) : IChecksumDatabaseTransport
    {
        public async ValueTask<byte[]> ReadRemoteAsync(string path, int maxLength, CancellationToken cancellationToken = default)
        {
            await gate;
            return await inner.ReadRemoteAsync(path, maxLength, cancellationToken);
        }

        public ValueTask<byte[]> ReadConfigAsync(string file, CancellationToken cancellationToken = default) => inner.ReadConfigAsync(file, cancellationToken);

        public ValueTask<bool> WriteConfigAsync(string file, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken = default) => inner.WriteConfigAsync(file, oldValue, newValue, cancellationToken);

        public ValueTask<byte[]?> ReadCacheAsync(string file, CancellationToken cancellationToken = default) => inner.ReadCacheAsync(file, cancellationToken);

        public ValueTask WriteCacheAsync(string file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => inner.WriteCacheAsync(file, data, cancellationToken);
    }

    [Test]
    public async Task ConcurrentLookupsShareRequests()
    {
        var (db, transport, client) = Setup();
        var modules = Enumerable.Range(0, 20).Select(i => $"filler.example/m{i}").ToList();
        var tasks = modules.SelectMany(m => new[] { client.LookupAsync(m, "v1.0.0").AsTask(), client.LookupAsync(m, "v1.0.0/go.mod").AsTask() }).ToList();
        var results = await Task.WhenAll(tasks);
        Assert.That(results.All(r => r.Count == 1), Is.True);
        foreach (var m in modules)
        {
            Assert.That(transport.RemoteCount($"/lookup/{m}@v1.0.0"), Is.EqualTo(1), m);
        }
    }

    // ---- tampering: each rejected, nothing from the answer cached ----

    private static async Task<ChecksumDatabaseSecurityException> RejectedAsync(MemoryTransport transport, ChecksumDatabaseClient client, string path = Mod, string version = "v1.2.3")
    {
        var configBefore = transport.Config.ToDictionary(p => p.Key, p => p.Value);
        var cacheBefore = transport.Cache.Keys.ToHashSet();
        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await client.LookupAsync(path, version));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.StartWith($"{path}@{version}: "));
            Assert.That(ex.Module?.ToString(), Is.EqualTo($"{path}@{version}"));
            Assert.That(ex, Is.InstanceOf<GoModuleException>());
            Assert.That(transport.Cache.Keys.ToHashSet(), Is.EquivalentTo(cacheBefore), "nothing new in the cache");
            Assert.That(transport.Config.Keys, Is.EquivalentTo(configBefore.Keys));
            foreach (var (k, v) in configBefore)
            {
                Assert.That(transport.Config[k], Is.EqualTo(v), "latest unchanged");
            }
        });
        return ex!;
    }

    [Test]
    public async Task WrongRecordHash()
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal)
            ? (200, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace(Zip, "h1:evilevilevilevilevilevilevilevilevilevilevil=", StringComparison.Ordinal)))
            : (status, body);
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.EndWith("cannot authenticate record data in server response"));
        Assert.That(transport.Cache, Is.Empty);
    }

    [Test]
    public async Task RecordClaimsAnotherId()
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal)
            ? (200, [.. "151\n"u8, .. body.AsSpan(body.AsSpan().IndexOf((byte)'\n') + 1)])
            : (status, body);
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("cannot authenticate record data"));
    }

    [Test]
    public async Task RecordOutsideTheTree()
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal)
            ? (200, [.. Encoding.ASCII.GetBytes($"{db.Size}\n"), .. body.AsSpan(body.AsSpan().IndexOf((byte)'\n') + 1)])
            : (status, body);
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain($"cannot validate record {db.Size} in tree of size {db.Size}"));
    }

    [Test]
    public async Task BadSignature()
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) =>
        {
            if (!path.StartsWith("/lookup/", StringComparison.Ordinal))
            {
                return (status, body);
            }

            // Change one base64 character of the signature.
            var text = Encoding.UTF8.GetString(body);
            var i = text.LastIndexOf(' ') + 12;
            var swapped = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            return (200, Encoding.UTF8.GetBytes(swapped));
        };
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("reading tree note: invalid signature for key"));
    }

    [Test]
    public async Task SignedByAnotherKey()
    {
        var (db, transport, client) = Setup();
        var impostor = NoteSigner.Generate(db.Name);
        transport.Tamper = (path, status, body) =>
        {
            if (!path.StartsWith("/lookup/", StringComparison.Ordinal))
            {
                return (status, body);
            }

            var text = Encoding.UTF8.GetString(body);
            var treeStart = text.IndexOf("go.sum database tree", StringComparison.Ordinal);
            var treeText = text[treeStart..text.IndexOf("\n\n", treeStart, StringComparison.Ordinal)] + "\n";
            return (200, [.. Encoding.UTF8.GetBytes(text[..treeStart]), .. NoteSigner.Sign(treeText, impostor)]);
        };
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("note has no verifiable signatures"));
    }

    [Test]
    public async Task TreeTextSignedButMalformed()
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal)
            ? (200, [.. TlogRecord.Format(150, db.Record(150)), .. NoteSigner.Sign("go.sum database tree\nmany\n", db.Signer)])
            : (status, body);
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("reading tree: malformed tree note"));
    }

    [TestCase("garbage")]
    [TestCase("150\nno blank line after the record\n")]
    [TestCase("")]
    public async Task MalformedLookupAnswer(string answer)
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal) ? (200, Encoding.UTF8.GetBytes(answer)) : (status, body);
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("malformed record data"));
    }

    [Test]
    public async Task OversizedLookupAnswer()
    {
        var (db, transport, client) = Setup();
        var client2 = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { MaxLookupResponseBytes = 4096 });
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal) ? (200, [.. body, .. new byte[5000]]) : (status, body);
        var ex = await RejectedAsync(transport, client2);
        Assert.That(ex.Message, Does.Contain("larger than 4096 bytes"));
    }

    [TestCase("truncated")]
    [TestCase("oversized")]
    [TestCase("corrupt")]
    [TestCase("swapped")]
    public async Task BadTiles(string how)
    {
        var (db, transport, client) = Setup();
        transport.Tamper = (path, status, body) =>
        {
            if (!path.StartsWith("/tile/8/0/000", StringComparison.Ordinal))
            {
                return (status, body);
            }

            return how switch
            {
                "truncated" => (200, body[..^32]),
                "oversized" => (200, [.. body, .. new byte[32]]),
                "corrupt" => (200, body.Select((b, i) => i == 32 * 150 ? (byte)(b ^ 1) : b).ToArray()),
                _ => (200, [.. body.AsSpan(32, 32), .. body.AsSpan(0, 32), .. body.AsSpan(64)]),
            };
        };
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, how is "truncated" or "oversized" ? Does.Contain("malformed tile tile/8/0/000") : Does.Contain("downloaded inconsistent tile"));
        Assert.That(transport.Cache.Keys.Where(k => k.Contains("/tile/", StringComparison.Ordinal)), Is.Empty, "even the good tiles of a rejected answer stay out of the cache");
    }

    [Test]
    public async Task ForgedRecordAndForgedLeafTile()
    {
        // The attacker changes the record and serves a level-0 tile holding the forged record's hash. The
        // level-0 tile no longer hashes to the entry its (authentic) parent holds for it.
        var (db, transport, client) = Setup();
        var evilText = Encoding.UTF8.GetBytes($"{Mod} v1.2.3 h1:evilevilevilevilevilevilevilevilevilevilevil=\n{Mod} v1.2.3/go.mod {GoMod}\n");
        transport.Tamper = (path, status, body) =>
        {
            if (path.StartsWith("/lookup/", StringComparison.Ordinal))
            {
                return (200, [.. TlogRecord.Format(150, evilText), .. db.SignedTree()]);
            }

            if (path == "/tile/8/0/000")
            {
                var forged = body.ToArray();
                Tlog.RecordHash(evilText).CopyTo(forged.AsSpan(150 * 32));
                return (200, forged);
            }

            return (status, body);
        };
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.Message, Does.Contain("downloaded inconsistent tile"));
    }

    [Test]
    public async Task ForkIsDetectedAndReported()
    {
        var (db, transport, client) = Setup();
        await client.LookupAsync(Mod, "v1.2.3");
        var seen = client.LatestTree;

        // The same key signs a different history that is longer.
        var fork = new TestChecksumDatabase(db.Name, signer: db.Signer);
        fork.AddFiller(10, "other.example/m");
        fork.AddModule("example.com/new", "v1.0.0", Zip, GoMod);
        fork.AddFiller(400, "other.example/n");
        transport.Database = fork;

        var ex = await RejectedAsync(transport, client, "example.com/new", "v1.0.0");
        Assert.Multiple(() =>
        {
            Assert.That(ex.IsFork, Is.True);
            Assert.That(ex.Message, Does.Contain("SECURITY ERROR\ngo.sum database server misbehavior detected!"));
            Assert.That(ex.Message, Does.Contain("old database:\n\tgo.sum database tree\n\t" + seen.N));
            Assert.That(ex.Message, Does.Contain("new database:\n\tgo.sum database tree\n\t" + fork.Size));
            Assert.That(ex.Message, Does.Contain("proof of misbehavior:"));
            Assert.That(client.LatestTree, Is.EqualTo(seen));
        });

        // The proof in the report is a valid consistency proof from the fork's tree to the hash it implies.
        var lines = ex.Message[(ex.Message.IndexOf("proof of misbehavior:\n\t", StringComparison.Ordinal) + 23)..].Split("\n\t");
        Assert.That(TlogHash.TryParse(Encoding.ASCII.GetBytes(lines[0]), out var implied), Is.True);
        Assert.That(implied, Is.Not.EqualTo(seen.Hash));
        var proof = lines.Skip(1).Select(l => TlogHash.TryParse(Encoding.ASCII.GetBytes(l.Trim()), out var h) ? h : throw new FormatException(l)).ToArray();
        Assert.That(Tlog.CheckTree(proof, fork.Tree.N, fork.Tree.Hash, seen.N, implied), Is.True);
    }

    [Test]
    public async Task RollbackToAnotherHistoryIsAFork()
    {
        var (db, transport, client) = Setup();
        db.AddFiller(50);
        db.AddModule("example.com/later", "v0.1.0", Zip, GoMod);
        await client.LookupAsync("example.com/later", "v0.1.0");
        await client.LookupAsync("filler.example/m3", "v1.0.0");
        var seen = client.LatestTree;

        // A smaller tree, signed by the right key, whose history differs from what we saw.
        var fork = new TestChecksumDatabase(db.Name, signer: db.Signer);
        fork.AddFiller(20, "other.example/m");
        fork.AddModule(Mod, "v1.2.3", Zip, GoMod);
        transport.Database = fork;
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.IsFork, Is.True, ex.Message);
        Assert.That(client.LatestTree, Is.EqualTo(seen));
    }

    [Test]
    public async Task SameSizeDifferentHashIsAFork()
    {
        var (db, transport, client) = Setup(filler: 20);
        await client.LookupAsync(Mod, "v1.2.3");
        var fork = new TestChecksumDatabase(db.Name, signer: db.Signer);
        fork.AddFiller(10);
        fork.AddModule(Mod, "v1.2.3", Zip, GoMod);
        fork.AddFiller(10, "x.example/");
        Assert.That(fork.Size, Is.EqualTo(db.Size));
        transport.Database = fork;
        var second = NewClient(fork, transport);
        transport.Cache.Clear();
        var ex = await RejectedAsync(transport, second);
        Assert.That(ex.IsFork, Is.True);
    }

    [Test]
    public async Task StoredLatestFromAnotherHistoryIsAFork()
    {
        var (db, transport, client) = Setup();
        var fork = new TestChecksumDatabase(db.Name, signer: db.Signer);
        fork.AddFiller(100, "other.example/m");
        transport.Config[$"{db.Name}/latest"] = fork.SignedTree();
        var ex = await RejectedAsync(transport, client);
        Assert.That(ex.IsFork, Is.True);
    }

    [Test]
    public void StoredLatestWithBadSignatureFailsInitialisation()
    {
        var (db, transport, client) = Setup();
        transport.Config[$"{db.Name}/latest"] = NoteSigner.Sign(db.Tree.Format(), NoteSigner.Generate(db.Name));
        var ex = Assert.ThrowsAsync<ChecksumDatabaseSecurityException>(async () => await client.LookupAsync(Mod, "v1.2.3"));
        Assert.That(ex!.Message, Does.Contain("initializing sumdb.Client: reading tree note: note has no verifiable signatures"));
        Assert.That(transport.Requests, Is.Empty);
    }

    [Test]
    public async Task DamagedCacheIsReplacedFromTheServer()
    {
        var (db, transport, client) = Setup();
        await client.LookupAsync(Mod, "v1.2.3");
        var tileKey = transport.Cache.Keys.First(k => k.EndsWith("/tile/8/0/000", StringComparison.Ordinal));
        var good = transport.Cache[tileKey];
        transport.Cache[tileKey] = good.Select((b, i) => i == 100 ? (byte)(b ^ 0x80) : b).ToArray();
        var lookupKey = $"{db.Name}/lookup/example.com/!mod@v1.2.3";
        transport.Cache[lookupKey] = Encoding.UTF8.GetBytes("150\ngarbage\n\n");

        var fresh = NewClient(db, transport);
        Assert.That(await fresh.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
        Assert.That(transport.Cache[tileKey], Is.EqualTo(good));
        Assert.That(transport.Cache[lookupKey], Is.EqualTo(Lookup(db)));
    }

    [Test]
    public void BadPathsAndVersionsAreRefusedBeforeAnyRequest()
    {
        var (_, transport, client) = Setup(filler: 2);
        Assert.ThrowsAsync<InvalidModulePathException>(async () => await client.LookupAsync("../etc", "v1.0.0"));
        Assert.ThrowsAsync<InvalidModuleVersionException>(async () => await client.LookupAsync(Mod, "v1.0.0!x"));
        Assert.ThrowsAsync<InvalidModuleVersionException>(async () => await client.LookupAsync(Mod, "v1/0"));
        Assert.That(transport.Requests, Is.Empty);
    }

    [Test]
    public async Task TransportErrorsPropagateAndAreRememberedBriefly()
    {
        var (db, transport, _) = Setup();
        var clock = new ManualClock();
        var client = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { TimeProvider = clock, FailureRetention = TimeSpan.FromSeconds(10) });
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal) ? (500, "internal error\n"u8.ToArray()) : (status, body);
        Assert.ThrowsAsync<HttpRequestException>(async () => await client.LookupAsync(Mod, "v1.2.3"));
        transport.Tamper = null;
        Assert.ThrowsAsync<HttpRequestException>(async () => await client.LookupAsync(Mod, "v1.2.3/go.mod"), "reported again without a request, as the go command does");
        Assert.That(transport.RemoteCount("/lookup/"), Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await client.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1), "forgotten after the retention");

        var forgetful = new ChecksumDatabaseClient(db.Verifier, transport, new ChecksumDatabaseOptions { FailureRetention = TimeSpan.Zero });
        transport.Tamper = (path, status, body) => path.StartsWith("/lookup/", StringComparison.Ordinal) ? (500, []) : (status, body);
        transport.Cache.Clear();
        Assert.ThrowsAsync<HttpRequestException>(async () => await forgetful.LookupAsync(Mod, "v1.2.3"));
        transport.Tamper = null;
        Assert.That(await forgetful.LookupAsync(Mod, "v1.2.3"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ConfigWriteConflictsAreMerged()
    {
        var (db, transport, client) = Setup();
        var other = NewClient(db, transport);
        await client.LookupAsync(Mod, "v1.2.3");

        db.AddFiller(40);
        db.AddModule("example.com/later", "v0.1.0", Zip, GoMod);
        await other.LookupAsync("example.com/later", "v0.1.0");
        var newest = db.Tree;

        // The first client's view is older than the stored one: it must adopt it rather than write back.
        transport.Cache.Clear();
        transport.Tamper = (path, status, body) => path == "/lookup/filler.example/m10@v1.0.0" ? (200, db.LookupAnswer(10, 301)) : (status, body);
        Assert.That(await client.LookupAsync("filler.example/m10", "v1.0.0"), Has.Count.EqualTo(1));
        Assert.That(Encoding.UTF8.GetString(transport.Config[$"{db.Name}/latest"]), Does.Contain($"\n{newest.N}\n"));
        Assert.That(client.LatestTree, Is.EqualTo(newest), "adopted the newer stored head");
    }

    [Test]
    public async Task ManyClientsOneConfig()
    {
        var db = new TestChecksumDatabase();
        db.AddFiller(10);
        var transport = new MemoryTransport(db);
        var clients = Enumerable.Range(0, 8).Select(_ => NewClient(db, transport)).ToList();
        var tasks = new List<Task>();
        for (var round = 0; round < 5; round++)
        {
            db.AddFiller(37);
            foreach (var c in clients)
            {
                var n = Random.Shared.Next((int)db.Size);
                tasks.Add(c.LookupAsync($"filler.example/m{n}", "v1.0.0").AsTask());
            }
        }

        await Task.WhenAll(tasks);
        var stored = SignedNote.Open(transport.Config[$"{db.Name}/latest"], [db.Verifier]);
        Assert.That(TreeHead.TryParse(stored.Text, out var tree), Is.True);
        Assert.That(tree.N, Is.EqualTo(clients.Max(c => c.LatestTree.N)), "the stored head is the newest any client saw");
    }
}
