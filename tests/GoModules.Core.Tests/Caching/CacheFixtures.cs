using System.Text;
using GoModules.Caching;
using GoModules.Fetching;

namespace GoModules.Tests.Caching;

/// <summary>Module sets and main modules shared by the cache tests.</summary>
internal static class CacheFixtures
{
    /// <summary>A library module with a few packages, deterministic content of roughly <paramref name="kb"/> KiB.</summary>
    public static List<(string Path, byte[] Data)> LibraryFiles(string modulePath, string goMod, int packages = 3, int kb = 4)
    {
        var files = new List<(string, byte[])> { ("go.mod", Encoding.UTF8.GetBytes(goMod)) };
        var name = modulePath[(modulePath.LastIndexOf('/') + 1)..].Replace('.', '_').Replace('-', '_');
        files.Add(("lib.go", Encoding.UTF8.GetBytes($"package {name}\n\n// Name returns the module name.\nfunc Name() string {{ return \"{modulePath}\" }}\n")));
        var random = new Random(modulePath.GetHashCode(StringComparison.Ordinal));
        for (var p = 0; p < packages; p++)
        {
            var sb = new StringBuilder($"package p{p}\n\n");
            var i = 0;
            while (sb.Length < kb * 1024)
            {
                sb.Append("// F").Append(i).Append(" returns a number.\nfunc F").Append(i).Append("() int { return ").Append(random.Next()).Append(" }\n\n");
                i++;
            }

            files.Add(($"p{p}/p{p}.go", Encoding.UTF8.GetBytes(sb.ToString())));
        }

        files.Add(("LICENSE", Encoding.UTF8.GetBytes("test licence\n")));
        return files;
    }

    /// <summary>
    /// Fills a proxy with <paramref name="count"/> modules example.com/dep/mNN@v1.0.0 (and a v1.1.0 of m00 that the
    /// others do not need) and returns their paths.
    /// </summary>
    public static async Task<List<string>> AddDependencySetAsync(TestProxy proxy, int count, int kb = 4)
    {
        var paths = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = $"example.com/dep/m{i:00}";
            paths.Add(path);
            await proxy.AddAsync(path, "v1.0.0", LibraryFiles(path, $"module {path}\n\ngo 1.19\n", kb: kb));
        }

        return paths;
    }

    /// <summary>Writes a main module that requires and imports the given modules (all at v1.0.0).</summary>
    public static string WriteMainModule(string dir, IReadOnlyList<string> requires, string version = "v1.0.0")
    {
        Directory.CreateDirectory(dir);
        var goMod = new StringBuilder("module example.com/main\n\ngo 1.19\n\nrequire (\n");
        var imports = new StringBuilder();
        var calls = new StringBuilder();
        foreach (var r in requires)
        {
            goMod.Append('\t').Append(r).Append(' ').Append(version).Append('\n');
            var alias = "m" + r.GetHashCode(StringComparison.Ordinal).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            imports.Append('\t').Append(alias).Append(" \"").Append(r).Append("\"\n");
            calls.Append("\tprintln(").Append(alias).Append(".Name())\n");
        }

        goMod.Append(")\n");
        File.WriteAllText(Path.Combine(dir, "go.mod"), goMod.ToString());
        File.WriteAllText(Path.Combine(dir, "main.go"), $"package main\n\nimport (\n{imports})\n\nfunc main() {{\n{calls}}}\n");
        return dir;
    }

    public static ModuleCache NewCache(IModuleFetcher fetcher, string root, bool writable = false)
        => new(fetcher, new ModuleCacheOptions { Root = root, WritableDirectories = writable });

    public static Task<GoModules.Graph.MainModuleDownloadResult> RunDownloadAsync(TestProxy proxy, string root, string mainDir, params string[] args)
        => new GoModules.Graph.MainModuleDownloader(proxy.CreateFetcher(), new ModuleCacheOptions { Root = root }).TryDownloadAsync(mainDir, args, null, CancellationToken.None);
}
