using GoModules.Direct;
using GoModules.Fetching;
using GoModules.Kernel;
using GoModules.SumDb;
using GoModules.Tests.Fetching;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.Caching;

/// <summary>
/// Issue 13 item 13: work shared by several callers (cache downloads, go.mod reads, checksum-database lookups,
/// repository resolution in direct mode) runs until the last interested caller cancels. One caller's cancellation
/// never fails another caller, and when every caller has cancelled the work stops and leaves nothing half-written.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class SharedCancellationTests
{
    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    /// <summary>How long a test waits for an event before failing instead of hanging (not a timing assertion).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A gate the shared work waits at, with the work's own token; it records when that token fires.</summary>
    private sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource WorkCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Entries;

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Entries);
            Entered.TrySetResult();
            try
            {
                await Open.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WorkCancelled.TrySetResult();
                throw;
            }
        }
    }

    /// <summary>A fetcher that stops at the gate in go.mod reads or half-way through the zip.</summary>
    private sealed class GatedFetcher(IModuleFetcher inner, Gate gate, bool gateGoMod, bool gateZip) : IModuleFetcher
    {
        public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(path, cancellationToken);

        public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => inner.QueryAsync(path, query, cancellationToken);

        public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default) => inner.GetInfoAsync(module, cancellationToken);

        public async ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        {
            if (gateGoMod)
            {
                await gate.PassAsync(cancellationToken);
            }

            return await inner.GetGoModAsync(module, cancellationToken);
        }

        public async ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (!gateZip)
            {
                await inner.CopyZipToAsync(module, destination, progress, cancellationToken);
                return;
            }

            using var buffer = new MemoryStream();
            await inner.CopyZipToAsync(module, buffer, null, cancellationToken);
            var bytes = buffer.ToArray();
            var half = bytes.Length / 2;
            await destination.WriteAsync(bytes.AsMemory(0, half), cancellationToken);
            await destination.FlushAsync(cancellationToken);
            await gate.PassAsync(cancellationToken);
            await destination.WriteAsync(bytes.AsMemory(half), cancellationToken);
        }
    }

    private static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n", packages: 3, kb: 64));
        return proxy;
    }

    [Test]
    public async Task Download_FirstCallerCancels_SecondCallerCompletes()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var gate = new Gate();
        var cache = CacheFixtures.NewCache(new GatedFetcher(proxy.CreateFetcher(), gate, gateGoMod: false, gateZip: true), Path.Combine(tmp.Path, "cache"));
        using var first = new CancellationTokenSource();
        var a = cache.DownloadAsync(Lib, first.Token);
        await gate.Entered.Task.WaitAsync(Bound);
        var b = cache.DownloadAsync(Lib, CancellationToken.None);
        await first.CancelAsync();

        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(gate.WorkCancelled.Task.IsCompleted, Is.False, "the shared download is not cancelled while the second caller waits");
        gate.Open.SetResult();
        var dir = await b;
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(dir, "lib.go")), Is.True);
            Assert.That(gate.Entries, Is.EqualTo(1), "one download for both callers");
        });
        Assert.That(await cache.VerifyAsync(Lib), Is.Empty);
    }

    [Test]
    public async Task DownloadModule_FirstCallerCancels_SecondCallerGetsItsRecord_NotAnException()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var gate = new Gate();
        var cache = CacheFixtures.NewCache(new GatedFetcher(proxy.CreateFetcher(), gate, gateGoMod: true, gateZip: false), Path.Combine(tmp.Path, "cache"));
        using var first = new CancellationTokenSource();
        var a = cache.TryDownloadAsync(Lib, first.Token);
        await gate.Entered.Task.WaitAsync(Bound);

        // The .info is done (and remembered), so the second caller joins the shared go.mod read right away.
        var b = cache.TryDownloadAsync(Lib, CancellationToken.None);
        await first.CancelAsync();
        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        gate.Open.SetResult();
        var result = await b;
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.Exception, Is.Null);
            Assert.That(File.Exists(Path.Combine(result.Dir, "lib.go")), Is.True);
            Assert.That(gate.Entries, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Download_AllCallersCancel_TheDownloadStops_AndNothingIsHalfWritten()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var gate = new Gate();
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(new GatedFetcher(proxy.CreateFetcher(), gate, gateGoMod: false, gateZip: true), root);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = cache.DownloadAsync(Lib, first.Token);
        await gate.Entered.Task.WaitAsync(Bound);
        var b = cache.DownloadAsync(Lib, second.Token);
        await first.CancelAsync();
        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(gate.WorkCancelled.Task.IsCompleted, Is.False);
        await second.CancelAsync();
        Assert.That(async () => await b, Throws.InstanceOf<OperationCanceledException>());
        await gate.WorkCancelled.Task.WaitAsync(Bound);

        // The abandoned download holds the version's lock until it has cleaned up: once the lock is free, the cache
        // must hold nothing of it.
        using (await LockedFile.OpenWriteAsync(cache.Paths.GetLockFile(Lib), ModuleCacheLinkException.At, CancellationToken.None))
        {
            var versions = Path.GetDirectoryName(cache.Paths.GetZipFile(Lib))!;
            var extractedParent = Path.GetDirectoryName(cache.Paths.GetExtractedDirectory(Lib))!;
            Assert.Multiple(() =>
            {
                Assert.That(Directory.EnumerateFiles(versions).Select(Path.GetFileName).Where(n => n!.Contains(".zip", StringComparison.Ordinal)), Is.Empty, "no zip, temporary zip or .ziphash");
                Assert.That(Directory.Exists(extractedParent) ? Directory.EnumerateFileSystemEntries(extractedParent) : [], Is.Empty, "no extracted or staging directory");
            });
        }

        // A later caller starts a fresh download that completes.
        gate.Open.SetResult();
        Assert.That(File.Exists(Path.Combine(await cache.DownloadAsync(Lib), "lib.go")), Is.True);
        Assert.That(gate.Entries, Is.EqualTo(2));
    }

    /// <summary>A checksum-database transport whose lookups stop at the gate.</summary>
    private sealed class GatedSumDbTransport(MemoryTransport inner, Gate gate) : IChecksumDatabaseTransport
    {
        public async ValueTask<byte[]> ReadRemoteAsync(string path, int maxLength, CancellationToken cancellationToken = default)
        {
            if (path.StartsWith("/lookup/", StringComparison.Ordinal))
            {
                await gate.PassAsync(cancellationToken);
            }

            return await inner.ReadRemoteAsync(path, maxLength, cancellationToken);
        }

        public ValueTask<byte[]> ReadConfigAsync(string file, CancellationToken cancellationToken = default) => inner.ReadConfigAsync(file, cancellationToken);

        public ValueTask<bool> WriteConfigAsync(string file, ReadOnlyMemory<byte> oldValue, ReadOnlyMemory<byte> newValue, CancellationToken cancellationToken = default)
            => inner.WriteConfigAsync(file, oldValue, newValue, cancellationToken);

        public ValueTask<byte[]?> ReadCacheAsync(string file, CancellationToken cancellationToken = default) => inner.ReadCacheAsync(file, cancellationToken);

        public ValueTask WriteCacheAsync(string file, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) => inner.WriteCacheAsync(file, data, cancellationToken);
    }

    [Test]
    public async Task SumDbLookup_FirstCallerCancels_SecondCompletes_AllCancel_StopsTheLookup()
    {
        var db = new TestChecksumDatabase("sum.shared.example");
        db.AddFiller(20);
        db.AddModule("example.com/lib", "v1.2.3", TestChecksumDatabase.FakeHash(1, 0), TestChecksumDatabase.FakeHash(1, 1));
        var memory = new MemoryTransport(db);

        // One caller gives up; the other gets the proven lines.
        var gate = new Gate();
        var client = new ChecksumDatabaseClient(db.Verifier, new GatedSumDbTransport(memory, gate));
        using var first = new CancellationTokenSource();
        var a = client.LookupAsync("example.com/lib", "v1.2.3", first.Token).AsTask();
        await gate.Entered.Task.WaitAsync(Bound);
        var b = client.LookupAsync("example.com/lib", "v1.2.3", CancellationToken.None).AsTask();
        await first.CancelAsync();
        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        gate.Open.SetResult();
        Assert.That(await b, Is.EqualTo(new[] { "example.com/lib v1.2.3 " + TestChecksumDatabase.FakeHash(1, 0) }));
        Assert.That(gate.WorkCancelled.Task.IsCompleted, Is.False);

        // Every caller gives up: the shared lookup sees its token cancelled and caches nothing.
        var stopped = new Gate();
        var other = new ChecksumDatabaseClient(db.Verifier, new GatedSumDbTransport(new MemoryTransport(db), stopped));
        using var c1 = new CancellationTokenSource();
        using var c2 = new CancellationTokenSource();
        var x = other.LookupAsync("example.com/lib", "v1.2.3", c1.Token).AsTask();
        await stopped.Entered.Task.WaitAsync(Bound);
        var y = other.LookupAsync("example.com/lib", "v1.2.3", c2.Token).AsTask();
        await c1.CancelAsync();
        await c2.CancelAsync();
        Assert.That(async () => await x, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await y, Throws.InstanceOf<OperationCanceledException>());
        await stopped.WorkCancelled.Task.WaitAsync(Bound);
    }

    /// <summary>A resolver that stops at the gate and then names a module proxy as the repository.</summary>
    private sealed class GatedResolver(Gate gate) : IRepositoryRootResolver
    {
        public async ValueTask<RepositoryRoot> ResolveAsync(ModulePath path, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            return new RepositoryRoot(path.Value, "mod", "https://mod.example");
        }
    }

    private static DirectModuleFetcher NewDirect(TempDirectory tmp, Gate gate)
    {
        var proxy = new FakeProxy("mod", []).Serve("example.com/lib/@v/v1.2.3.info", "{\"Version\":\"v1.2.3\",\"Time\":\"2018-01-01T00:00:00Z\"}");
        return new DirectModuleFetcher(new GatedResolver(gate), new DirectModuleFetcherOptions { WorkDirectory = tmp.Sub("vcs"), ModProxyTransports = new OneProxy(proxy) });
    }

    private sealed class OneProxy(IModuleProxyTransport proxy) : IModuleProxyTransportFactory
    {
        public IModuleProxyTransport Create(string proxyUrl) => proxy;
    }

    [Test]
    public async Task DirectResolution_FirstCallerCancels_SecondCompletes_AllCancel_StopsTheResolution()
    {
        using var tmp = new TempDirectory();
        var gate = new Gate();
        var direct = NewDirect(tmp, gate);
        using var first = new CancellationTokenSource();
        var a = direct.GetInfoAsync(Lib, first.Token).AsTask();
        await gate.Entered.Task.WaitAsync(Bound);
        var b = direct.GetInfoAsync(Lib, CancellationToken.None).AsTask();
        await first.CancelAsync();
        Assert.That(async () => await a, Throws.InstanceOf<OperationCanceledException>());
        gate.Open.SetResult();
        Assert.That((await b).Version, Is.EqualTo("v1.2.3"));
        Assert.That(gate.Entries, Is.EqualTo(1));

        var stopped = new Gate();
        var other = NewDirect(tmp, stopped);
        using var c1 = new CancellationTokenSource();
        using var c2 = new CancellationTokenSource();
        var x = other.GetInfoAsync(Lib, c1.Token).AsTask();
        await stopped.Entered.Task.WaitAsync(Bound);
        var y = other.GetInfoAsync(Lib, c2.Token).AsTask();
        await c1.CancelAsync();
        await c2.CancelAsync();
        Assert.That(async () => await x, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await y, Throws.InstanceOf<OperationCanceledException>());
        await stopped.WorkCancelled.Task.WaitAsync(Bound);
    }
}
