using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Http;
using GoModules.SumDb;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Cli.Commands;

/// <summary>Shared plumbing of the commands that work on the module cache.</summary>
internal static class CacheCommandSupport
{
    /// <summary>The Go settings of this process (environment and go env file), with <c>-proxy</c> replacing GOPROXY.</summary>
    public static GoEnvironment Environment(string? proxy)
    {
        if (proxy is null)
        {
            return GoEnvironment.FromProcess();
        }

        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        variables["GOPROXY"] = proxy;
        return GoEnvironment.Load(variables);
    }

    /// <summary>
    /// The fetcher for GOPROXY: <c>file://</c> entries are read directly; the HTTP stack (dependency injection,
    /// <c>IHttpClientFactory</c>, options validation) is built only when an <c>http(s)://</c> entry is first used.
    /// </summary>
    public static IModuleFetcher Fetcher(GoEnvironment env, IModuleProxyTransportFactory transports)
        => ProxyChainFetcher.FromEnvironment(env, transports);

    /// <summary>Transports for GOPROXY and GOSUMDB URLs (see <see cref="Fetcher"/>); with <paramref name="trace"/>, HTTP requests are printed (<c>-x</c>).</summary>
    public static IModuleProxyTransportFactory Transports(string? proxy, TextWriter? trace, List<IDisposable> owned)
    {
        IModuleProxyTransportFactory transports = new LazyTransportFactory(proxy, owned);
        return trace is null ? transports : new TracingTransportFactory(transports, trace);
    }

    /// <summary>The go.sum and checksum-database check of the go command for this environment.</summary>
    public static ModuleChecksumVerifier Verifier(GoEnvironment env, IModuleProxyTransportFactory transports, GoModules.Hashing.GoSumFile? goSum)
        => ModuleChecksumVerifier.FromEnvironment(env, transports, null, goSum);

    /// <summary>The cache settings from GOMODCACHE and GOFLAGS, with <c>-modcacherw</c> from the command line.</summary>
    public static ModuleCacheOptions Options(GoEnvironment env, bool modCacheRw)
    {
        if (env.GoModCache.Length == 0)
        {
            throw new GoModuleException("go: module cache not found: neither GOMODCACHE nor GOPATH is set");
        }

        if (!Path.IsPathFullyQualified(env.GoModCache))
        {
            throw new GoModuleException($"go: GOMODCACHE entry is relative; must be absolute path: \"{env.GoModCache}\".");
        }

        var options = ModuleCacheOptions.FromEnvironment(env);
        options.WritableDirectories |= modCacheRw;
        if (System.Environment.GetEnvironmentVariable("GOMODULES_TRACE_CACHE") == "1")
        {
            // Diagnostic: report each step of the cache's download protocol on standard error (the crash-safety tests
            // stop gomod between two steps).
            options.StepCompleted = static (step, module) => Console.Error.WriteLine("gomod-trace: " + StepName(step) + " " + module);
        }

        return options;
    }

    /// <summary>The name of a download step in <c>GOMODULES_TRACE_CACHE</c> output.</summary>
    public static string StepName(ModuleCacheStep step) => step switch
    {
        ModuleCacheStep.LockAcquired => "lock-acquired",
        ModuleCacheStep.InfoWritten => "info-written",
        ModuleCacheStep.GoModWritten => "mod-written",
        ModuleCacheStep.ListWritten => "list-written",
        ModuleCacheStep.ZipTempCreated => "zip-temp-created",
        ModuleCacheStep.ZipStreamed => "zip-streamed",
        ModuleCacheStep.ZipHashWritten => "ziphash-written",
        ModuleCacheStep.ZipRenamed => "zip-renamed",
        ModuleCacheStep.OldDirectoryRemoved => "old-dir-removed",
        ModuleCacheStep.DirectoryPlaced => "dir-placed",
        _ => step.ToString(),
    };

    /// <summary>The library's default HTTP stack, with an optional GOPROXY override.</summary>
    private static ServiceProvider CreateServices(string? proxy)
    {
        var services = new ServiceCollection();
        services.AddGoModules(HttpTimeoutSettings.Apply).Configure(o => o.GoProxy = proxy);
        return services.BuildServiceProvider();
    }

    public static bool IsTerminal(bool stderrRedirected)
        => !stderrRedirected && !string.Equals(System.Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    private sealed class LazyTransportFactory(string? proxy, List<IDisposable> owned) : IModuleProxyTransportFactory
    {
        private readonly Lazy<HttpModuleProxyTransportFactory> _http = new(() =>
        {
            var services = CreateServices(proxy);
            lock (owned)
            {
                owned.Add(services);
            }

            return services.GetRequiredService<HttpModuleProxyTransportFactory>();
        });

        public IModuleProxyTransport Create(string proxyUrl)
            => proxyUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                ? new FileModuleProxyTransport(proxyUrl)
                : _http.Value.Create(proxyUrl);
    }
}
