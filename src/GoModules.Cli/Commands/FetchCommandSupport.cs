using GoModules.Fetching;
using GoModules.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Cli.Commands;

/// <summary>Shared plumbing of the commands that talk to module proxies.</summary>
internal static class FetchCommandSupport
{
    public const string ProxyOption = "-proxy";
    public const string JsonFlag = "-json";

    public const string EnvironmentHelp =
        "The module is fetched as the go command would fetch it: GOPROXY (walked with Go's fallback\n" +
        "rules), GONOPROXY/GOPRIVATE, NETRC and GOAUTH are read from the environment and the go env\n" +
        "file. -proxy <list> replaces GOPROXY. Direct mode ('direct', GOPRIVATE) uses git on PATH with\n" +
        "go-get discovery, GOINSECURE and GOVCS, mirroring repositories under GOMODCACHE/cache/vcs.";

    /// <summary>Builds the fetcher the way an application would, through dependency injection.</summary>
    public static ServiceProvider CreateServices(string? proxy)
    {
        var services = new ServiceCollection();
        services.AddGoModules(HttpTimeoutSettings.Apply).Configure(o => o.GoProxy = proxy).UseDirectMode();
        return services.BuildServiceProvider();
    }

    /// <summary>Resolves the fetcher; invalid settings (such as a bad -proxy) are usage errors.</summary>
    public static IModuleFetcher Fetcher(ServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IModuleFetcher>();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            throw new UsageException(string.Join("; ", ex.Failures));
        }
        catch (System.ArgumentException ex)
        {
            // An invalid GOAUTH from the environment: fatal, as in the go command.
            throw new UsageException(ex.Message);
        }
    }

    public static ModulePath ParsePath(string text)
    {
        if (!ModulePath.TryParse(text, out var path))
        {
            throw new UsageException($"malformed module path \"{text}\"");
        }

        return path;
    }

    public static (ModulePath Path, string Version) ParsePathVersion(string text)
    {
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            throw new UsageException($"expected path@version, not \"{text}\"");
        }

        return (ParsePath(text[..at]), text[(at + 1)..]);
    }

    /// <summary>A version's metadata as gomod lists it: tab-indented as the go command's -json listings, Path first when given.</summary>
    public static string InfoJson(ModuleInfo info, string? path) => info.ToJson(ModuleInfoJsonForm.Listing, path);
}
