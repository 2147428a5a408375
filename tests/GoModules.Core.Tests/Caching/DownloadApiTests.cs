using System.Collections.Concurrent;
using GoModules.Caching;
using GoModules.Fetching;

namespace GoModules.Tests.Caching;

/// <summary>
/// Issue 16, "Results and errors": query downloads, the <c>XAsync</c> (throws) / <c>TryXAsync</c> (reports) naming
/// rule, downloads streamed in completion order with per-module progress, and the public trace of download steps.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class DownloadApiTests
{
    /// <summary>How long a test waits for an event before failing instead of hanging (not a timing assertion).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly ModulePath Lib = ModulePath.Parse("example.com/lib");

    private static async Task<TestProxy> ProxyWithVersionsAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        foreach (var v in new[] { "v1.1.0", "v1.2.0", "v1.3.0-pre" })
        {
            await proxy.AddAsync(Lib.Value, v, CacheFixtures.LibraryFiles(Lib.Value, "module example.com/lib\n\ngo 1.19\n"));
        }

        return proxy;
    }

    [Test]
    public async Task DownloadAsync_Latest_ResolvesThroughTheFetcher_AndRecordsVersionAndQuery()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithVersionsAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));

        var latest = await cache.DownloadAsync(Lib, "latest");
        var range = await cache.DownloadAsync(Lib, "<v1.2.0");
        var exact = await cache.DownloadAsync(Lib, "v1.2.0");
        Assert.Multiple(() =>
        {
            // As go mod download path@latest: the highest release (not the pre-release), with the query kept.
            Assert.That(latest.Version, Is.EqualTo("v1.2.0"));
            Assert.That(latest.Query, Is.EqualTo("latest"));
            Assert.That(latest.Succeeded, Is.True);
            Assert.That(File.Exists(Path.Combine(latest.Dir, "lib.go")), Is.True);
            Assert.That(cache.IsExtracted(new ModuleVersion(Lib, "v1.2.0")), Is.True);
            Assert.That(latest.ToJson(), Does.Contain("\"Query\": \"latest\""));
            Assert.That(range.Version, Is.EqualTo("v1.1.0"));
            Assert.That(range.Query, Is.EqualTo("<v1.2.0"));

            // A canonical version is not a query: no Query field, as the go command prints it.
            Assert.That(exact.Version, Is.EqualTo("v1.2.0"));
            Assert.That(exact.Query, Is.Empty);
        });
    }

    [Test]
    public async Task QueryThatMatchesNothing_DownloadAsyncThrows_TryDownloadAsyncReports()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithVersionsAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));

        Assert.That(async () => await cache.DownloadAsync(Lib, "v9"), Throws.InstanceOf<GoModuleException>());
        var reported = await cache.TryDownloadAsync(Lib, "v9");
        Assert.Multiple(() =>
        {
            Assert.That(reported.Succeeded, Is.False);
            Assert.That(reported.Exception, Is.InstanceOf<GoModuleException>());
            Assert.That(reported.Error, Is.EqualTo(reported.Exception!.Message));
            Assert.That(reported.Path, Is.EqualTo(Lib.Value));
            Assert.That(reported.Version, Is.EqualTo("v9"), "the go command prints the query as the version of a failed query");
            Assert.That(reported.Dir, Is.Empty);
        });
    }

    [Test]
    public async Task MissingVersion_DownloadAsyncThrows_TryDownloadAsyncReports()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithVersionsAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        var missing = new ModuleVersion(Lib, "v1.9.9");

        Assert.That(async () => await cache.DownloadAsync(missing), Throws.InstanceOf<ModuleNotFoundException>());
        Assert.That(async () => await cache.DownloadAsync(Lib, "v1.9.9"), Throws.InstanceOf<ModuleNotFoundException>());
        var reported = await cache.TryDownloadAsync(missing);
        Assert.That(reported.Exception, Is.InstanceOf<ModuleNotFoundException>());
        Assert.That(reported.Succeeded, Is.False);
    }

    [Test]
    public async Task StepCompleted_ReportsTheDownloadProtocolInOrder()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithVersionsAsync(tmp);
        var steps = new ConcurrentQueue<(ModuleCacheStep, ModuleVersion)>();
        var options = new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), StepCompleted = (s, m) => steps.Enqueue((s, m)) };
        var cache = new ModuleCache(proxy.CreateFetcher(), options);
        var module = new ModuleVersion(Lib, "v1.1.0");

        // The whole go mod download protocol: metadata, go.mod and list, then the zip under the version's lock.
        await cache.DownloadAsync(Lib, "v1.1.0");
        Assert.That(steps.Select(s => s.Item1), Is.EqualTo(new[]
        {
            ModuleCacheStep.InfoWritten,
            ModuleCacheStep.GoModWritten,
            ModuleCacheStep.ListWritten,
            ModuleCacheStep.LockAcquired,
            ModuleCacheStep.ZipTempCreated,
            ModuleCacheStep.ZipStreamed,
            ModuleCacheStep.ZipHashWritten,
            ModuleCacheStep.ZipRenamed,
            ModuleCacheStep.OldDirectoryRemoved,
            ModuleCacheStep.DirectoryPlaced,
        }));
        Assert.That(steps.Select(s => s.Item2), Is.All.EqualTo(module));
    }

    [Test]
    public async Task TryDownloadEachAsync_YieldsInCompletionOrder_WithPerModuleProgress()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 3);
        var modules = deps.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).ToList();
        var fetcher = new HeldZipFetcher(proxy.CreateFetcher());
        var first = fetcher.Hold(modules[0].Path.Value);
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), MaxParallelDownloads = 3 });
        var reports = new ConcurrentQueue<ModuleDownloadProgress>();

        var yielded = new List<ModuleDownloadResult>();
        await foreach (var result in cache.TryDownloadEachAsync(modules, new SyncProgress(reports.Enqueue)))
        {
            yielded.Add(result);
            if (yielded.Count == 2)
            {
                // The first module is held until the two others have been yielded: it must come last.
                first.Open.SetResult();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(yielded.Select(r => r.Path), Is.EquivalentTo(deps));
            Assert.That(yielded[^1].Path, Is.EqualTo(modules[0].Path.Value), "completion order, not argument order");
            Assert.That(yielded.Select(r => r.Error), Is.All.Empty);
            foreach (var m in modules)
            {
                Assert.That(reports.Count(r => r.Module == m && r.Result is not null), Is.EqualTo(1), m.ToString());
                Assert.That(reports.Any(r => r.Module == m && r.Result is null && r.BytesReceived > 0), Is.True, "bytes of " + m);
            }

            Assert.That(reports.Where(r => r.Result is not null).Select(r => r.Completed), Is.EquivalentTo(new[] { 1, 2, 3 }));
            Assert.That(reports.All(r => r.Total == 3), Is.True);
        });
    }

    [Test]
    public async Task TryDownloadEachAsync_RespectsMaxParallelDownloads()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 5);
        var modules = deps.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).ToList();
        var fetcher = new HeldZipFetcher(proxy.CreateFetcher());
        var holds = deps.Select(fetcher.Hold).ToList();
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), MaxParallelDownloads = 2 });

        var enumeration = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var r in cache.TryDownloadEachAsync(modules))
            {
                Assert.That(r.Error, Is.Empty);
                n++;
            }

            return n;
        });

        // Release the held zips one at a time once two downloads are waiting: never more than two are inside at once.
        for (var released = 0; released < holds.Count; released++)
        {
            var wanted = Math.Min(2, holds.Count - released);
            await WaitUntilAsync(() => holds.Count(h => h.Entered.Task.IsCompleted && !h.Open.Task.IsCompleted) >= wanted).WaitAsync(Bound);
            Assert.That(fetcher.MaxInside, Is.LessThanOrEqualTo(2));
            holds.First(h => h.Entered.Task.IsCompleted && !h.Open.Task.IsCompleted).Open.SetResult();
        }

        Assert.That(await enumeration.WaitAsync(Bound), Is.EqualTo(5));
        Assert.That(fetcher.MaxInside, Is.EqualTo(2));
    }

    [Test]
    public async Task TryDownloadEachAsync_Cancelled_StopsTheRest_AndLeavesNoPartialState()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 4);
        var modules = deps.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).ToList();
        var fetcher = new HeldZipFetcher(proxy.CreateFetcher());
        var held = fetcher.Hold(deps[0]);
        foreach (var other in deps.Skip(1))
        {
            fetcher.Hold(other);
        }

        var root = Path.Combine(tmp.Path, "cache");
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = root, MaxParallelDownloads = 1 });
        using var cts = new CancellationTokenSource();
        var enumeration = Task.Run(async () =>
        {
            await foreach (var unused in cache.TryDownloadEachAsync(modules, null, cts.Token))
            {
            }
        });
        await held.Entered.Task.WaitAsync(Bound);
        await cts.CancelAsync();

        Assert.That(async () => await enumeration.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.Multiple(() =>
        {
            Assert.That(fetcher.Started, Is.EqualTo(1), "downloads not yet started are not started");
            foreach (var m in modules)
            {
                Assert.That(cache.IsExtracted(m), Is.False, m.ToString());
                Assert.That(File.Exists(cache.Paths.GetZipFile(m)), Is.False, m.ToString());
                Assert.That(Directory.Exists(cache.Paths.GetExtractedDirectory(m)), Is.False, m.ToString());
            }

            // The enumeration ended only after the interrupted download cleaned up: no temporary zip is left.
            var download = Path.Combine(root, "cache", "download");
            var leftovers = Directory.Exists(download)
                ? Directory.EnumerateFiles(download, "*", SearchOption.AllDirectories).Where(f => f.Contains(".zip", StringComparison.Ordinal) || f.Contains(".tmp", StringComparison.Ordinal)).ToList()
                : [];
            Assert.That(leftovers, Is.Empty);
        });
    }

    [Test]
    public async Task TryDownloadEachAsync_LeftEarly_StopsTheRest()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 4);
        var modules = deps.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).ToList();
        var fetcher = new HeldZipFetcher(proxy.CreateFetcher());
        var held = fetcher.Hold(deps[1]);
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), MaxParallelDownloads = 1 });

        await foreach (var first in cache.TryDownloadEachAsync(modules))
        {
            Assert.That(first.Path, Is.EqualTo(deps[0]));
            await held.Entered.Task.WaitAsync(Bound);
            break;
        }

        // Leaving the loop disposed the enumerator, which cancelled the held download and waited for it.
        Assert.Multiple(() =>
        {
            Assert.That(fetcher.Started, Is.EqualTo(2));
            Assert.That(cache.IsExtracted(modules[0]), Is.True);
            Assert.That(cache.IsExtracted(modules[1]), Is.False);
            Assert.That(cache.IsExtracted(modules[2]), Is.False);
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5);
        }
    }

    /// <summary>A synchronous progress sink.</summary>
    private sealed class SyncProgress(Action<ModuleDownloadProgress> report) : IProgress<ModuleDownloadProgress>
    {
        public void Report(ModuleDownloadProgress value) => report(value);
    }

    /// <summary>A gate one module's zip waits at, half sent, until the test opens it (or the download is cancelled).</summary>
    private sealed class Hold
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A fetcher whose zips can be held per module path; it counts the zip transfers running at once.</summary>
    private sealed class HeldZipFetcher(IModuleFetcher inner) : IModuleFetcher
    {
        private readonly ConcurrentDictionary<string, Hold> _holds = new();
        private int _inside;
        private int _maxInside;
        private int _started;

        public int MaxInside => Volatile.Read(ref _maxInside);

        public int Started => Volatile.Read(ref _started);

        public Hold Hold(string path) => _holds.GetOrAdd(path, _ => new Hold());

        public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(path, cancellationToken);

        public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => inner.QueryAsync(path, query, cancellationToken);

        public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default) => inner.GetInfoAsync(module, cancellationToken);

        public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default) => inner.GetGoModAsync(module, cancellationToken);

        public async ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            var inside = Interlocked.Increment(ref _inside);
            int max;
            while (inside > (max = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, inside, max) != max)
            {
            }

            try
            {
                using var buffer = new MemoryStream();
                await inner.CopyZipToAsync(module, buffer, null, cancellationToken);
                var bytes = buffer.ToArray();
                var half = bytes.Length / 2;
                await destination.WriteAsync(bytes.AsMemory(0, half), cancellationToken);
                progress?.Report(half);
                if (_holds.TryGetValue(module.Path.Value, out var hold))
                {
                    hold.Entered.TrySetResult();
                    await hold.Open.Task.WaitAsync(cancellationToken);
                }

                await destination.WriteAsync(bytes.AsMemory(half), cancellationToken);
                progress?.Report(bytes.Length);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }
    }
}
