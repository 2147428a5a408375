using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using GoModules.Direct;
using GoModules.Fetching;
using GoModules.Http.Internal;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoModules.Http;

/// <summary>Registers GoModules with dependency injection.</summary>
public static partial class GoModulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IModuleFetcher"/> as a <see cref="ProxyChainFetcher"/> that walks GOPROXY as
    /// the go command does, over an HTTP client from <c>IHttpClientFactory</c> whose connection pool,
    /// HTTP version and timeouts come from <see cref="GoModulesHttpOptions"/>. The options are validated
    /// when the host starts.
    /// </summary>
    /// <remarks>
    /// As in the go command, the checksum database is consulted by default: a <see cref="ModuleChecksumVerifier"/> (also
    /// registered as <see cref="IGoModVerifier"/>) checks every go.mod the fetcher downloads with the database GOSUMDB
    /// names (<c>sum.golang.org</c> when unset), unless GOSUMDB is <c>off</c> or GONOSUMDB/GOPRIVATE match the module; set
    /// it as <see cref="Caching.ModuleCacheOptions.ChecksumVerifier"/> to check module zips the same way. See
    /// <see cref="UseChecksumDatabase"/> to configure the database client.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to configure GoModules further (for example its HTTP client's handlers).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder AddGoModules(this IServiceCollection services) => AddGoModules(services, (Action<GoModulesHttpOptions>?)null);

    /// <summary>Registers the default GoModules setup as <see cref="AddGoModules(IServiceCollection)"/> does, and configures its options.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/>.</param>
    /// <returns>A builder to configure GoModules further (for example its HTTP client's handlers).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder AddGoModules(this IServiceCollection services, Action<GoModulesHttpOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GoModulesHttpOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<GoModulesOptions>().ValidateOnStart();
        AddValidators(services);

        var http = services.AddHttpClient<GoModuleProxyHttpClient>()
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value))
            .ConfigureHttpClient((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan; // finite per-phase timeouts are applied per request
                client.DefaultRequestVersion = o.HttpVersion;
                client.DefaultVersionPolicy = o.HttpVersionPolicy;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan); // the pool's own lifetime settings apply

        // Innermost, after the user's handlers; see ConnectionPersistenceHandler.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Http.IHttpMessageHandlerBuilderFilter, ConnectionPersistenceFilter>(sp =>
            new ConnectionPersistenceFilter(http.Name, sp, sp.GetRequiredService<IOptionsMonitor<Microsoft.Extensions.Http.HttpClientFactoryOptions>>())));
        services.TryAddSingleton(sp => ResolveEnvironment(sp, Options.DefaultName));
        services.TryAddSingleton(sp => sp.GetRequiredService<GoEnvironmentHolder>().Environment);
        services.TryAddSingleton(sp => new HttpModuleProxyTransportFactory(
            () => sp.GetRequiredService<GoModuleProxyHttpClient>().Client,
            sp.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value,
            sp.GetRequiredService<GoEnvironmentHolder>().Environment,
            sp.GetService<ILogger<HttpModuleProxyTransportFactory>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => CreateVerifier(sp, Options.DefaultName, null));
        services.TryAddSingleton<IGoModVerifier>(sp => sp.GetRequiredService<ModuleChecksumVerifier>());
        services.TryAddSingleton<IModuleFetcher>(sp => CreateFetcher(sp, Options.DefaultName));
        AddCacheAndGraph(services, Options.DefaultName);
        return new GoModulesBuilder(services, http, Options.DefaultName);
    }

    /// <summary>
    /// Uses exactly these Go settings instead of the process environment; the properties of
    /// <see cref="GoModulesOptions"/> that are set still override them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="environment">The Go settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="environment"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder UseGoEnvironment(this IGoModulesBuilder builder, GoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(environment);
        Replace(builder, new ExplicitEnvironment(environment));
        return builder;
    }

    /// <summary>
    /// Supplies direct mode: the fetcher used for the GOPROXY entry <c>direct</c> and for modules that
    /// match GONOPROXY/GOPRIVATE. Without it, reaching direct mode fails with "direct mode is not configured".
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="factory">Creates the direct-mode fetcher.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder UseDirectFetcher(this IGoModulesBuilder builder, Func<IServiceProvider, IModuleFetcher> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        Replace(builder, new DirectFetcherHolder(factory));
        return builder;
    }

    /// <summary>
    /// Supplies git-based direct mode (<see cref="DirectModuleFetcher"/>): repositories are found through the
    /// known hosting patterns and go-get meta tags (fetched with a redirect-following HTTP client), with
    /// GOINSECURE, GOPRIVATE and GOVCS applied, and mirrored under <c>GOMODCACHE/cache/vcs</c>.
    /// </summary>
    /// <remarks>
    /// The settings are the options <see cref="GoModulesDirectModeOptions"/> of this setup's name, so they can also be
    /// bound from configuration (<see cref="BindConfiguration"/> binds the <c>DirectMode</c> subsection).
    /// </remarks>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Adjusts the direct-mode options (work directory, git executable, timeouts, GOVCS), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder UseDirectMode(this IGoModulesBuilder builder, Action<GoModulesDirectModeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        var options = builder.Services.AddOptions<GoModulesDirectModeOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return UseDirectMode(builder, sp => sp.GetRequiredService<IOptionsMonitor<GoModulesDirectModeOptions>>().Get(name));
    }

    private static IGoModulesBuilder UseDirectMode(IGoModulesBuilder builder, Func<IServiceProvider, GoModulesDirectModeOptions> settings)
    {
        var name = builder.Name;
        builder.Services.AddHttpClient(GoGetClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 10, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(30) })
            .ConfigureHttpClient((sp, c) =>
            {
                c.Timeout = TimeSpan.FromMinutes(1);
                if (sp.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value.UserAgent is { Length: > 0 } ua)
                {
                    c.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", ua);
                }
            });
        return builder.UseDirectFetcher(sp =>
        {
            var env = Get<GoEnvironmentHolder>(sp, name)!.Environment;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var pages = new HttpGoGetPageSource(() => factory.CreateClient(GoGetClientName));
            var s = settings(sp);
            var resolver = RepositoryRootResolver.FromEnvironment(env, pages, s.GoVcs ?? Environment.GetEnvironmentVariable("GOVCS"));
            var options = new DirectModuleFetcherOptions
            {
                WorkDirectory = s.WorkDirectory ?? System.IO.Path.Combine(env.GoModCache, "cache", "vcs"),
                GitExecutable = s.GitExecutable,
                CommandTimeout = s.CommandTimeout,
                RefreshInterval = s.RefreshInterval,
                ModProxyTransports = Get<HttpModuleProxyTransportFactory>(sp, name),
            };
            return new DirectModuleFetcher(resolver, options);
        });
    }

    private const string GoGetClientName = "GoModules.GoGet";

    /// <summary>
    /// Configures the checksum database client of the <see cref="ModuleChecksumVerifier"/> that <see cref="AddGoModules(IServiceCollection)"/>
    /// registers by default, which verifies every go.mod the registered <see cref="IModuleFetcher"/> downloads, as the go
    /// command does (and module zips, set as <see cref="Caching.ModuleCacheOptions.ChecksumVerifier"/>): go.sum is not
    /// consulted here, so unless GOSUMDB is <c>off</c> or GONOSUMDB/GOPRIVATE match the module, the checksum database named
    /// by GOSUMDB must vouch for it. The database is found through GOPROXY as the go command finds it, its latest signed
    /// tree head is kept in <c>$GOPATH/pkg/sumdb</c> and its cache under GOMODCACHE.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the checksum database client, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IGoModulesBuilder UseChecksumDatabase(this IGoModulesBuilder builder, Action<ChecksumDatabaseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Name;
        if (name.Length == 0)
        {
            builder.Services.RemoveAll<ModuleChecksumVerifier>();
            builder.Services.RemoveAll<IGoModVerifier>();
            builder.Services.AddSingleton(sp => CreateVerifier(sp, name, configure));
            builder.Services.AddSingleton<IGoModVerifier>(sp => sp.GetRequiredService<ModuleChecksumVerifier>());
        }
        else
        {
            builder.Services.RemoveAllKeyed<ModuleChecksumVerifier>(name);
            builder.Services.RemoveAllKeyed<IGoModVerifier>(name);
            builder.Services.AddKeyedSingleton(name, (sp, _) => CreateVerifier(sp, name, configure));
            builder.Services.AddKeyedSingleton<IGoModVerifier>(name, (sp, _) => sp.GetRequiredKeyedService<ModuleChecksumVerifier>(name));
        }
        return builder;
    }

    private static ModuleChecksumVerifier CreateVerifier(IServiceProvider sp, string name, Action<ChecksumDatabaseOptions>? configure)
    {
        var options = new ChecksumDatabaseOptions { TimeProvider = sp.GetRequiredService<TimeProvider>(), LoggerFactory = sp.GetService<ILoggerFactory>() };
        configure?.Invoke(options);
        return ModuleChecksumVerifier.FromEnvironment(
            Get<GoEnvironmentHolder>(sp, name)!.Environment,
            Get<HttpModuleProxyTransportFactory>(sp, name)!,
            options);
    }

    private static ProxyChainFetcher CreateFetcher(IServiceProvider sp, string name)
    {
        var o = sp.GetRequiredService<IOptionsMonitor<GoModulesHttpOptions>>().Get(name);
        var limits = new ModuleFetchLimits { MaxZipBytes = o.MaxZipBytes, MaxGoModBytes = o.MaxGoModBytes };
        var direct = Get<DirectFetcherHolder>(sp, name)?.Create(sp);
        var environment = Get<GoEnvironmentHolder>(sp, name)!.Environment;
        var transports = Get<HttpModuleProxyTransportFactory>(sp, name)!;
        var settings = sp.GetRequiredService<IOptionsMonitor<GoModulesOptions>>();
        var time = sp.GetRequiredService<TimeProvider>();
        var fetcher = Get<IGoModVerifier>(sp, name) is { } verifier && ProxyChain.TryFromEnvironment(environment, out var chain, out _)
            ? new ProxyChainFetcher(chain, environment.NoProxyPatterns, transports, direct, limits) { GoModVerifier = verifier, TimeProvider = time, LoggerFactory = sp.GetService<ILoggerFactory>() }
            : ProxyChainFetcher.FromEnvironment(environment, transports, direct, limits);
        fetcher.MetadataCachePolicy = settings.Get(name).GetMetadataCachePolicy();

        // The metadata cache policy follows configuration reloads (the other Go settings are read once).
        var subscription = settings.OnChange((o, changed) =>
        {
            if ((changed ?? Options.DefaultName) == name && TryGetPolicy(o) is { } policy)
            {
                fetcher.MetadataCachePolicy = policy;
            }
        });
        sp.GetRequiredService<OptionsChangeSubscriptions>().Add(subscription);
        return fetcher;
    }

    private static MetadataCachePolicy? TryGetPolicy(GoModulesOptions o)
    {
        try
        {
            return o.GetMetadataCachePolicy();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // an invalid reloaded value keeps the last valid policy
        }
    }

    /// <summary>The service of the default setup (unkeyed) or of a named one (keyed by its name).</summary>
    private static T? Get<T>(IServiceProvider sp, string name)
        where T : class
        => name.Length == 0 ? sp.GetService<T>() : sp.GetKeyedService<T>(name);

    /// <summary>Replaces the builder's setup's single registration of <typeparamref name="T"/>.</summary>
    private static void Replace<T>(IGoModulesBuilder builder, T instance)
        where T : class
    {
        if (builder.Name.Length == 0)
        {
            builder.Services.RemoveAll<T>();
            builder.Services.AddSingleton(instance);
        }
        else
        {
            builder.Services.RemoveAllKeyed<T>(builder.Name);
            builder.Services.AddKeyedSingleton(builder.Name, instance);
        }
    }

    internal static SocketsHttpHandler CreateHandler(GoModulesHttpOptions o) => new()
    {
        AllowAutoRedirect = false, // redirects are followed by the transport with Go's rules
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.GZip,
        MaxConnectionsPerServer = o.MaxConnectionsPerServer,
        PooledConnectionIdleTimeout = o.PooledConnectionIdleTimeout,
        PooledConnectionLifetime = o.PooledConnectionLifetime,
        ConnectTimeout = o.ConnectTimeout,
        EnableMultipleHttp2Connections = true,
    };

    private static GoEnvironmentHolder ResolveEnvironment(IServiceProvider sp, string name)
    {
        var o = sp.GetRequiredService<IOptionsMonitor<GoModulesOptions>>().Get(name);
        return Get<ExplicitEnvironment>(sp, name) is { } explicitEnv
            ? new GoEnvironmentHolder(o.CreateEnvironment(explicitEnv.Environment))
            : new GoEnvironmentHolder(o.CreateEnvironment());
    }

    internal sealed record ExplicitEnvironment(GoEnvironment Environment);

    internal sealed record GoEnvironmentHolder(GoEnvironment Environment);

    internal sealed class DirectFetcherHolder
    {
        private readonly Func<IServiceProvider, IModuleFetcher> _factory;

        public DirectFetcherHolder(Func<IServiceProvider, IModuleFetcher> factory) => _factory = factory;

        public IModuleFetcher Create(IServiceProvider sp) => _factory(sp);
    }
}
