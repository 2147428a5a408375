using System.Collections.Concurrent;
using System.Text;
using GoModules.Caching;
using GoModules.Hashing;
using GoModules.Http.Tests.Infrastructure;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Tests.Diagnostics;

/// <summary>
/// Issue 16 (observability): GoModules.Core logs its decisions through Microsoft.Extensions.Logging with the documented
/// event ids (src/GoModules.Core/README.md, Logging), one category per component, and AddGoModules wires the host's
/// <see cref="ILoggerFactory"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class CoreLoggingTests
{
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    private sealed record Entry(string Category, int EventId, LogLevel Level, string Message);

    /// <summary>A logger factory that keeps every record with its category and event id.</summary>
    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue(new Entry(category, eventId.Id, logLevel, formatter(state, exception)));
        }
    }

    [Test]
    public async Task AFallbackDecisionIsLoggedByTheProxyChainFetcher(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(404, "not found\n"));
        var b = host.Server("B", p => p == "/example.com/m/@v/v1.0.0.info"
            ? ServerBehavior.Text(200, "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-02T03:04:05Z\"}", "application/json")
            : ServerBehavior.Text(404, "not found\n"));
        var logs = new RecordingLoggerFactory();
        var fetcher = host.Fetcher(a.BaseUrl + "," + b.BaseUrl, build: g => g.Services.AddSingleton<ILoggerFactory>(logs));

        await fetcher.GetInfoAsync(V100, ct);

        var fallback = logs.Entries.Single(e => e.EventId == 2002);
        Assert.That(fallback.Category, Is.EqualTo("GoModules.Fetching.ProxyChainFetcher"));
        Assert.That(fallback.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(fallback.Message, Does.StartWith("example.com/m@v1.0.0: info failed at GOPROXY entry 0 (" + a.BaseUrl));
        Assert.That(fallback.Message, Does.EndWith("falling back to entry 1 (not found)"));
        Assert.That(logs.Entries.Single(e => e.EventId == 2001).Message, Does.Contain("answered by GOPROXY entry 1 (" + b.BaseUrl));
    }

    [Test]
    public async Task AStopAfterACommaIsLoggedWithTheRule(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(500, "broken\n"));
        var b = host.Server("B", _ => ServerBehavior.Text(404, "not found\n"));
        var logs = new RecordingLoggerFactory();
        var fetcher = host.Fetcher(a.BaseUrl + "," + b.BaseUrl, build: g => g.Services.AddSingleton<ILoggerFactory>(logs));

        Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(V100, ct));
        var stop = logs.Entries.Single(e => e.EventId == 2003);
        Assert.That(stop.Message, Does.Contain("entry 0").And.Contain("not falling back (after ',' only a not-found answer (404, 410) falls back)"));
        Assert.That(logs.Entries.Where(e => e.EventId == 2002), Is.Empty);
    }

    [Test]
    public async Task ChecksumDecisionsAreLoggedByTheVerifier(CancellationToken ct)
    {
        var goMod = Encoding.UTF8.GetBytes("module example.com/m\n");
        var hash = DirHash.HashGoMod(goMod);
        var goSum = new GoSumFile();
        goSum.Add(ModuleVersion.Parse("example.com/m@v1.0.0"), GoSumHashKind.GoMod, hash);
        var logs = new RecordingLoggerFactory();
        var listed = new ModuleChecksumVerifier("off", null, _ => throw new InvalidOperationException("no database"), goSum) { LoggerFactory = logs };
        await listed.VerifyGoModAsync(V100, goMod, ct);
        var skipped = new ModuleChecksumVerifier("off", null, _ => throw new InvalidOperationException("no database")) { LoggerFactory = logs };
        await skipped.VerifyGoModAsync(V100, goMod, ct);

        var entries = logs.Entries.ToArray();
        Assert.That(entries.Select(e => e.Category).Distinct(), Is.EqualTo(new[] { "GoModules.SumDb.ModuleChecksumVerifier" }));
        Assert.That(entries.Single(e => e.EventId == 2301).Message, Is.EqualTo("example.com/m@v1.0.0: go.mod hash " + hash + " accepted: go.sum lists it"));
        Assert.That(entries.Single(e => e.EventId == 2303).Message, Is.EqualTo("example.com/m@v1.0.0: go.mod hash " + hash + " not checked with a checksum database: GOSUMDB=off"));
    }

    [Test]
    public async Task TheCachesGoSumGateLogsAMismatchAsASecurityError(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var server = host.Server("A", p => p == "/example.com/m/@v/v1.0.0.mod" ? ServerBehavior.Text(200, "module example.com/m\n") : ServerBehavior.Text(404, "not found\n"));
        var logs = new RecordingLoggerFactory();
        var goSum = new GoSumFile();
        goSum.Add(ModuleVersion.Parse("example.com/m@v1.0.0"), GoSumHashKind.GoMod, "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        var cache = new ModuleCache(host.Fetcher(server.BaseUrl), new ModuleCacheOptions { Root = Path.Combine(host.Root, "modcache"), GoSum = goSum, LoggerFactory = logs });

        Assert.ThrowsAsync<ChecksumMismatchException>(async () => await cache.GetGoModAsync(V100, ct));
        var entry = logs.Entries.Single(e => e.EventId == 2302);
        Assert.That(entry.Category, Is.EqualTo("GoModules.Caching.ModuleCache"));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(entry.Message, Does.Contain("go.sum lists h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    }
    [Test]
    public async Task ALockWaitAndTheExtractionAreLoggedByTheCache(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var writer = new GoModules.Fetching.ProxyDirectoryWriter(tmp.Sub("proxy"));
        var zip = new MemoryStream();
        var files = new[] { GoModules.Zip.ModuleZipSourceFile.FromBytes("go.mod", Encoding.UTF8.GetBytes("module example.com/m\n")), GoModules.Zip.ModuleZipSourceFile.FromBytes("m.go", Encoding.UTF8.GetBytes("package m\n")) };
        (await GoModules.Zip.ModuleZipWriter.CreateAsync(zip, "example.com/m", "v1.0.0", files, cancellationToken: ct)).EnsureValid();
        zip.Position = 0;
        await writer.WriteVersionAsync(V100.Path, new GoModules.Fetching.ModuleInfo("v1.0.0", DateTimeOffset.UnixEpoch), Encoding.UTF8.GetBytes("module example.com/m\n"), zip, ct);
        var logs = new RecordingLoggerFactory();
        var fetcher = GoModules.Fetching.ProxyChainFetcher.FromEnvironment(GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = writer.Url }));
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = tmp.Sub("modcache"), WritableDirectories = true, LoggerFactory = logs });

        // Another holder of the version's lock (as a go process downloading it would be): the download waits and says so.
        var lockFile = cache.Paths.GetLockFile(V100);
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        var held = await GoModules.Kernel.LockedFile.OpenWriteAsync(lockFile, ModuleCacheLinkException.At, ct);
        var download = cache.DownloadAsync(V100, ct);
        for (var i = 0; i < 600 && !logs.Entries.Any(e => e.EventId == 2101); i++)
        {
            await Task.Delay(50, ct);
        }

        held.Dispose();
        var dir = await download;
        var entries = logs.Entries.ToArray();
        Assert.That(entries.Single(e => e.EventId == 2101).Message, Is.EqualTo("Waiting for the lock on " + lockFile + ", held by another process or caller"));
        Assert.That(entries.Single(e => e.EventId == 2102).Message, Does.StartWith("Acquired the lock on " + lockFile + " after waiting "));
        Assert.That(entries.Single(e => e.EventId == 2201).Message, Is.EqualTo("example.com/m@v1.0.0: extracted into " + dir));
        Assert.That(entries.Where(e => e.EventId is 2101 or 2102 or 2201).Select(e => e.Category).Distinct(), Is.EqualTo(new[] { "GoModules.Caching.ModuleCache" }));
    }
}
