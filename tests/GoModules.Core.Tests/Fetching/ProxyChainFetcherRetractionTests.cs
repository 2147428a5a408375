using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.Fetching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyChainFetcherRetractionTests
{
    private static readonly ModulePath Mod = ModulePath.Parse("example.com/m");
    private static readonly ModulePath AllRetracted = ModulePath.Parse("example.com/all");

    private static readonly string[] Versions = ["v1.0.0", "v1.1.0", "v1.2.0", "v1.2.1", "v1.3.0", "v1.4.0-beta"];

    // v1.3.0 is the latest release; its go.mod retracts itself (single version) and [v1.2.0, v1.2.1] (a range).
    private const string LatestGoMod = "module example.com/m\n\ngo 1.19\n\nretract (\n\tv1.3.0 // broken\n\t[v1.2.0, v1.2.1] // data loss\n)\n";

    private string _root = string.Empty;

    [OneTimeSetUp]
    public void CreateProxy()
    {
        _root = Path.Combine(Path.GetTempPath(), "gomod-retract-" + Guid.NewGuid().ToString("N"));
        var m = Path.Combine(_root, "example.com", "m", "@v");
        Directory.CreateDirectory(m);
        File.WriteAllText(Path.Combine(m, "list"), string.Join("\n", Versions) + "\n");
        foreach (var v in Versions)
        {
            File.WriteAllText(Path.Combine(m, v + ".info"), "{\"Version\":\"" + v + "\",\"Time\":\"2023-01-01T00:00:00Z\"}");
            File.WriteAllText(Path.Combine(m, v + ".mod"), v == "v1.3.0" ? LatestGoMod : "module example.com/m\n");
        }

        var all = Path.Combine(_root, "example.com", "all", "@v");
        Directory.CreateDirectory(all);
        File.WriteAllText(Path.Combine(all, "list"), "v1.0.0\nv1.1.0\n");
        foreach (var v in new[] { "v1.0.0", "v1.1.0" })
        {
            File.WriteAllText(Path.Combine(all, v + ".info"), "{\"Version\":\"" + v + "\"}");
        }

        File.WriteAllText(Path.Combine(all, "v1.1.0.mod"), "module example.com/all\n\nretract [v1.0.0, v1.1.0]\n");
    }

    [OneTimeTearDown]
    public void DeleteProxy() => Directory.Delete(_root, recursive: true);

    private ProxyChainFetcher Fetcher(bool includeRetracted = false) =>
        new(ProxyChain.Parse(new Uri(_root + Path.DirectorySeparatorChar).AbsoluteUri)) { IncludeRetracted = includeRetracted };

    [Test]
    public async Task ListVersionsOmitsRetractedVersions()
    {
        var versions = await Fetcher().ListVersionsAsync(Mod);
        Assert.That(versions, Is.EqualTo(new[] { "v1.0.0", "v1.1.0", "v1.4.0-beta" }));
    }

    [Test]
    public async Task ListVersionsKeepsRetractedVersionsWhenAsked()
    {
        var versions = await Fetcher(includeRetracted: true).ListVersionsAsync(Mod);
        Assert.That(versions, Is.EqualTo(Versions));
    }

    [TestCase("latest", "v1.1.0")]
    [TestCase("<v1.3.0", "v1.1.0")]
    [TestCase("<=v1.2.1", "v1.1.0")]
    [TestCase(">v1.1.0", "v1.4.0-beta")]
    [TestCase("v1", "v1.1.0")]
    [TestCase("v1.2.0", "v1.2.0")]
    [TestCase("v1.3.0", "v1.3.0")]
    public async Task QueriesSkipRetractedVersions(string query, string expected)
    {
        var info = await Fetcher().QueryAsync(Mod, query);
        Assert.That(info.Version, Is.EqualTo(expected), query);
    }

    [TestCase("latest", "v1.3.0")]
    [TestCase("v1.2", "v1.2.1")]
    [TestCase(">v1.1.0", "v1.2.0")]
    public async Task QueriesKeepRetractedVersionsWhenAsked(string query, string expected)
    {
        var info = await Fetcher(includeRetracted: true).QueryAsync(Mod, query);
        Assert.That(info.Version, Is.EqualTo(expected), query);
    }

    [TestCase("v1.2")]
    [TestCase("v1.3")]
    public void QueryWhoseCandidatesAreAllRetractedFindsNothing(string query)
    {
        var fetcher = Fetcher();
        Assert.ThrowsAsync<NoMatchingVersionException>(async () => await fetcher.QueryAsync(Mod, query), query);
    }

    [Test]
    public void LatestOfAFullyRetractedModuleFindsNothing()
    {
        var fetcher = Fetcher();
        Assert.ThrowsAsync<NoMatchingVersionException>(async () => await fetcher.QueryAsync(AllRetracted, "latest"));
    }

    [Test]
    public async Task FullyRetractedModuleListsNoVersions()
    {
        Assert.That(await Fetcher().ListVersionsAsync(AllRetracted), Is.Empty);
    }

    [Test]
    public async Task RetractionsAreReadThroughTheChainInGoOrder()
    {
        var log = new List<string>();
        var a = new FakeProxy("A", log, () => FakeAnswer.Status(404));
        var b = new FakeProxy("B", log);
        b.Serve("example.com/m/@v/list", "v1.0.0\nv1.1.0\n")
         .Serve("example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\"}")
         .Serve("example.com/m/@v/v1.1.0.info", "{\"Version\":\"v1.1.0\"}")
         .Serve("example.com/m/@v/v1.1.0.mod", "module example.com/m\nretract v1.1.0\n");
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = a.RedactedBaseUrl + "," + b.RedactedBaseUrl });
        var fetcher = ProxyChainFetcher.FromEnvironment(env, new FakeFactory(a, b));

        var info = await fetcher.QueryAsync(Mod, "latest");

        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(log, Is.EqualTo(new[]
        {
            "A example.com/m/@v/list",
            "B example.com/m/@v/list",
            "B example.com/m/@v/v1.1.0.info",
            "A example.com/m/@v/v1.1.0.mod",
            "B example.com/m/@v/v1.1.0.mod",
            "B example.com/m/@v/v1.0.0.info",
        }));
    }

    [Test]
    public async Task UnreadableLatestGoModRetractsNothing()
    {
        var log = new List<string>();
        var a = new FakeProxy("A", log, () => FakeAnswer.Status(404));
        a.Serve("example.com/m/@v/list", "v1.0.0\nv1.1.0\n")
         .Serve("example.com/m/@v/v1.1.0.info", "{\"Version\":\"v1.1.0\"}");
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = a.RedactedBaseUrl });
        var fetcher = ProxyChainFetcher.FromEnvironment(env, new FakeFactory(a));

        Assert.That((await fetcher.QueryAsync(Mod, "latest")).Version, Is.EqualTo("v1.1.0"));
        Assert.That(await fetcher.ListVersionsAsync(Mod), Is.EqualTo(new[] { "v1.0.0", "v1.1.0" }));
    }

    [Test]
    public async Task GoModReadForRetractionsIsNotRequestedAgain()
    {
        var log = new List<string>();
        var a = new FakeProxy("A", log, () => FakeAnswer.Status(404));
        a.Serve("example.com/m/@v/list", "v1.0.0\n")
         .Serve("example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\"}")
         .Serve("example.com/m/@v/v1.0.0.mod", "module example.com/m\n");
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = a.RedactedBaseUrl });
        var fetcher = ProxyChainFetcher.FromEnvironment(env, new FakeFactory(a));

        var info = await fetcher.QueryAsync(Mod, "latest");
        var mod = await fetcher.GetGoModAsync(new ModuleVersion(Mod, info.Version));

        Assert.That(Encoding.UTF8.GetString(mod.Span), Is.EqualTo("module example.com/m\n"));
        Assert.That(log, Is.EqualTo(new[] { "A example.com/m/@v/list", "A example.com/m/@v/v1.0.0.info", "A example.com/m/@v/v1.0.0.mod" }));
    }
}
