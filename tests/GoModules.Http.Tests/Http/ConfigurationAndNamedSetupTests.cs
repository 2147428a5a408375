using System.Net;
using GoModules.Fetching;
using GoModules.Http.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Issue 16 (DI and options): options bound from configuration and validated at start, and named setups that let one
/// host serve several GOPROXY setups side by side.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class ConfigurationAndNamedSetupTests
{
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    private static string Info(string time) => "{\"Version\":\"v1.0.0\",\"Time\":\"" + time + "\"}";

    private static Dictionary<string, string?> Settings(string section, string goproxy, string root) => new(StringComparer.Ordinal)
    {
        [section + ":UseEnvironment"] = "false",
        [section + ":GoProxy"] = goproxy,
        [section + ":GoSumDb"] = "off",
        [section + ":Netrc"] = Path.Combine(root, "no-netrc"),
        [section + ":GoPath"] = Path.Combine(root, "gopath"),
        [section + ":MaxRetries"] = "2",
        [section + ":RequestTimeout"] = "00:00:20",
        [section + ":DirectMode:GitExecutable"] = "/opt/git/bin/git",
    };

    private static string Root() => Path.Combine(TestContext.CurrentContext.WorkDirectory, "config-tests", Guid.NewGuid().ToString("N"));

    [Test]
    public async Task AddGoModulesBindsItsOptionsFromAConfigurationSection(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info("2023-01-01T00:00:00Z"), "application/json"));
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings("GoModules", a.BaseUrl, Root())).Build();
        var services = new ServiceCollection();
        services.AddGoModules(config.GetSection("GoModules"));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value;
        var settings = provider.GetRequiredService<IOptions<GoModulesOptions>>().Value;
        Assert.That(settings.GoProxy, Is.EqualTo(a.BaseUrl));
        Assert.That(options.MaxRetries, Is.EqualTo(2));
        Assert.That(options.RequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(settings.UseEnvironment, Is.False);
        Assert.That(provider.GetRequiredService<GoEnvironment>().GoProxy, Is.EqualTo(a.BaseUrl), "the resolved snapshot is registered");
        Assert.That(provider.GetRequiredService<IOptions<GoModulesDirectModeOptions>>().Value.GitExecutable, Is.EqualTo("/opt/git/bin/git"));

        var info = await provider.GetRequiredService<IModuleFetcher>().GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(host.Log.Snapshot().Select(r => r.Path), Does.Contain("/example.com/m/@v/v1.0.0.info"), "the request went to the configured GOPROXY");
    }

    [Test]
    public async Task BindConfigurationReadsTheHostsConfigurationAndDelegatesRegisteredLaterStillWin(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info("2023-01-01T00:00:00Z"), "application/json"));
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings("Tools:Go", a.BaseUrl, Root())).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddGoModules().BindConfiguration("Tools:Go");
        services.Configure<GoModulesHttpOptions>(o => o.MaxRetries = 1);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value;
        Assert.That(provider.GetRequiredService<IOptions<GoModulesOptions>>().Value.GoProxy, Is.EqualTo(a.BaseUrl));
        Assert.That(options.MaxRetries, Is.EqualTo(1));
        var info = await provider.GetRequiredService<IModuleFetcher>().GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
    }

    [TestCase("MaxRetries", "99", "MaxRetries")]
    [TestCase("GoProxy", "ftp://example.com", "GoProxy")]
    [TestCase("UserAgent", "GoCommand/1", "UserAgent")]
    public async Task AnInvalidConfiguredValueFailsWhenTheHostStarts(string key, string value, string named)
    {
        var settings = Settings("GoModules", "http://127.0.0.1:1", Root());
        settings["GoModules:" + key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddGoModules(config.GetSection("GoModules"));
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.Message, Does.Contain(named));
    }

    [Test]
    public async Task AnInvalidNamedSetupFailsWhenTheHostStartsAndNamesIt()
    {
        var services = new ServiceCollection();
        services.AddGoModules().Configure(o => o.UseEnvironment = false);
        services.AddGoModules("mirror", o => o.MaxConnectionsPerServer = 0).Configure(o => o.UseEnvironment = false);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.OptionsName, Is.EqualTo("mirror"));
        Assert.That(ex.Message, Does.Contain("MaxConnectionsPerServer"));
    }

    /// <summary>A consumer that takes two setups' fetchers by key, as an embedder's service would.</summary>
    private sealed class TwoProxies
    {
        public TwoProxies([FromKeyedServices("public")] IModuleFetcher publicProxy, [FromKeyedServices("corp")] IModuleFetcher corpProxy)
        {
            Public = publicProxy;
            Corp = corpProxy;
        }

        public IModuleFetcher Public { get; }

        public IModuleFetcher Corp { get; }
    }

    [Test]
    public async Task TwoNamedSetupsReachTheirOwnProxiesWithTheirOwnOptions(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var one = host.Server("one", _ => ServerBehavior.Text(200, Info("2021-01-01T00:00:00Z"), "application/json"), address: IPAddress.Parse("127.0.0.1"));
        var two = host.Server("two", _ => ServerBehavior.Text(200, Info("2022-02-02T00:00:00Z"), "application/json"), address: IPAddress.Parse("127.0.0.2"));
        var root = Root();
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(Settings("GoModules:Public", one.BaseUrl, root))
            .AddInMemoryCollection(Settings("GoModules:Corp", two.BaseUrl, root))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GoModules:Corp:UserAgent"] = "corp-scanner/1" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddGoModules("public").BindConfiguration("GoModules:Public");
        services.AddGoModules("corp").BindConfiguration("GoModules:Corp");
        services.AddSingleton<TwoProxies>();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var proxies = provider.GetRequiredService<TwoProxies>();
        var a = await proxies.Public.GetInfoAsync(V100, ct);
        var b = await proxies.Corp.GetInfoAsync(V100, ct);
        Assert.That(a.Time, Is.EqualTo(DateTimeOffset.Parse("2021-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(b.Time, Is.EqualTo(DateTimeOffset.Parse("2022-02-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

        var requests = host.Log.Snapshot();
        Assert.That(requests.Where(r => r.Server == "one").Select(r => r.Headers.GetValueOrDefault("User-Agent")), Is.All.EqualTo(GoModulesHttpOptions.DefaultUserAgent));
        Assert.That(requests.Where(r => r.Server == "two").Select(r => r.Headers.GetValueOrDefault("User-Agent")), Is.All.EqualTo("corp-scanner/1"));
        Assert.That(requests.Count(r => r.Server == "one"), Is.EqualTo(1));
        Assert.That(requests.Count(r => r.Server == "two"), Is.EqualTo(1));
        Assert.That(provider.GetService<IModuleFetcher>(), Is.Null, "named setups register no default fetcher");
        Assert.That(provider.GetRequiredKeyedService<IModuleFetcher>("corp"), Is.SameAs(proxies.Corp));
    }

    [Test]
    public void ASecondSetupOfTheSameNameIsRefused()
    {
        var services = new ServiceCollection();
        services.AddGoModules("mirror");
        Assert.Throws<ArgumentException>(() => services.AddGoModules("mirror"));
        Assert.Throws<ArgumentException>(() => services.AddGoModules(string.Empty));
    }
}
