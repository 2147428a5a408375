using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Samples.OfflineDownload;

/// <summary>
/// The GoModules quick start, entirely offline: builds a GOPROXY directory (served as a file:// URL) from the
/// module sources in samples/modules with GoModules' own zip writer, downloads every module from it into a fresh,
/// temporary GOMODCACHE exactly as 'go mod download -json' would, and prints the JSON records.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var sources = args.Length > 0 ? args[0] : FindSources();
        var work = Directory.CreateTempSubdirectory("gomodules-sample-").FullName;
        var proxyDir = Path.Combine(work, "proxy");
        var modules = await BuildProxyAsync(sources, proxyDir).ConfigureAwait(false);

        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(new Uri(proxyDir).AbsoluteUri), transports: FileModuleProxyTransport.Factory);
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(work, "modcache") });
        var results = await cache.TryDownloadAllAsync(modules).ConfigureAwait(false);

        var failed = false;
        foreach (var result in results)
        {
            Console.Out.WriteLine(result.ToJson());
            failed |= !result.Succeeded;
            if (result.Succeeded)
            {
                var problems = await cache.VerifyAsync(new ModuleVersion(ModulePath.Parse(result.Path), result.Version)).ConfigureAwait(false);
                failed |= problems.Count > 0;
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
                }
            }
        }

        await Console.Error.WriteLineAsync($"GOPROXY=file://{proxyDir}  GOMODCACHE={cache.Paths.Root}").ConfigureAwait(false);
        return failed ? 1 : 0;
    }

    /// <summary>Finds samples/modules next to (or above) the program.</summary>
    private static string FindSources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "modules");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/modules not found; pass the sources directory as the first argument.");
    }

    /// <summary>
    /// Every directory named path@version under <paramref name="sources"/> becomes one module version in the proxy:
    /// @v/list, VERSION.info, VERSION.mod and VERSION.zip under the escaped module path, written by ProxyDirectoryWriter.
    /// </summary>
    private static async Task<List<ModuleVersion>> BuildProxyAsync(string sources, string proxyDir)
    {
        var modules = new List<ModuleVersion>();
        var writer = new ProxyDirectoryWriter(proxyDir);
        foreach (var dir in Directory.EnumerateDirectories(sources, "*@*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sources, dir).Replace('\\', '/');
            var at = relative.LastIndexOf('@');
            var module = new ModuleVersion(ModulePath.Parse(relative[..at]), relative[(at + 1)..]);
            modules.Add(module);

            var info = new ModuleInfo(module.Version, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
            var goMod = await File.ReadAllBytesAsync(Path.Combine(dir, "go.mod")).ConfigureAwait(false);
            using var zip = new MemoryStream();
            var check = await ModuleZipWriter.CreateFromDirectoryAsync(zip, module.Path.Value, module.Version, dir).ConfigureAwait(false);
            check.EnsureValid();
            zip.Position = 0;
            await writer.WriteVersionAsync(module.Path, info, goMod, zip).ConfigureAwait(false);
        }

        modules.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return modules;
    }
}
