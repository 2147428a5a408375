using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Http.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Tests.Caching;

/// <summary>
/// Issue 16 (a metadata cache for long-running hosts): list, latest and <c>.info</c> answers under a
/// <see cref="MetadataCachePolicy"/>, counted at a loopback GOPROXY.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class MetadataCachePolicyTests
{
    private static readonly ModulePath M = ModulePath.Parse("example.com/m");

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A proxy with v1.0.0 and v1.1.0 (latest); <paramref name="list"/> may replace the list answer.</summary>
    private static ScriptedHttpServer Proxy(HttpTestHost host, Func<ServerBehavior>? list = null) => host.Server("A", path => path switch
    {
        "/example.com/m/@v/list" => list?.Invoke() ?? ServerBehavior.Text(200, "v1.0.0\nv1.1.0\n"),
        "/example.com/m/@v/v1.1.0.info" => ServerBehavior.Text(200, "{\"Version\":\"v1.1.0\",\"Time\":\"2024-01-02T03:04:05Z\"}", "application/json"),
        "/example.com/m/@v/v1.1.0.mod" => ServerBehavior.Text(200, "module example.com/m\n"),
        _ => ServerBehavior.Text(404, "not found\n"),
    });

    private static ProxyChainFetcher Fetcher(HttpTestHost host, ScriptedHttpServer server, MetadataCachePolicy policy, TimeProvider clock)
    {
        var fetcher = (ProxyChainFetcher)host.Fetcher(server.BaseUrl, build: b => b.Services.AddSingleton(clock));
        fetcher.MetadataCachePolicy = policy;
        return fetcher;
    }

    private static int Requests(HttpTestHost host, string suffix) => host.Log.Snapshot().Count(r => r.Path.EndsWith(suffix, StringComparison.Ordinal));

    [Test]
    public async Task ASecondLatestQueryWithinMaxAgeMakesNoRequest(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var fetcher = Fetcher(host, Proxy(host), MetadataCachePolicy.MaxAge(TimeSpan.FromMinutes(5)), new ManualClock());

        Assert.That((await fetcher.QueryAsync(M, "latest", ct)).Version, Is.EqualTo("v1.1.0"));
        var after = host.Log.Snapshot().Count;
        Assert.That(after, Is.GreaterThanOrEqualTo(2), "list, the latest go.mod (retractions) and .info were asked once");
        Assert.That((await fetcher.QueryAsync(M, "latest", ct)).Version, Is.EqualTo("v1.1.0"));
        Assert.That(await fetcher.ListVersionsAsync(M, ct), Is.EqualTo(new[] { "v1.0.0", "v1.1.0" }));
        Assert.That(await fetcher.ListVersionsAsync(M, ct), Is.EqualTo(new[] { "v1.0.0", "v1.1.0" }));
        var listed = host.Log.Snapshot().Count;
        Assert.That(await fetcher.GetInfoAsync(new ModuleVersion(M, "v1.1.0"), ct), Is.Not.Null);
        Assert.That(await fetcher.GetInfoAsync(new ModuleVersion(M, "v1.1.0"), ct), Is.Not.Null);
        Assert.That(host.Log.Snapshot().Count - listed, Is.EqualTo(1), "one .info request for two calls");
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(2), "one list for the query, one for ListVersionsAsync");
    }

    [Test]
    public async Task NoCacheAlwaysAsksAndTheGoCommandDefaultAsksAgainButRemembersGoMod(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var server = Proxy(host);
        var none = Fetcher(host, server, MetadataCachePolicy.NoCache, new ManualClock());
        await none.QueryAsync(M, "latest", ct);
        await none.QueryAsync(M, "latest", ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(2));
        Assert.That(Requests(host, "/@v/v1.1.0.mod"), Is.EqualTo(2), "NoCache reads the retraction check's go.mod again");

        var go = Fetcher(host, server, MetadataCachePolicy.GoCommand, new ManualClock());
        Assert.That(go.MetadataCachePolicy.Mode, Is.EqualTo(MetadataCacheMode.GoCommand));
        await go.QueryAsync(M, "latest", ct);
        await go.QueryAsync(M, "latest", ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(4), "the go command asks for the list on every call");
        Assert.That(Requests(host, "/@v/v1.1.0.mod"), Is.EqualTo(3), "a version's go.mod is remembered, as in one go run");
    }

    [Test]
    public async Task AnExpiredAnswerIsAskedForAgain(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var clock = new ManualClock();
        var fetcher = Fetcher(host, Proxy(host), MetadataCachePolicy.MaxAge(TimeSpan.FromMinutes(1)), clock);
        await fetcher.ListVersionsAsync(M, ct);
        clock.Now += TimeSpan.FromSeconds(59);
        await fetcher.ListVersionsAsync(M, ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(1));
        clock.Now += TimeSpan.FromSeconds(2);
        await fetcher.ListVersionsAsync(M, ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(2));
    }

    [Test]
    public async Task FailuresAreNotKept(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var calls = 0;
        var server = Proxy(host, () => Interlocked.Increment(ref calls) == 1 ? ServerBehavior.Text(500, "try later\n") : ServerBehavior.Text(200, "v1.0.0\nv1.1.0\n"));
        var fetcher = Fetcher(host, server, MetadataCachePolicy.MaxAge(TimeSpan.FromMinutes(5)), new ManualClock());
        Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.ListVersionsAsync(M, ct));
        Assert.That(await fetcher.ListVersionsAsync(M, ct), Has.Count.EqualTo(2));
        await fetcher.ListVersionsAsync(M, ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(2), "the failure was asked again, the success kept");
    }

    [Test]
    public async Task ConcurrentIdenticalRequestsShareOneAndACancelledCallerLeavesTheOthersTheirAnswer(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        using var gate = new ManualResetEventSlim();
        var server = Proxy(host, () =>
        {
            gate.Wait(TimeSpan.FromSeconds(20));
            return ServerBehavior.Text(200, "v1.0.0\nv1.1.0\n");
        });
        var fetcher = Fetcher(host, server, MetadataCachePolicy.MaxAge(TimeSpan.FromMinutes(5)), new ManualClock());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var cancelled = fetcher.ListVersionsAsync(M, cts.Token).AsTask();
        var waiting = fetcher.ListVersionsAsync(M, ct).AsTask();
        await cts.CancelAsync();
        Assert.That(async () => await cancelled, Throws.InstanceOf<OperationCanceledException>());
        gate.Set();
        Assert.That(await waiting, Has.Count.EqualTo(2));
        Assert.That(await fetcher.ListVersionsAsync(M, ct), Has.Count.EqualTo(2));
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(1), "one request for three calls");

        // A run every caller gave up is cancelled and nothing of it is kept. (The list's retraction check read the
        // latest version's .info and go.mod already; GetInfoAsync's own answer is not that one.)
        var infos = Requests(host, "/@v/v1.1.0.info");
        using var alone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        alone.Cancel();
        Assert.That(async () => await fetcher.GetInfoAsync(new ModuleVersion(M, "v1.1.0"), alone.Token), Throws.InstanceOf<OperationCanceledException>());
        await fetcher.GetInfoAsync(new ModuleVersion(M, "v1.1.0"), ct);
        Assert.That(Requests(host, "/@v/v1.1.0.info"), Is.EqualTo(infos + 1));
    }

    [Test]
    public async Task AddGoModulesBindsThePolicyFollowsItsReloadAndRegistersCacheGraphAndEnvironment(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var server = Proxy(host);
        var root = Path.Combine(host.Root, "gopath");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GoModules:UseEnvironment"] = "false",
            ["GoModules:GoProxy"] = server.BaseUrl,
            ["GoModules:GoSumDb"] = "off",
            ["GoModules:GoPath"] = root,
            ["GoModules:GoFlags"] = "-modcacherw",
            ["GoModules:MetadataCache"] = "MaxAge",
            ["GoModules:MetadataCacheMaxAge"] = "00:10:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddGoModules(config.GetSection("GoModules"));
        await using var provider = services.BuildServiceProvider();
        var fetcher = (ProxyChainFetcher)provider.GetRequiredService<IModuleFetcher>();
        Assert.That(fetcher.MetadataCachePolicy.Mode, Is.EqualTo(MetadataCacheMode.MaxAge));
        Assert.That(fetcher.MetadataCachePolicy.MaxAgeDuration, Is.EqualTo(TimeSpan.FromMinutes(10)));

        var env = provider.GetRequiredService<GoEnvironment>();
        Assert.That(env.GoModCache, Is.EqualTo(Path.Combine(root, "pkg", "mod")));
        var cache = provider.GetRequiredService<ModuleCache>();
        Assert.That(cache.Paths.Root, Is.EqualTo(env.GoModCache));
        var cacheOptions = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ModuleCacheOptions>>().Value;
        Assert.That(cacheOptions.WritableDirectories, Is.True, "-modcacherw in GOFLAGS");
        Assert.That(provider.GetRequiredService<ModuleGraphLoader>().Cache, Is.SameAs(cache));

        config["GoModules:MetadataCache"] = "NoCache";
        config.Reload();
        Assert.That(fetcher.MetadataCachePolicy.Mode, Is.EqualTo(MetadataCacheMode.NoCache), "the policy follows IOptionsMonitor");
        await fetcher.ListVersionsAsync(M, ct);
        await fetcher.ListVersionsAsync(M, ct);
        Assert.That(Requests(host, "/@v/list"), Is.EqualTo(2));
    }
}
