using System;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Http.Internal;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GoModules.Http;

/// <content>The Go settings, the module cache and the module graph of a setup.</content>
public static partial class GoModulesServiceCollectionExtensions
{
    /// <summary>
    /// Configures this setup's Go settings (<see cref="GoModulesOptions"/>: GOPROXY, GOSUMDB, GOPATH, GOMODCACHE, GOPRIVATE,
    /// GOFLAGS, GOTOOLCHAIN, the metadata cache policy, ...), the options named after the setup. They are validated when the
    /// host starts.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder Configure(this IGoModulesBuilder builder, Action<GoModulesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<GoModulesOptions>(builder.Name).Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers the setup's resolved <see cref="GoEnvironment"/>, its <see cref="ModuleCacheOptions"/> (named after the
    /// setup: GOMODCACHE, <c>-modcacherw</c> from GOFLAGS and the checksum verifier, before any configure delegate of the
    /// embedder), its <see cref="ModuleCache"/> and its <see cref="ModuleGraphLoader"/>.
    /// </summary>
    private static void AddCacheAndGraph(IServiceCollection services, string name)
    {
        services.TryAddSingleton<OptionsChangeSubscriptions>();
        services.AddOptions<ModuleCacheOptions>(name).Configure<IServiceProvider>((o, sp) =>
        {
            var env = Get<GoEnvironmentHolder>(sp, name)!.Environment;
            var defaults = ModuleCacheOptions.FromEnvironment(env);
            o.Root = defaults.Root;
            o.WritableDirectories = defaults.WritableDirectories;
            o.ChecksumVerifier = Get<ModuleChecksumVerifier>(sp, name);
            o.LoggerFactory = sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>();
        });
        if (name.Length == 0)
        {
            services.TryAddSingleton(sp => new ModuleCache(sp.GetRequiredService<IModuleFetcher>(), sp.GetRequiredService<IOptionsMonitor<ModuleCacheOptions>>().Get(name)));
            services.TryAddSingleton(sp => new ModuleGraphLoader(sp.GetRequiredService<ModuleCache>()));
        }
        else
        {
            services.AddKeyedSingleton(name, (sp, _) => sp.GetRequiredKeyedService<GoEnvironmentHolder>(name).Environment);
            services.AddKeyedSingleton(name, (sp, _) => new ModuleCache(sp.GetRequiredKeyedService<IModuleFetcher>(name), sp.GetRequiredService<IOptionsMonitor<ModuleCacheOptions>>().Get(name)));
            services.AddKeyedSingleton(name, (sp, _) => new ModuleGraphLoader(sp.GetRequiredKeyedService<ModuleCache>(name)));
        }
    }
}
