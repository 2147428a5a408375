using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Samples.Host;

/// <summary>
/// GoModules in a Generic Host, as a build tool or scanner embeds it: the Go settings (GoModulesOptions) and the HTTP
/// settings (GoModulesHttpOptions) bound from one appsettings.json section (any key can
/// be overridden on the command line, e.g. <c>--GoModules:GoProxy=file:///srv/goproxy</c>), validated at start, the
/// resilience preset, and a <see cref="MeterListener"/> that prints the <c>GoModules</c> meter's counters. Downloads
/// <c>Sample:Module</c> into a module cache and prints its h1 hash as go.sum would.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(args);
        builder.Services.AddGoModules().BindConfiguration("GoModules").AddGoModulesResilience();
        builder.Services.Configure<GoModulesResilienceOptions>(builder.Configuration.GetSection("GoModulesResilience"));

        // The module cache AddGoModules registers starts at GOMODCACHE (GoModules:GoModCache, else from GOPATH); the sample
        // lets Sample:ModCache replace it and falls back to a temporary directory when neither is set.
        builder.Services.Configure<ModuleCacheOptions>(o =>
        {
            if (builder.Configuration["Sample:ModCache"] is { Length: > 0 } r)
            {
                o.Root = r;
            }
            else if (o.Root.Length == 0)
            {
                o.Root = Directory.CreateTempSubdirectory("gomodules-host-").FullName;
            }
        });
        using var host = builder.Build();

        var totals = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GoModulesDiagnostics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, t) => t + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name + " (sum)", value, (_, t) => t + value));
        listener.Start();

        await host.StartAsync().ConfigureAwait(false); // validates the options: a bad setting stops here
        var config = host.Services.GetRequiredService<IConfiguration>();
        var module = ModuleArgument(config["Sample:Module"] ?? "example.com/greetings@v1.2.0");
        var cache = host.Services.GetRequiredService<ModuleCache>();
        Console.Out.WriteLine("GOMODCACHE " + cache.Paths.Root + " (GOPROXY " + host.Services.GetRequiredService<GoEnvironment>().GoProxy + ")");

        var result = await cache.TryDownloadAsync(module).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
            return 1;
        }

        Console.Out.WriteLine($"{result.Path} {result.Version} {result.Sum}");
        Console.Out.WriteLine($"{result.Path} {result.Version}/go.mod {result.GoModSum}");
        listener.RecordObservableInstruments();
        foreach (var (name, total) in totals.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Console.Out.WriteLine(FormattableString.Invariant($"metric {name} {total}"));
        }

        await host.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static ModuleVersion ModuleArgument(string text)
    {
        var at = text.LastIndexOf('@');
        return at <= 0 ? throw new FormatException("Sample:Module must be path@version: " + text) : new ModuleVersion(ModulePath.Parse(text[..at]), text[(at + 1)..]);
    }
}
