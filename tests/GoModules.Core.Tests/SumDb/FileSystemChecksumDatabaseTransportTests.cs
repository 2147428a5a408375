using System.Text;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class FileSystemChecksumDatabaseTransportTests
{
    private static FileSystemChecksumDatabaseTransport Create(TempDirectory dir)
        => new(dir.Combine("gopath", "pkg", "sumdb"), dir.Combine("gopath", "pkg", "mod"), (p, _, _) => throw new HttpRequestException("offline " + p));

    [Test]
    public async Task FilesLiveWhereGoKeepsThem()
    {
        using var dir = new TempDirectory();
        var t = Create(dir);
        await t.WriteCacheAsync("sum.golang.org/tile/8/0/x001/234.p/5", "tile"u8.ToArray());
        await t.WriteCacheAsync("sum.golang.org/tile/8/0/x001/234.p/6", "tile6"u8.ToArray());
        await t.WriteCacheAsync("sum.golang.org/tile/8/0/x001/234", "full"u8.ToArray());
        await t.WriteCacheAsync("sum.golang.org/lookup/example.com/!m@v1.0.0", "lookup"u8.ToArray());
        Assert.That(await t.WriteConfigAsync("sum.golang.org/latest", Array.Empty<byte>(), "head"u8.ToArray()), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sum.golang.org", "tile", "8", "0", "x001", "234.p", "5")), Is.EqualTo("tile"));
            Assert.That(File.ReadAllText(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sum.golang.org", "tile", "8", "0", "x001", "234.p", "6")), Is.EqualTo("tile6"));
            Assert.That(File.ReadAllText(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sum.golang.org", "tile", "8", "0", "x001", "234")), Is.EqualTo("full"));
            Assert.That(File.ReadAllText(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sum.golang.org", "lookup", "example.com", "!m@v1.0.0")), Is.EqualTo("lookup"));
            Assert.That(File.ReadAllText(dir.Combine("gopath", "pkg", "sumdb", "sum.golang.org", "latest")), Is.EqualTo("head"));
            Assert.That(t.CacheDirectory, Is.EqualTo(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb")));
        });

        Assert.That(await t.ReadCacheAsync("sum.golang.org/tile/8/0/x001/234"), Is.EqualTo("full"u8.ToArray()));
        Assert.That(await t.ReadConfigAsync("sum.golang.org/latest"), Is.EqualTo("head"u8.ToArray()));
    }

    [Test]
    public async Task MissingAndEmptyFiles()
    {
        using var dir = new TempDirectory();
        var t = Create(dir);
        Assert.That(await t.ReadConfigAsync("db.example/latest"), Is.Empty);
        Assert.That(await t.ReadCacheAsync("db.example/lookup/x@v1.0.0"), Is.Null);
        Directory.CreateDirectory(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "db.example", "lookup"));
        File.WriteAllBytes(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "db.example", "lookup", "x@v1.0.0"), []);
        Assert.That(await t.ReadCacheAsync("db.example/lookup/x@v1.0.0"), Is.Null, "an empty cache file is a miss (a writer may be between create and lock)");
    }

    [Test]
    public async Task ConfigIsCompareAndSwap()
    {
        using var dir = new TempDirectory();
        var t = Create(dir);
        var file = "db.example/latest";
        Assert.That(await t.WriteConfigAsync(file, Array.Empty<byte>(), "one"u8.ToArray()), Is.True, "an absent file is replaced");
        Assert.That(await t.WriteConfigAsync(file, "zero"u8.ToArray(), "two"u8.ToArray()), Is.False, "old value differs");
        Assert.That(await t.ReadConfigAsync(file), Is.EqualTo("one"u8.ToArray()));
        Assert.That(await t.WriteConfigAsync(file, "one"u8.ToArray(), "three, longer"u8.ToArray()), Is.True);
        Assert.That(await t.WriteConfigAsync(file, "three, longer"u8.ToArray(), "4"u8.ToArray()), Is.True);
        Assert.That(await t.ReadConfigAsync(file), Is.EqualTo("4"u8.ToArray()), "the file is truncated, not overwritten in place");
    }

    [Test]
    public async Task ConcurrentCompareAndSwapLosesNoUpdate()
    {
        using var dir = new TempDirectory();
        var file = "db.example/latest";

        // Eight "processes" (independent transports, so independent file handles and locks) each add 25 increments.
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            var t = Create(dir);
            for (var i = 0; i < 25; i++)
            {
                while (true)
                {
                    var old = await t.ReadConfigAsync(file);
                    var n = old.Length == 0 ? 0 : int.Parse(Encoding.ASCII.GetString(old), System.Globalization.CultureInfo.InvariantCulture);
                    if (await t.WriteConfigAsync(file, old, Encoding.ASCII.GetBytes((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))))
                    {
                        break;
                    }
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        Assert.That(Encoding.ASCII.GetString(await Create(dir).ReadConfigAsync(file)), Is.EqualTo("200"));
    }

    [Test]
    public async Task WaitsForAnotherProcessesLock()
    {
        using var dir = new TempDirectory();
        var t = Create(dir);
        await t.WriteConfigAsync("db.example/latest", Array.Empty<byte>(), "before"u8.ToArray());
        var path = dir.Combine("gopath", "pkg", "sumdb", "db.example", "latest");

        Task<bool> pending;
        using (var held = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            pending = t.WriteConfigAsync("db.example/latest", "before"u8.ToArray(), "after"u8.ToArray()).AsTask();
            await Task.Delay(200);
            Assert.That(pending.IsCompleted, Is.False, "blocked while another handle holds the exclusive lock");
        }

        Assert.That(await pending, Is.True);
        Assert.That(await t.ReadConfigAsync("db.example/latest"), Is.EqualTo("after"u8.ToArray()));
    }

    [TestCase("../escape")]
    [TestCase("db.example/../../x")]
    [TestCase("/abs")]
    [TestCase("db.example//latest")]
    [TestCase("db.example/./latest")]
    [TestCase("db.example\\latest")]
    public void RefusesFileNamesThatLeaveTheDirectory(string file)
    {
        using var dir = new TempDirectory();
        var t = Create(dir);
        Assert.ThrowsAsync<ArgumentException>(async () => await t.ReadConfigAsync(file));
        Assert.ThrowsAsync<ArgumentException>(async () => await t.WriteCacheAsync(file, new byte[1]));
    }

    [Test]
    public void DirectoriesMustBeAbsolute()
    {
        Assert.Throws<ArgumentException>(() => new FileSystemChecksumDatabaseTransport("relative", "/abs", (_, _, _) => default));
        Assert.Throws<ArgumentException>(() => new FileSystemChecksumDatabaseTransport("/abs", "relative", (_, _, _) => default));
    }

    [Test]
    public async Task ClientOverTheFileSystemCachesEveryVerifiedTile()
    {
        using var dir = new TempDirectory();
        var db = new TestChecksumDatabase();
        var mem = new MemoryTransport(db);
        var t = new FileSystemChecksumDatabaseTransport(dir.Combine("cfg"), dir.Combine("mod"), mem.ReadRemoteAsync);
        var client = new ChecksumDatabaseClient(db.Verifier, t);
        for (var i = 0; i < 20; i++)
        {
            db.AddModule($"example.com/m{i}", "v1.0.0", TestChecksumDatabase.FakeHash(i, 1), TestChecksumDatabase.FakeHash(i, 2));
            await client.LookupAsync($"example.com/m{i}", "v1.0.0");
        }

        var tiles = mem.Requests.Where(r => r.StartsWith("/tile/", StringComparison.Ordinal)).ToList();
        foreach (var tile in tiles)
        {
            var file = Path.Combine([t.CacheDirectory, db.Name, .. tile[1..].Split('/')]);
            Assert.That(File.Exists(file), Is.True, file);
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(db.Serve(tile).Body), file);
        }
    }
}
