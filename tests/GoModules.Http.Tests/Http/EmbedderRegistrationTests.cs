using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Issue 16 (DI and options): AddGoModules registers everything an embedder needs, per setup: the resolved
/// <see cref="GoEnvironment"/> the fetcher, verifier and cache share, the module cache with its options, and the graph loader.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class EmbedderRegistrationTests
{
    [Test]
    public async Task EachSetupHasItsOwnEnvironmentCacheAndGraphLoader()
    {
        using var tmp = new TempDirectory();
        var services = new ServiceCollection();
        services.AddGoModules().Configure(o =>
        {
            o.UseEnvironment = false;
            o.GoProxy = "off";
            o.GoPath = tmp.Sub("default");
        });
        services.AddGoModules("corp").Configure(o =>
        {
            o.UseEnvironment = false;
            o.GoProxy = "https://goproxy.corp.example";
            o.GoModCache = tmp.Sub("corp-cache");
            o.GoSumDb = "off";
        });
        services.Configure<ModuleCacheOptions>("corp", o => o.MaxParallelDownloads = 3);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var env = provider.GetRequiredService<GoEnvironment>();
        Assert.That(env.GoProxy, Is.EqualTo("off"));
        Assert.That(provider.GetRequiredService<ModuleCache>().Paths.Root, Is.EqualTo(Path.Combine(tmp.Sub("default"), "pkg", "mod")));
        Assert.That(provider.GetRequiredService<IOptions<ModuleCacheOptions>>().Value.ChecksumVerifier, Is.SameAs(provider.GetRequiredService<ModuleChecksumVerifier>()));
        Assert.That(provider.GetRequiredService<ModuleGraphLoader>().Cache, Is.SameAs(provider.GetRequiredService<ModuleCache>()));

        var corpEnv = provider.GetRequiredKeyedService<GoEnvironment>("corp");
        Assert.That(corpEnv.GoProxy, Is.EqualTo("https://goproxy.corp.example"));
        var corpCache = provider.GetRequiredKeyedService<ModuleCache>("corp");
        Assert.That(corpCache.Paths.Root, Is.EqualTo(tmp.Sub("corp-cache")));
        Assert.That(provider.GetRequiredService<IOptionsMonitor<ModuleCacheOptions>>().Get("corp").MaxParallelDownloads, Is.EqualTo(3), "the embedder's configure runs after the setup's");
        Assert.That(provider.GetRequiredKeyedService<ModuleGraphLoader>("corp").Cache, Is.SameAs(corpCache));
        Assert.That(provider.GetRequiredKeyedService<IModuleFetcher>("corp"), Is.Not.SameAs(provider.GetRequiredService<IModuleFetcher>()));
    }

    [Test]
    public void AnInvalidGoSettingOfANamedSetupFailsAtStartWithItsName()
    {
        var services = new ServiceCollection();
        services.AddGoModules("corp").Configure(o => o.GoFlags = "-modcacherw=perhaps");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.Message, Does.Contain("GoModulesOptions.GoFlags"));
        Assert.That(ex.OptionsName, Is.EqualTo("corp"));
    }
}
