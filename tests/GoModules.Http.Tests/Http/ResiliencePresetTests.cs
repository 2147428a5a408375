using GoModules.Http.Tests.Infrastructure;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Issue 16 (observability): the resilience preset. Without it, or with its defaults, nothing is retried (as by the go
/// command); when asked, 5xx and 429 answers to GETs are retried, honouring Retry-After, a bounded number of times.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class ResiliencePresetTests
{
    private const string Info = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    /// <summary>Answers the n-th request (from 0) with <paramref name="script"/>[n], then 200.</summary>
    private static Func<string, ServerBehavior> Script(Func<int> next, params ServerBehavior[] script) => _ =>
    {
        var n = next();
        return n < script.Length ? script[n] : ServerBehavior.Text(200, Info, "application/json");
    };

    private static ServerBehavior Status(int status, string? retryAfter = null) => new()
    {
        Status = status,
        Body = System.Text.Encoding.UTF8.GetBytes("try later\n"),
        ContentType = "text/plain",
        Headers = retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter },
    };

    [Test]
    public async Task WhenAskedA503AndA429WithRetryAfterAreRetriedUntilTheAnswer(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var count = 0;
        var a = host.Server("A", Script(() => Interlocked.Increment(ref count) - 1, Status(503), Status(429, "1")));
        var fetcher = host.Fetcher(a.BaseUrl, build: b => b.AddGoModulesResilience(o =>
        {
            o.MaxRetryAttempts = 3;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
        }));

        var info = await fetcher.GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(Volatile.Read(ref count), Is.EqualTo(3), "503, 429 (Retry-After: 1), then 200");
    }

    [Test]
    public async Task AttemptsAreBounded(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var count = 0;
        var a = host.Server("A", _ =>
        {
            Interlocked.Increment(ref count);
            return Status(503);
        });
        var fetcher = host.Fetcher(a.BaseUrl, build: b => b.AddGoModulesResilience(o =>
        {
            o.MaxRetryAttempts = 2;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
        }));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.Contain("503"));
        Assert.That(Volatile.Read(ref count), Is.EqualTo(3), "the first request and two retries");
    }

    [Test]
    public async Task ARetryAfterLongerThanAllowedIsNotWaitedFor(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var count = 0;
        var a = host.Server("A", Script(() => Interlocked.Increment(ref count) - 1, Status(429, "3600")));
        var fetcher = host.Fetcher(a.BaseUrl, build: b => b.AddGoModulesResilience(o => o.MaxRetryAttempts = 3));

        Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(V100, ct));
        Assert.That(Volatile.Read(ref count), Is.EqualTo(1));
    }

    [TestCase(false, TestName = "WithoutThePresetNothingIsRetried")]
    [TestCase(true, TestName = "WithThePresetsDefaultsNothingIsRetried")]
    public async Task NothingIsRetriedUnlessAsked(bool preset)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var host = new HttpTestHost();
        var count = 0;
        var a = host.Server("A", Script(() => Interlocked.Increment(ref count) - 1, Status(503), Status(429, "1")));
        var fetcher = preset ? host.Fetcher(a.BaseUrl, build: b => b.AddGoModulesResilience()) : host.Fetcher(a.BaseUrl);

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.Contain("503"));
        Assert.That(Volatile.Read(ref count), Is.EqualTo(1));
    }

    [Test]
    public async Task ThePresetReplacesTheBuiltInLoopSoAttemptsDoNotMultiply(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var count = 0;
        var a = host.Server("A", _ =>
        {
            Interlocked.Increment(ref count);
            return Status(429, "0");
        });
        var fetcher = host.Fetcher(a.BaseUrl, o => o.MaxRetries = 3, build: b => b.AddGoModulesResilience(o =>
        {
            o.MaxRetryAttempts = 1;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
        }));

        Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(V100, ct));
        Assert.That(Volatile.Read(ref count), Is.EqualTo(2), "one request and one retry by the preset, none by MaxRetries");
    }
}
