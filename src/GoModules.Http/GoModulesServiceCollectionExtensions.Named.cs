using System;
using System.Net.Http;
using System.Threading;
using GoModules.Fetching;
using GoModules.Http.Internal;
using GoModules.SumDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoModules.Http;

/// <content>Named setups and options bound from configuration.</content>
public static partial class GoModulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default GoModules setup as <see cref="AddGoModules(IServiceCollection)"/> does,
    /// with its <see cref="GoModulesOptions"/> (the Go settings) and <see cref="GoModulesHttpOptions"/> (the transport) both
    /// bound from <paramref name="configuration"/> (property names as keys, for example <c>GoProxy</c>, <c>GoSumDb</c>,
    /// <c>MaxRetries</c>, <c>RequestTimeout</c>) and validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind, for example <c>configuration.GetSection("GoModules")</c>.</param>
    /// <returns>A builder to configure GoModules further.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder AddGoModules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddGoModules();
        services.AddOptions<GoModulesHttpOptions>().Bind(configuration);
        services.AddOptions<GoModulesOptions>().Bind(configuration);
        services.AddOptions<GoModulesDirectModeOptions>().Bind(configuration.GetSection(DirectModeSection));
        return builder;
    }

    /// <summary>
    /// Binds this setup's <see cref="GoModulesOptions"/> and <see cref="GoModulesHttpOptions"/> to the configuration section at <paramref name="sectionPath"/>
    /// (for example <c>GoModules</c> or <c>GoModules:Internal</c>) of the host's <see cref="IConfiguration"/>, and its
    /// <see cref="GoModulesDirectModeOptions"/> to the <c>DirectMode</c> subsection. The bound values are validated
    /// when the host starts; configure delegates registered later still override them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="sectionPath">The configuration path of the section, with <c>:</c> between levels.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="sectionPath"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder BindConfiguration(this IGoModulesBuilder builder, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sectionPath);
        builder.Services.AddOptions<GoModulesHttpOptions>(builder.Name).BindConfiguration(sectionPath);
        builder.Services.AddOptions<GoModulesOptions>(builder.Name).BindConfiguration(sectionPath);
        builder.Services.AddOptions<GoModulesDirectModeOptions>(builder.Name).BindConfiguration(ConfigurationPath.Combine(sectionPath, DirectModeSection));
        return builder;
    }

    /// <summary>
    /// Registers a named GoModules setup beside the default one, so that one host can serve several GOPROXY setups
    /// (for example a public proxy and a company mirror with its own credentials and limits). The setup has its own
    /// options (the named <see cref="GoModulesHttpOptions"/> <paramref name="name"/>, validated at start), HTTP client,
    /// Go settings and checksum verifier; its services are registered as keyed services under <paramref name="name"/>:
    /// inject <c>[FromKeyedServices("name")] IModuleFetcher</c>, or call <c>GetRequiredKeyedService&lt;IModuleFetcher&gt;(name)</c>.
    /// </summary>
    /// <remarks>
    /// <see cref="UseGoEnvironment"/>, <see cref="UseDirectMode(IGoModulesBuilder, Action{GoModulesDirectModeOptions}?)"/>,
    /// <see cref="UseChecksumDatabase"/> and <see cref="BindConfiguration"/> on the returned builder apply to this setup only.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The setup's name: its options name and service key; not empty.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/>.</param>
    /// <returns>A builder to configure this setup further.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a setup of that name is registered already.</exception>
    public static IGoModulesBuilder AddGoModules(this IServiceCollection services, string name, Action<GoModulesHttpOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var d in services)
        {
            if (d.IsKeyedService && d.ServiceType == typeof(IModuleFetcher) && Equals(d.ServiceKey, name))
            {
                throw new ArgumentException("a GoModules setup named '" + name + "' is registered already", nameof(name));
            }
        }

        var options = services.AddOptions<GoModulesHttpOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<GoModulesOptions>(name).ValidateOnStart();

        AddValidators(services);
        GoModulesHttpOptions Named(IServiceProvider sp) => sp.GetRequiredService<IOptionsMonitor<GoModulesHttpOptions>>().Get(name);
        var http = services.AddHttpClient(ClientNamePrefix + name)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(Named(sp)))
            .ConfigureHttpClient((sp, client) =>
            {
                var o = Named(sp);
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestVersion = o.HttpVersion;
                client.DefaultVersionPolicy = o.HttpVersionPolicy;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IHttpMessageHandlerBuilderFilter>(sp =>
            new ConnectionPersistenceFilter(http.Name, sp, sp.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>()));
        services.AddKeyedSingleton(name, (sp, _) => ResolveEnvironment(sp, name));
        services.AddKeyedSingleton(name, (sp, _) =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new HttpModuleProxyTransportFactory(
                () => factory.CreateClient(http.Name),
                Named(sp),
                sp.GetRequiredKeyedService<GoEnvironmentHolder>(name).Environment,
                sp.GetService<ILogger<HttpModuleProxyTransportFactory>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddKeyedSingleton(name, (sp, _) => CreateVerifier(sp, name, null));
        services.AddKeyedSingleton<IGoModVerifier>(name, (sp, _) => sp.GetRequiredKeyedService<ModuleChecksumVerifier>(name));
        services.AddKeyedSingleton<IModuleFetcher>(name, (sp, _) => CreateFetcher(sp, name));
        AddCacheAndGraph(services, name);
        return new GoModulesBuilder(services, http, name);
    }

    /// <summary>Registers a named GoModules setup with default options; see <see cref="AddGoModules(IServiceCollection, string, Action{GoModulesHttpOptions}?)"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The setup's name: its options name and service key; not empty.</param>
    /// <returns>A builder to configure this setup further (for example <see cref="BindConfiguration"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a setup of that name is registered already.</exception>
    public static IGoModulesBuilder AddGoModules(this IServiceCollection services, string name) => AddGoModules(services, name, null);

    private const string ClientNamePrefix = "GoModules.Proxy.";

    private const string DirectModeSection = "DirectMode";

    private static void AddValidators(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GoModulesHttpOptions>, Internal.Validators.GoModulesHttpOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GoModulesHttpOptions>, Internal.Validators.GoModulesHttpOptionsCrossFieldValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GoModulesOptions>, Internal.Validators.GoModulesOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
    }
}
