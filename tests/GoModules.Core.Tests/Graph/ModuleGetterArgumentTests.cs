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

    // go1.27.3 prints exactly these for `go get example.com/dep@<=v1` and `@<=vx` (comparisons parse as in every module query).
    [TestCase("<=v1", "go: example.com/dep@<=v1: ambiguous semantic version \"v1\" in range \"<=v1\"")]
    [TestCase(">v1.2", "go: example.com/dep@>v1.2: ambiguous semantic version \"v1.2\" in range \">v1.2\"")]
    [TestCase("<=vx", "go: example.com/dep@<=vx: invalid semantic version \"vx\" in range \"<=vx\"")]
    public async Task MalformedComparisonsFailWithGosText(string query, string expected)
    {
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var dep = ModulePath.Parse("example.com/dep");
        await writer.WriteVersionAsync(dep, new ModuleInfo("v1.0.0", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), "module example.com/dep\n\ngo 1.21\n"u8.ToArray(), null);
        await writer.AddToListAsync(new ModuleVersion(dep, "v1.0.0"));
        var main = tmp.Sub("main");
        await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), "module example.com/main\n\ngo 1.21\n\nrequire example.com/dep v1.0.0\n");
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(writer.Url));
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = tmp.Combine("cache") });

        var ex = Assert.ThrowsAsync<GoModuleException>(() => ModuleGetter.GetAsync(main, ["example.com/dep@" + query], cache, fetcher, write: false));
        Assert.That(ex!.Message, Is.EqualTo(expected));
        Assert.That(ex, Is.Not.InstanceOf<UnsupportedGetArgumentException>());
    }
}
