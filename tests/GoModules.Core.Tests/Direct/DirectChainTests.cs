using GoModules.Direct;
using GoModules.Fetching;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class DirectChainTests
{
    private TempDir _temp = null!;
    private DirectModuleFetcher _direct = null!;
    private string _emptyProxy = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _temp = new TempDir();
        var repo = new GitTestRepository(_temp.Path, "m");
        repo.Write("go.mod", "module example.com/m\n");
        repo.Commit("one", new DateTimeOffset(2021, 5, 1, 0, 0, 0, TimeSpan.Zero));
        repo.Tag("v1.0.0");
        _emptyProxy = Path.Combine(_temp.Path, "proxy");
        Directory.CreateDirectory(_emptyProxy);
        _direct = new DirectModuleFetcher(new FixedResolver("example.com/m", repo.Directory), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(_temp.Path, "work") });
    }

    [OneTimeTearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task DirectEntryAnswersAfterProxyNotFound()
    {
        var chain = new ProxyChainFetcher(ProxyChain.Parse(new Uri(_emptyProxy).AbsoluteUri + ",direct"), directFetcher: _direct);
        var info = await chain.GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/m"), "v1.0.0"));
        var list = await chain.ListVersionsAsync(ModulePath.Parse("example.com/m"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Version, Is.EqualTo("v1.0.0"));
            Assert.That(info.Origin?.Vcs, Is.EqualTo("git"));
            Assert.That(list, Is.EqualTo(new[] { "v1.0.0" }));
        }
    }

    [Test]
    public void DirectErrorIsReportedOverProxyNotFound()
    {
        var chain = new ProxyChainFetcher(ProxyChain.Parse(new Uri(_emptyProxy).AbsoluteUri + ",direct"), directFetcher: _direct);
        var ex = Assert.CatchAsync<GoModuleException>(async () => await chain.GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/m"), "v9.9.9")));
        Assert.That(ex!.Message, Is.EqualTo("example.com/m@v9.9.9: invalid version: unknown revision v9.9.9"));
    }

    [Test]
    public async Task GoPrivateModulesGoOnlyToDirect()
    {
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = "https://proxy.invalid", ["GOPRIVATE"] = "example.com", ["HOME"] = _temp.Path, ["GOPATH"] = _temp.Path });
        var chain = ProxyChainFetcher.FromEnvironment(env, directFetcher: _direct);
        var info = await chain.QueryAsync(ModulePath.Parse("example.com/m"), "latest");
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
    }
}

[TestFixture]
public sealed class DirectModProxyTests
{
    private sealed class ModResolver(string url) : IRepositoryRootResolver
    {
        public ValueTask<RepositoryRoot> ResolveAsync(ModulePath path, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new RepositoryRoot("example.com/p", "mod", url) { IsFromMetaTag = true });
    }

    [Test]
    public async Task ModTagsAreServedThroughTheProxyProtocol()
    {
        using var temp = new TempDir();
        var dir = Path.Combine(temp.Path, "proxy", "example.com", "p", "@v");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "list"), "v1.0.0\n");
        File.WriteAllText(Path.Combine(dir, "v1.0.0.info"), "{\"Version\":\"v1.0.0\",\"Time\":\"2021-01-01T00:00:00Z\"}");
        File.WriteAllText(Path.Combine(dir, "v1.0.0.mod"), "module example.com/p\n");
        var url = new Uri(Path.Combine(temp.Path, "proxy")).AbsoluteUri;
        var withProxy = new DirectModuleFetcher(new ModResolver(url), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(temp.Path, "w"), ModProxyTransports = FileModuleProxyTransport.Factory });
        var info = await withProxy.QueryAsync(ModulePath.Parse("example.com/p"), "latest");
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));

        var without = new DirectModuleFetcher(new ModResolver(url), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(temp.Path, "w2") });
        var ex = Assert.CatchAsync<GoModuleException>(async () => await without.ListVersionsAsync(ModulePath.Parse("example.com/p")));
        Assert.That(ex!.Message, Does.Contain("no proxy transport is configured"));
    }
}

[TestFixture]
public sealed class DirectRefreshTests
{
    [TestCase(0, false)]
    [TestCase(1, true)]
    public async Task NewTagsAppearAfterTheRefreshInterval(int refreshMilliseconds, bool expectNewTag)
    {
        using var temp = new TempDir();
        var repo = new GitTestRepository(temp.Path, "r");
        repo.Write("go.mod", "module example.com/r\n");
        repo.Commit("one", new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        repo.Tag("v1.0.0");
        var fetcher = new DirectModuleFetcher(new FixedResolver("example.com/r", repo.Directory), new DirectModuleFetcherOptions
        {
            WorkDirectory = Path.Combine(temp.Path, "w"),
            RefreshInterval = TimeSpan.FromMilliseconds(refreshMilliseconds),
        });
        Assert.That(await fetcher.ListVersionsAsync(ModulePath.Parse("example.com/r")), Is.EqualTo(new[] { "v1.0.0" }));
        repo.Tag("v1.1.0");
        await Task.Delay(50);
        var after = await fetcher.ListVersionsAsync(ModulePath.Parse("example.com/r"));
        Assert.That(after, Is.EqualTo(expectNewTag ? new[] { "v1.0.0", "v1.1.0" } : new[] { "v1.0.0" }));
    }
}

[TestFixture]
public sealed class DirectDiscoveryFallbackTests
{
    [Test]
    public void FailedDiscoveryIsANotFoundErrorReportedWithDirectRank()
    {
        using var temp = new TempDir();
        var proxy = Path.Combine(temp.Path, "proxy");
        Directory.CreateDirectory(proxy);
        var direct = new DirectModuleFetcher(new RepositoryRootResolver(null), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(temp.Path, "w") });
        var chain = new ProxyChainFetcher(ProxyChain.Parse(new Uri(proxy).AbsoluteUri + ",direct"), directFetcher: direct);
        var ex = Assert.CatchAsync<ModuleNotFoundException>(async () => await chain.GetInfoAsync(new ModuleVersion(ModulePath.Parse("corp.example/m"), "v1.0.0")));
        Assert.That(ex!.Message, Is.EqualTo("corp.example/m@v1.0.0: unrecognized import path \"corp.example/m\": go-get discovery is not configured"));
    }
}
