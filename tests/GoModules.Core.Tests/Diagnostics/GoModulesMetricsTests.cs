using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.SumDb;
using GoModules.Tests.Caching;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.Diagnostics;

/// <summary>The "GoModules" meter, observed with a <see cref="MeterListener"/> over real downloads from file:// proxies.</summary>
[TestFixture]
[NonParallelizable]
public sealed class GoModulesMetricsTests
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, object?> Tags);

    private static MeterListener Listen(ConcurrentQueue<Measurement> sink)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == GoModulesDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => sink.Enqueue(new Measurement(i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => sink.Enqueue(new Measurement(i.Name, v, ToDictionary(tags))));
        listener.Start();
        return listener;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            d[t.Key] = t.Value;
        }

        return d;
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Download_ReportsRequestsBytesFallbackAndCacheLookups(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var empty = new ProxyDirectoryWriter(tmp.Sub("empty"));
        var proxy = new TestProxy(tmp.Sub("good"));
        await proxy.AddAsync("example.com/m", "v1.0.0", [TestProxy.File_("go.mod", "module example.com/m\n"), TestProxy.File_("m.go", "package m\n")]);
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(empty.Url + "|" + proxy.Url));
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = tmp.Sub("modcache") });
        var module = new ModuleVersion(ModulePath.Parse("example.com/m"), "v1.0.0");

        var sink = new ConcurrentQueue<Measurement>();
        using (Listen(sink))
        {
            await cache.GetInfoAsync(module, ct);
            await cache.GetGoModAsync(module, ct);
            await cache.DownloadAsync(module, ct);

            // Again, from the cache: only hits, no request.
            var second = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "modcache") });
            await second.GetInfoAsync(module, ct);
            await second.GetGoModAsync(module, ct);
            await second.DownloadAsync(module, ct);
        }

        var all = sink.ToArray();
        bool Tag(Measurement m, string key, object? value) => m.Tags.TryGetValue(key, out var v) && Equals(v, value);

        var requests = all.Where(m => m.Instrument == GoModulesDiagnostics.ProxyRequestCountName).ToArray();
        foreach (var op in new[] { "info", "mod", "zip" })
        {
            Assert.That(requests.Count(m => Tag(m, "gomodules.proxy", empty.Url) && Tag(m, "gomodules.operation", op) && Tag(m, "gomodules.outcome", "not-found")), Is.EqualTo(1), op + " from the empty proxy");
            Assert.That(requests.Count(m => Tag(m, "gomodules.proxy", proxy.Url) && Tag(m, "gomodules.operation", op) && Tag(m, "gomodules.outcome", "ok")), Is.EqualTo(1), op + " from the good proxy");
            Assert.That(all.Count(m => m.Instrument == GoModulesDiagnostics.ProxyFallbackCountName && Tag(m, "gomodules.proxy", empty.Url) && Tag(m, "gomodules.operation", op) && Tag(m, "gomodules.fallback.reason", "not-found")), Is.EqualTo(1), op + " fallback");
        }

        var durations = all.Where(m => m.Instrument == GoModulesDiagnostics.ProxyRequestDurationName && Tag(m, "gomodules.proxy", proxy.Url)).ToArray();
        Assert.That(durations, Has.Length.EqualTo(3));
        Assert.That(durations.All(m => m.Value >= 0));

        var zipBytes = new FileInfo(Path.Combine(proxy.Root, "example.com", "m", "@v", "v1.0.0.zip")).Length;
        var received = all.Where(m => m.Instrument == GoModulesDiagnostics.ProxyReceivedBytesName && Tag(m, "gomodules.proxy", proxy.Url)).ToArray();
        Assert.That(received.Single(m => Tag(m, "gomodules.operation", "zip")).Value, Is.EqualTo(zipBytes));
        Assert.That(received.Single(m => Tag(m, "gomodules.operation", "mod")).Value, Is.EqualTo("module example.com/m\n".Length));

        int Lookups(string entry, string result) => all.Count(m => m.Instrument == GoModulesDiagnostics.CacheLookupCountName && Tag(m, "gomodules.cache.entry", entry) && Tag(m, "gomodules.cache.result", result));
        Assert.Multiple(() =>
        {
            Assert.That(Lookups("info", "miss"), Is.EqualTo(1));
            Assert.That(Lookups("info", "hit"), Is.EqualTo(1));
            Assert.That(Lookups("mod", "miss"), Is.EqualTo(1));
            Assert.That(Lookups("mod", "hit"), Is.EqualTo(1));
            Assert.That(Lookups("zip", "miss"), Is.EqualTo(1));
            Assert.That(Lookups("zip", "hit"), Is.EqualTo(1));
            Assert.That(Lookups("extracted", "miss"), Is.EqualTo(1));
            Assert.That(Lookups("extracted", "hit"), Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task PipeFallbackAfterAnError_IsTaggedError(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var broken = new ProxyDirectoryWriter(tmp.Sub("broken"));
        var dir = Path.Combine(broken.RootDirectory, "example.com", "m", "@v");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "v1.0.0.info"), "not json", ct);
        var good = new ProxyDirectoryWriter(tmp.Sub("good"));
        await good.WriteInfoAsync(ModulePath.Parse("example.com/m"), new ModuleInfo("v1.0.0", new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero)), ct);

        var sink = new ConcurrentQueue<Measurement>();
        using (Listen(sink))
        {
            var info = await new ProxyChainFetcher(ProxyChain.Parse(broken.Url + "|" + good.Url)).GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/m"), "v1.0.0"), ct);
            Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        }

        var fallbacks = sink.Where(m => m.Instrument == GoModulesDiagnostics.ProxyFallbackCountName && Equals(m.Tags["gomodules.proxy"], broken.Url)).ToArray();
        Assert.That(fallbacks, Has.Length.EqualTo(1));
        Assert.That(fallbacks[0].Tags["gomodules.fallback.reason"], Is.EqualTo("error"));
        Assert.That(fallbacks[0].Tags["gomodules.operation"], Is.EqualTo("info"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ChecksumDatabaseLookups_AreCountedByOutcomeAndSource(CancellationToken ct)
    {
        var db = new TestChecksumDatabase("sumdb.metrics.test");
        var module = new TestModule("example.com/metrics", "v1.0.0");
        db.AddModule(module.Path, module.Version, module.ZipHash, module.GoModHash);
        var transport = new MemoryTransport(db);

        var sink = new ConcurrentQueue<Measurement>();
        using (Listen(sink))
        {
            var client = new ChecksumDatabaseClient(db.Verifier, transport);
            await client.LookupAsync(module.Path, module.Version, ct);

            // A second client over the same local copy finds the record there.
            var again = new ChecksumDatabaseClient(db.Verifier, transport);
            await again.LookupAsync(module.Path, module.Version + "/go.mod", ct);

            // A record the database does not have: an error, not a security failure.
            Assert.That(async () => await client.LookupAsync("example.com/absent", "v1.0.0", ct), Throws.Exception);
        }

        var lookups = sink.Where(m => m.Instrument == GoModulesDiagnostics.ChecksumDatabaseLookupCountName).ToArray();
        Assert.That(lookups.Select(m => (m.Tags["gomodules.outcome"], m.Tags["gomodules.sumdb.from_cache"])), Is.EqualTo(new[] { ((object?)"ok", (object?)false), ("ok", true), ("error", false) }));
    }
}
