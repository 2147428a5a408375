using System.Text.Json;
using GoModules.Tests.Conformance;

namespace GoModules.Tests.Caching;

/// <summary>
/// GoModules and the real go command sharing one module cache: each fills a cache the other uses, both record the
/// same hashes, and both downloading at once leaves the cache consistent. The cache-sharing tests run with both the
/// newest go and the oldest one that shares a cache with us (go1.19); the comparison of the requirement graph with the
/// newest go only.
/// </summary>
[TestFixture]
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleCacheInteropTests
{
    private static Dictionary<string, string?> GoEnv(TempDirectory tmp, string modcache, string goproxy)
    {
        var env = GoCommand.Environment_(tmp.Sub("gopath"), modcache);
        env["GOPROXY"] = goproxy;
        env["GOFLAGS"] = "-mod=mod";
        return env;
    }

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    [CancelAfter(300_000)]
    public async Task CacheFilledByGoModules_IsUsedByGoBuildOffline_AndGoModVerifyPasses(GoRelease release)
    {
        GoCommand.Require(release);
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 5);
        var main = CacheFixtures.WriteMainModule(tmp.Sub("main"), deps);
        var modcache = Path.Combine(tmp.Path, "modcache");

        var run = await CacheFixtures.RunDownloadAsync(proxy, modcache, main);
        Assert.That(run.FatalError, Is.Null);
        Assert.That(run.Results.Select(r => r.Error), Is.All.Empty);

        var env = GoEnv(tmp, modcache, "off");
        var build = GoCommand.Go(release, main, env, "build", "-o", Path.Combine(tmp.Path, "main.bin"), ".");
        Assert.That(build.ExitCode, Is.Zero, build.ToString());
        var verify = GoCommand.Go(release, main, env, "mod", "verify");
        Assert.Multiple(() =>
        {
            Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
            Assert.That(verify.Stdout, Does.Contain("all modules verified"));
        });
    }

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    [CancelAfter(300_000)]
    public async Task CacheFilledByGo_IsReadByGoModules_AndVerifies(GoRelease release)
    {
        GoCommand.Require(release);
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 5);
        var main = CacheFixtures.WriteMainModule(tmp.Sub("main"), deps);
        var modcache = Path.Combine(tmp.Path, "modcache");
        var download = GoCommand.Go(release, main, GoEnv(tmp, modcache, proxy.Url), "mod", "download", "-json");
        Assert.That(download.ExitCode, Is.Zero, download.ToString());

        // No network at all: everything must come from the cache go filled.
        var cache = CacheFixtures.NewCache(new FailingFetcher(), modcache);
        var files = await GoModules.Graph.MainModuleFiles.ReadAsync(main, CancellationToken.None);
        var graph = await GoModules.Graph.ModuleGraph.LoadFromGoModAsync(files.GoMod, files.Directory, cache, CancellationToken.None);
        foreach (var m in graph.BuildList().Where(n => n.Version.Length != 0))
        {
            var module = new ModuleVersion(ModulePath.Parse(m.Path), m.Version);
            var result = await cache.TryDownloadAsync(module);
            Assert.Multiple(() =>
            {
                Assert.That(result.Error, Is.Empty, m.ToString());
                Assert.That(cache.IsExtracted(module), Is.True, m.ToString());
                Assert.That(result.Sum, Does.StartWith("h1:"));
            });
            Assert.That(await cache.VerifyAsync(module), Is.Empty, m.ToString());
        }

        Assert.That(files.GoSum.Count, Is.GreaterThan(0));
    }

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    [CancelAfter(300_000)]
    public async Task GoAndGoModules_RecordIdenticalHashes(GoRelease release)
    {
        GoCommand.Require(release);
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 4);
        await proxy.AddAsync("example.com/Upper/Case", "v1.0.0-RC1", CacheFixtures.LibraryFiles("example.com/Upper/Case", "module example.com/Upper/Case\n"));
        deps.Add("example.com/Upper/Case");
        var goMain = CacheFixtures.WriteMainModule(tmp.Sub("gomain"), deps[..^1]);
        var ourMain = CacheFixtures.WriteMainModule(tmp.Sub("ourmain"), deps[..^1]);

        // Without arguments: go.mod hashes in go.sum. With explicit arguments: zip hashes too.
        var goCache = Path.Combine(tmp.Path, "gocache");
        var ourCache = Path.Combine(tmp.Path, "ourcache");
        var env = GoEnv(tmp, goCache, proxy.Url);
        var goRun = GoCommand.Go(release, goMain, env, "mod", "download", "-json");
        Assert.That(goRun.ExitCode, Is.Zero, goRun.ToString());
        var ourRun = await CacheFixtures.RunDownloadAsync(proxy, ourCache, ourMain);
        Assert.That(ourRun.FatalError, Is.Null);
        Assert.That(File.ReadAllText(Path.Combine(ourMain, "go.sum")), Is.EqualTo(File.ReadAllText(Path.Combine(goMain, "go.sum"))), "go.sum after go mod download");

        var explicitArgs = new[] { deps[0] + "@v1.0.0", "example.com/Upper/Case@v1.0.0-RC1" };
        goRun = GoCommand.Go(release, goMain, env, ["mod", "download", "-json", .. explicitArgs]);
        Assert.That(goRun.ExitCode, Is.Zero, goRun.ToString());
        ourRun = await CacheFixtures.RunDownloadAsync(proxy, ourCache, ourMain, explicitArgs);
        Assert.That(ourRun.FatalError, Is.Null);
        Assert.That(File.ReadAllText(Path.Combine(ourMain, "go.sum")), Is.EqualTo(File.ReadAllText(Path.Combine(goMain, "go.sum"))), "go.sum after go mod download path@version");

        // The JSON records carry the same hashes, and both caches hold the same .ziphash files.
        var goRecords = ParseJsonStream(goRun.Stdout);
        Assert.That(goRecords.Select(r => (r["Path"], r["Sum"], r["GoModSum"])), Is.EqualTo(ourRun.Results.Select(r => (r.Path, r.Sum, r.GoModSum))));
        var goHashes = GoDownloadOps.Snapshot(goCache).Where(e => e.Path.EndsWith(".ziphash", StringComparison.Ordinal)).Select(e => (e.Path, e.Content));
        var ourHashes = GoDownloadOps.Snapshot(ourCache).Where(e => e.Path.EndsWith(".ziphash", StringComparison.Ordinal)).Select(e => (e.Path, e.Content));
        Assert.That(ourHashes, Is.EqualTo(goHashes));
    }

    [TestCaseSource(typeof(GoInstalls), nameof(GoInstalls.Both))]
    [CancelAfter(300_000)]
    public async Task GoAndGoModules_DownloadingIntoOneCacheAtOnce_LeaveItConsistent(GoRelease release)
    {
        GoCommand.Require(release);
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 24, kb: 64);
        var modcache = Path.Combine(tmp.Path, "modcache");
        var env = GoEnv(tmp, modcache, proxy.Url);
        for (var round = 0; round < 3; round++)
        {
            // Overlapping halves, in opposite orders.
            var goSet = deps.Take(16).ToList();
            var ourSet = deps.Skip(8).Reverse().ToList();
            var goMain = CacheFixtures.WriteMainModule(tmp.Sub("gomain" + round), goSet);
            var goTask = Task.Run(() => GoCommand.Go(release, goMain, env, "mod", "download"));
            var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), modcache);
            var ours = await cache.TryDownloadAllAsync(ourSet.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).ToList());
            var goResult = await goTask;
            Assert.That(goResult.ExitCode, Is.Zero, goResult.ToString());
            Assert.That(ours.Select(r => r.Error), Is.All.Empty);

            var all = CacheFixtures.WriteMainModule(tmp.Sub("all" + round), deps.Take(24 - (8 * (2 - round))).ToList());
            var check = CacheFixtures.NewCache(new FailingFetcher(), modcache);
            foreach (var p in deps.Take(16).Union(deps.Skip(8)))
            {
                var module = new ModuleVersion(ModulePath.Parse(p), "v1.0.0");
                Assert.That(check.IsExtracted(module), Is.True, p);
                Assert.That(await check.VerifyAsync(module), Is.Empty, p);
            }

            var verify = GoCommand.Go(release, all, GoEnv(tmp, modcache, "off"), "mod", "verify");
            Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
            Assert.That(Directory.EnumerateFiles(modcache, "*.tmp", SearchOption.AllDirectories), Is.Empty, "temporary files left behind");
            if (round < 2)
            {
                await check.CleanAsync();
            }
        }
    }

    [TestCase("1.19")]
    [TestCase("1.16")]
    [CancelAfter(300_000)]
    public async Task RequirementGraph_PrunedAndUnpruned_SelectsAndRecordsAsGoDoes(string mainGo)
    {
        GoCommand.Require();
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        async Task Add(string path, string version, string go, params string[] requires)
        {
            var goMod = $"module {path}\n" + (go.Length > 0 ? $"\ngo {go}\n" : "") + string.Concat(requires.Select(r => $"\nrequire {r}\n"));
            await proxy.AddAsync(path, version, CacheFixtures.LibraryFiles(path, goMod, packages: 1, kb: 1));
        }

        await Add("example.com/a", "v1.0.0", "1.19", "example.com/b v1.0.0");
        await Add("example.com/b", "v1.0.0", "1.16", "example.com/c v1.1.0");
        await Add("example.com/c", "v1.0.0", "1.19");
        await Add("example.com/c", "v1.1.0", "1.19", "example.com/d v1.0.0");
        await Add("example.com/d", "v1.0.0", "");
        await Add("example.com/e", "v1.0.0", "", "example.com/f v1.2.0");
        await Add("example.com/f", "v1.2.0", "1.17");
        await Add("example.com/f", "v1.0.0", "1.17");
        var goMod = $"module example.com/main\n\ngo {mainGo}\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/c v1.0.0\n\texample.com/e v1.0.0\n\texample.com/f v1.0.0 // indirect\n)\n";
        var goMain = tmp.Sub("gomain");
        var ourMain = tmp.Sub("ourmain");
        File.WriteAllText(Path.Combine(goMain, "go.mod"), goMod);
        File.WriteAllText(Path.Combine(ourMain, "go.mod"), goMod);
        var goRun = GoCommand.Go(goMain, GoEnv(tmp, Path.Combine(tmp.Path, "gocache"), proxy.Url), "mod", "download", "-json");
        Assert.That(goRun.ExitCode, Is.Zero, goRun.ToString());
        var ourRun = await CacheFixtures.RunDownloadAsync(proxy, Path.Combine(tmp.Path, "ourcache"), ourMain);
        Assert.That(ourRun.FatalError, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(
                ourRun.Results.Select(r => r.Path + "@" + r.Version),
                Is.EqualTo(ParseJsonStream(goRun.Stdout).Select(r => r["Path"] + "@" + r["Version"])),
                "modules downloaded");
            Assert.That(File.ReadAllText(Path.Combine(ourMain, "go.sum")), Is.EqualTo(File.ReadAllText(Path.Combine(goMain, "go.sum"))), "go.sum");
        });
    }

    private static List<Dictionary<string, string>> ParseJsonStream(string text)
    {
        var list = new List<Dictionary<string, string>>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                using var doc = JsonDocument.ParseValue(ref reader);
                list.Add(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()));
            }
        }

        return list;
    }
}
