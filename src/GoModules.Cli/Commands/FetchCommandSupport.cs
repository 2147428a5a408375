using System.Text.Json;
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

    /// <summary>The JSON of a .info file as the go command writes it.</summary>
    public static string InfoJson(ModuleInfo info, string? path)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            if (path is not null)
            {
                w.WriteString("Path", path);
            }

            w.WriteString("Version", info.Version);
            w.WriteString("Time", GoModules.Kernel.GoJson.FormatTime(info.Time.ToUniversalTime()));
            if (info.Origin is { } o)
            {
                w.WriteStartObject("Origin");
                Optional(w, "VCS", o.Vcs);
                Optional(w, "URL", o.Url);
                Optional(w, "Subdir", o.Subdir);
                Optional(w, "Hash", o.Hash);
                Optional(w, "TagPrefix", o.TagPrefix);
                Optional(w, "TagSum", o.TagSum);
                Optional(w, "Ref", o.Ref);
                Optional(w, "RepoSum", o.RepoSum);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
