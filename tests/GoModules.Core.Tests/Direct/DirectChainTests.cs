using GoModules.Direct;
using GoModules.Fetching;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class DirectChainTests
{
    private TempDirectory _temp = null!;
    private DirectModuleFetcher _direct = null!;
    private string _emptyProxy = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
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
