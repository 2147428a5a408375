using GoModules.Fetching;
using GoModules.SumDb;
using GoModules.SumDb.Internal;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class ChecksumDatabaseRemoteTests
{
    private static readonly byte[] Empty = [];

    private static (int, byte[]) Ok(string body = "") => (200, System.Text.Encoding.UTF8.GetBytes(body));

    private static ChecksumDatabaseRemote Remote(string goproxy, FakeTransports t, string gosumdb = "sum.golang.org", TimeSpan? retention = null, TimeProvider? clock = null)
        => new(ChecksumDatabaseSetting.Parse(gosumdb), ProxyChain.Parse(goproxy), t, new ChecksumDatabaseOptions { FailureRetention = retention ?? TimeSpan.FromSeconds(10), TimeProvider = clock ?? TimeProvider.System });

    [Test]
    public async Task FirstProxyThatSupportsItServesEverything()
    {
        var t = new FakeTransports()
            .Serve("https://a.example", p => p == "/sumdb/sum.golang.org/supported" ? (404, Empty) : (500, Empty))
            .Serve("https://b.example", p => p switch
            {
                "/sumdb/sum.golang.org/supported" => Ok(),
                "/sumdb/sum.golang.org/lookup/x@v1" => Ok("record"),
                _ => (404, Empty),
            });
        var remote = Remote("https://a.example,https://b.example", t);
        Assert.That(await remote.GetBaseUrlAsync(), Is.EqualTo("https://b.example/sumdb/sum.golang.org"));
        Assert.That(await remote.ReadAsync("/lookup/x@v1", 100), Is.EqualTo("record"u8.ToArray()));
        await remote.ReadAsync("/lookup/x@v1", 100);
        Assert.That(t.Log, Is.EqualTo(new[]
        {
            "https://a.example sumdb/sum.golang.org/supported",
            "https://b.example sumdb/sum.golang.org/supported",
            "https://b.example/sumdb/sum.golang.org lookup/x@v1",
            "https://b.example/sumdb/sum.golang.org lookup/x@v1",
        }), "the probe runs once");
    }

    [TestCase("https://a.example")]
    [TestCase("https://a.example,direct")]
    [TestCase("https://a.example|off")]
    public async Task NoProxySupportsItMeansDirect(string goproxy)
    {
        var t = new FakeTransports().Serve("https://a.example", _ => (410, Empty));
        Assert.That(await Remote(goproxy, t).GetBaseUrlAsync(), Is.EqualTo("https://sum.golang.org"));
    }

    [Test]
    public async Task DirectEndsTheList()
    {
        // GOPROXY ends at "direct" (and "off"); entries after it are never asked.
        var t = new FakeTransports().Serve("https://a.example", p => p == "/sumdb/sum.golang.org/supported" ? Ok() : (404, Empty));
        Assert.That(await Remote("direct,https://a.example", t).GetBaseUrlAsync(), Is.EqualTo("https://sum.golang.org"));
        Assert.That(t.Log, Is.Empty);
    }

    [Test]
    public async Task TheImplicitNoProxyEntryAnswersNotFound()
    {
        var t = new FakeTransports().Serve("https://a.example", p => p == "/sumdb/sum.golang.org/supported" ? Ok() : (404, Empty));
        var remote = new ChecksumDatabaseRemote(ChecksumDatabaseSetting.Default, ProxyChain.Parse("https://a.example", "corp.example"), t);
        Assert.That(await remote.GetBaseUrlAsync(), Is.EqualTo("https://a.example/sumdb/sum.golang.org"));
    }

    [Test]
    public void HardErrorOnCommaMakesTheDatabaseUnavailable()
    {
        var t = new FakeTransports()
            .Serve("https://a.example", _ => (500, Empty))
            .Serve("https://b.example", _ => Ok());
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await Remote("https://a.example,https://b.example", t).ReadAsync("/lookup/x@v1", 10));
        Assert.That(ex!.Message, Does.Contain("a.example"));
        Assert.That(t.Log, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task HardErrorOnPipeFallsThrough()
    {
        var t = new FakeTransports()
            .Serve("https://a.example", _ => (503, Empty))
            .Serve("https://b.example", _ => Ok());
        Assert.That(await Remote("https://a.example|https://b.example", t).GetBaseUrlAsync(), Is.EqualTo("https://b.example/sumdb/sum.golang.org"));
    }

    [Test]
    public void ProxyErrorOutranksALaterNotFound()
    {
        var t = new FakeTransports()
            .Serve("https://a.example", _ => (503, Empty))
            .Serve("https://b.example", _ => (404, Empty));
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await Remote("https://a.example|https://b.example", t).GetBaseUrlAsync());
        Assert.That(ex!.StatusCode, Is.EqualTo(503));
    }

    [Test]
    public async Task ExplicitUrlBypassesTheProxies()
    {
        var key = NoteSigner.Generate("db.example").Verifier.VerifierKey;
        var t = new FakeTransports().Serve("http://127.0.0.1:9/db", p => Ok(p));
        var remote = Remote("https://a.example", t, $"{key} http://127.0.0.1:9/db");
        Assert.That(await remote.ReadAsync("/tile/8/0/000", 100), Is.EqualTo("/tile/8/0/000"u8.ToArray()));
        Assert.That(t.Log, Is.EqualTo(new[] { "http://127.0.0.1:9/db tile/8/0/000" }));
    }

    [Test]
    public async Task FailuresAreRememberedForTheRetentionOnly()
    {
        var clock = new ManualClock();
        var failing = true;
        var t = new FakeTransports().Serve("https://a.example", _ => failing ? (500, Empty) : Ok());
        var remote = Remote("https://a.example", t, retention: TimeSpan.FromSeconds(10), clock: clock);
        Assert.ThrowsAsync<ModuleFetchException>(async () => await remote.GetBaseUrlAsync());
        failing = false;
        Assert.ThrowsAsync<ModuleFetchException>(async () => await remote.GetBaseUrlAsync());
        Assert.That(t.Log, Has.Count.EqualTo(1), "remembered, not asked again");
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.That(await remote.GetBaseUrlAsync(), Is.EqualTo("https://a.example/sumdb/sum.golang.org"));
    }

    [Test]
    public void OffIsNotADatabase()
    {
        Assert.Throws<ArgumentException>(() => new ChecksumDatabaseRemote(ChecksumDatabaseSetting.Off, ProxyChain.Parse("direct"), new FakeTransports()));
    }

    [Test]
    public void InvalidGoProxyFailsTheFirstRead()
    {
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = ",", ["HOME"] = "/home/x" });
        var remote = ChecksumDatabaseRemote.FromEnvironment(ChecksumDatabaseSetting.Default, env, new FakeTransports());
        Assert.ThrowsAsync(Is.InstanceOf<Exception>(), async () => await remote.GetBaseUrlAsync());
    }
}
