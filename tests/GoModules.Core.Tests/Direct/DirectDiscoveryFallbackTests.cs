using GoModules.Direct;
using GoModules.Fetching;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class DirectDiscoveryFallbackTests
{
    [Test]
    public void FailedDiscoveryIsANotFoundErrorReportedWithDirectRank()
    {
        using var temp = new TempDirectory();
        var proxy = Path.Combine(temp.Path, "proxy");
        Directory.CreateDirectory(proxy);
        var direct = new DirectModuleFetcher(new RepositoryRootResolver(null), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(temp.Path, "w") });
        var chain = new ProxyChainFetcher(ProxyChain.Parse(new Uri(proxy).AbsoluteUri + ",direct"), directFetcher: direct);
        var ex = Assert.CatchAsync<ModuleNotFoundException>(async () => await chain.GetInfoAsync(new ModuleVersion(ModulePath.Parse("corp.example/m"), "v1.0.0")));
        Assert.That(ex!.Message, Is.EqualTo("corp.example/m@v1.0.0: unrecognized import path \"corp.example/m\": go-get discovery is not configured"));
    }
}
