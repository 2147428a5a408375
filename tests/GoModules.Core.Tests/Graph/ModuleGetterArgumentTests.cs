using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;

namespace GoModules.Tests.Graph;

/// <summary>The arguments <see cref="ModuleGetter"/> refuses: package-level and special ones, with a typed exception.</summary>
[TestFixture]
public sealed class ModuleGetterArgumentTests
{
    [TestCase("./...")]
    [TestCase("all")]
    [TestCase("example.com/a/...")]
    [TestCase("go@1.22.0")]
    [TestCase("toolchain@go1.22.0")]
    [TestCase("tool")]
    [TestCase("../other")]
    public void PackageLevelArgumentsAreRefused(string argument)
    {
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse("off"));
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(Path.GetTempPath(), "gomod-get-args-unused") });
        var ex = Assert.ThrowsAsync<UnsupportedGetArgumentException>(() => ModuleGetter.GetAsync("/nonexistent", [argument], cache, fetcher, write: false));
        Assert.That(ex!.Message, Does.Contain(argument));
    }
}
