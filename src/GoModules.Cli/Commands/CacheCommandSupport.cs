using System;
using System.Collections.Generic;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Cli.Commands;

/// <summary>Shared plumbing of the commands that work on the module cache.</summary>
internal static class CacheCommandSupport
{
    /// <summary>The effective Go settings (process environment, go env file, <c>--proxy</c>).</summary>
    public static GoEnvironment Environment(ServiceProvider services)
        => services.GetRequiredService<GoModulesServiceCollectionExtensions.GoEnvironmentHolder>().Environment;

    /// <summary>The fetcher; with <paramref name="trace"/>, one that prints its requests (<c>-x</c>).</summary>
    public static IModuleFetcher Fetcher(ServiceProvider services, System.IO.TextWriter? trace)
    {
        if (trace is null)
        {
            return services.GetRequiredService<IModuleFetcher>();
        }

        var o = services.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value;
        var limits = new ModuleFetchLimits { MaxZipBytes = o.MaxZipBytes, MaxGoModBytes = o.MaxGoModBytes };
        var transports = new TracingTransportFactory(services.GetRequiredService<HttpModuleProxyTransportFactory>(), trace);
        return ProxyChainFetcher.FromEnvironment(Environment(services), transports, null, limits);
    }

    /// <summary>The cache settings from GOMODCACHE and GOFLAGS, with <c>-modcacherw</c> from the command line.</summary>
    public static ModuleCacheOptions Options(GoEnvironment env, bool modCacheRw)
    {
        if (env.GoModCache.Length == 0)
        {
            throw new GoModuleException("go: module cache not found: neither GOMODCACHE nor GOPATH is set");
        }

        if (!System.IO.Path.IsPathFullyQualified(env.GoModCache))
        {
            throw new GoModuleException($"go: GOMODCACHE entry is relative; must be absolute path: \"{env.GoModCache}\".");
        }

        var options = ModuleCacheOptions.FromEnvironment(env);
        options.WritableDirectories |= modCacheRw;
        return options;
    }

    public static IReadOnlyList<string> FlagNames(params string[] names) => names;

    public static bool IsTerminal(bool stderrRedirected) => !stderrRedirected && !string.Equals(System.Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
}
