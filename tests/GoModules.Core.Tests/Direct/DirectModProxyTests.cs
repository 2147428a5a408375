using GoModules.Direct;
using GoModules.Fetching;

namespace GoModules.Tests.Direct;

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
        using var temp = new TempDirectory();
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
