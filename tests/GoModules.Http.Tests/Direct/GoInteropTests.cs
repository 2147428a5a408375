using System.Net;
using System.Text;
using System.Text.Json;
using GoModules.Direct;
using GoModules.Hashing;
using GoModules.Patterns;

namespace GoModules.Http.Tests.Direct;

/// <summary>
/// Serves local git repositories through <c>git daemon</c> and a loopback go-get meta server, then checks
/// that <c>go mod download -json</c> with <c>GOPROXY=direct</c> and <see cref="DirectModuleFetcher"/>
/// resolve the same versions and pseudo-versions and produce the same h1 hashes.
/// The fake host <c>mod.test</c> is reached through the meta server acting as an HTTP proxy; https
/// attempts are refused, so GOINSECURE=mod.test makes both sides fall back to plain http.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GoInteropTests
{
    private const string Host = "mod.test";

    private static readonly string[] ListedPaths = ["mod.test/repo", "mod.test/repo/sub", "mod.test/repo/v2", "mod.test/legacy", "mod.test/untagged"];

    private readonly List<(string Path, string Query)> _queries =
    [
        ("mod.test/repo", "v0.1.0"),
        ("mod.test/repo", "v1.0.0"),
        ("mod.test/repo", "v1.1.0"),
        ("mod.test/repo", "main"),
        ("mod.test/repo", "latest"),
        ("mod.test/repo", "feature"),
        ("mod.test/repo/sub", "v0.2.0"),
        ("mod.test/repo/sub", "main"),
        ("mod.test/repo/v2", "v2.0.0"),
        ("mod.test/repo/v2", "main"),
        ("mod.test/legacy", "v1.0.0"),
        ("mod.test/legacy", "v2.0.0"),
        ("mod.test/legacy", "latest"),
        ("mod.test/legacy", "main"),
        ("mod.test/repo", "v1.0"),
        ("mod.test/repo", "<v1.1.0"),
        ("mod.test/untagged", "latest"),
    ];

    private TempDirectory _temp = null!;
    private GitDaemon _daemon = null!;
    private GoGetMetaServer _meta = null!;
    private string _repoHash = null!;

    private static string? FindGo() => GoInstalls.Find(GoRelease.Newest)?.Go;

    [OneTimeSetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        var root = Path.Combine(_temp.Path, "repos");
        Directory.CreateDirectory(root);
        var t0 = new DateTimeOffset(2022, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var repo = new GitTestRepository(root, "repo");
        repo.Write("a.go", "package a\n");
        repo.Write("LICENSE", "license text\n");
        repo.Write("docs/readme.md", "# docs\n");
        repo.Commit("one", t0);
        repo.Tag("v0.1.0");
        repo.Write("go.mod", "module mod.test/repo\n\ngo 1.19\n");
        repo.Write("vendor/x/x.go", "package x\n");
        repo.Commit("two", t0.AddHours(1));
        repo.Tag("v1.0.0");
        repo.Write("sub/go.mod", "module mod.test/repo/sub\n");
        repo.Write("sub/s.go", "package sub\n");
        repo.Write("v2/go.mod", "module mod.test/repo/v2\n");
        repo.Write("v2/x.go", "package a\n");
        repo.Write(".gitattributes", "docs/* export-ignore\n");
        repo.Commit("three", t0.AddHours(2));
        repo.Tag("v1.1.0", annotated: true);
        repo.Tag("sub/v0.2.0");
        repo.Tag("v2.0.0");
        repo.Write("a.go", "package a\n\nconst X = 1\n");
        _repoHash = repo.Commit("four", t0.AddHours(3).AddSeconds(9));
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("f.go", "package a\n");
        repo.Commit("feature", t0.AddHours(4));
        repo.Tag("v1.2.0-rc.1");
        repo.Write("f.go", "package a // more\n");
        var afterRc = repo.Commit("feature 2", t0.AddHours(5));
        repo.Git("checkout", "-q", "main");
        _queries.Add(("mod.test/repo", afterRc[..12]));
        _queries.Add(("mod.test/repo", _repoHash[..7]));

        var retracted = new GitTestRepository(root, "retracted");
        retracted.Write("go.mod", "module mod.test/retracted\n");
        retracted.Commit("one", t0);
        retracted.Tag("v1.0.0");
        retracted.Write("r.go", "package r\n");
        var broken = retracted.Commit("two", t0.AddHours(1));
        retracted.Tag("v1.1.0");
        retracted.Write("r.go", "package r // three\n");
        retracted.Commit("three", t0.AddHours(2));
        retracted.Git("checkout", "-q", "-b", "fix", broken);
        retracted.Write("go.mod", "module mod.test/retracted\n\nretract (\n\t[v1.1.0, v1.1.5] // broken\n)\n");
        retracted.Commit("fix", t0.AddHours(3));
        retracted.Tag("v1.2.0");
        retracted.Git("checkout", "-q", "main");
        _queries.Add(("mod.test/retracted", "main"));
        _queries.Add(("mod.test/retracted", broken[..12]));

        var untagged = new GitTestRepository(root, "untagged");
        untagged.Write("go.mod", "module mod.test/untagged\n");
        untagged.Commit("only", t0.AddDays(3));

        var legacy = new GitTestRepository(root, "legacy");
        legacy.Write("l.go", "package legacy\n");
        legacy.Commit("one", t0);
        legacy.Tag("v1.0.0");
        legacy.Write("l.go", "package legacy // two\n");
        legacy.Commit("two", t0.AddDays(1));
        legacy.Tag("v2.0.0");
        legacy.Write("l.go", "package legacy // three\n");
        legacy.Commit("three", t0.AddDays(2));

        _daemon = new GitDaemon(root);
        var port = _daemon.Port;
        _meta = new GoGetMetaServer(path =>
        {
            if (!path.StartsWith(Host + "/", StringComparison.Ordinal))
            {
                return null;
            }

            var name = path[(Host.Length + 1)..].Split('/')[0];
            return $"<!DOCTYPE html><html><head><meta name=\"go-import\" content=\"{Host}/{name} git git://127.0.0.1:{port}/{name}\"></head><body>go get</body></html>";
        });
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        _meta?.Dispose();
        _daemon?.Dispose();
        _temp?.Dispose();
    }

    private DirectModuleFetcher CreateFetcher(string work, out HttpClient client)
    {
        var handler = new SocketsHttpHandler { Proxy = new WebProxy("http://127.0.0.1:" + _meta.Port), UseProxy = true };
        client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var resolver = new RepositoryRootResolver(new HttpGoGetPageSource(client), PathPatternList.Parse(Host), PathPatternList.Parse(Host));
        return new DirectModuleFetcher(resolver, new DirectModuleFetcherOptions { WorkDirectory = work, CommandTimeout = TimeSpan.FromMinutes(2) });
    }

    [Test]
    public async Task DiscoveryThroughMetaTagsAndGitDaemon()
    {
        var fetcher = CreateFetcher(Path.Combine(_temp.Path, "work-discovery"), out var client);
        using (client)
        {
            var list = await fetcher.ListVersionsAsync(ModulePath.Parse("mod.test/repo"));
            Assert.That(list, Is.EqualTo(new[] { "v0.1.0", "v1.0.0", "v1.1.0", "v1.2.0-rc.1" }));
            var info = await fetcher.GetInfoAsync(new ModuleVersion(ModulePath.Parse("mod.test/repo"), "main"));
            Assert.That(info.Version, Does.EndWith("-" + _repoHash[..12]));
            Assert.That(info.Origin?.Url, Is.EqualTo("git://127.0.0.1:" + _daemon.Port + "/repo"));
            Assert.That(_meta.Requests, Is.GreaterThan(0));
        }
    }

    [Test]
    public async Task SameVersionsAndHashesAsGoModDownload()
    {
        var go = FindGo();
        if (go is null)
        {
            if (Environment.GetEnvironmentVariable("GOMODULES_REQUIRE_GO") == "1")
            {
                Assert.Fail("GOMODULES_REQUIRE_GO=1 but the newest go is not installed (GOMODULES_GO_NEWEST)");
            }

            Assert.Ignore("the newest go is not installed (run ../shared/tools/newest-go.sh, set GOMODULES_GO_NEWEST); set GOMODULES_REQUIRE_GO=1 to make this a failure");
        }

        var goResults = RunGoModDownload(go!);
        var goLists = RunGoListVersions(go!);

        var fetcher = CreateFetcher(Path.Combine(_temp.Path, "work-interop"), out var client);
        var ours = new List<string>();
        using (client)
        {
            var ourLists = new List<string>();
            foreach (var path in ListedPaths)
            {
                ourLists.Add(path + ": " + string.Join(' ', await fetcher.ListVersionsAsync(ModulePath.Parse(path))));
            }

            Assert.That(ourLists, Is.EqualTo(goLists), "go list -m -versions");
            foreach (var (path, query) in _queries)
            {
                var mp = ModulePath.Parse(path);
                var info = await fetcher.QueryAsync(mp, query);
                var mv = new ModuleVersion(mp, info.Version);
                var mod = await fetcher.GetGoModAsync(mv);
                using var zip = new MemoryStream();
                await fetcher.CopyZipToAsync(mv, zip);
                zip.Position = 0;
                var sum = await DirHash.HashZipAsync(zip);
                ours.Add($"{path} {info.Version} {sum} {DirHash.HashGoMod(mod.Span)}");
            }
        }

        TestContext.Out.WriteLine("go:\n  " + string.Join("\n  ", goResults));
        TestContext.Out.WriteLine("GoModules:\n  " + string.Join("\n  ", ours));
        Assert.That(ours.Distinct().Order(StringComparer.Ordinal), Is.EqualTo(goResults.Distinct().Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task SameErrorsAsGoModDownload()
    {
        var go = FindGo();
        if (go is null)
        {
            if (Environment.GetEnvironmentVariable("GOMODULES_REQUIRE_GO") == "1")
            {
                Assert.Fail("GOMODULES_REQUIRE_GO=1 but the newest go is not installed (GOMODULES_GO_NEWEST)");
            }

            Assert.Ignore("the newest go is not installed (run ../shared/tools/newest-go.sh, set GOMODULES_GO_NEWEST); set GOMODULES_REQUIRE_GO=1 to make this a failure");
        }

        (string Path, string Version)[] failing =
        [
            ("mod.test/repo", "v9.9.9"),
            ("mod.test/repo", "v2.0.0"),
            ("mod.test/repo/sub", "v1.0.0"),
            ("mod.test/legacy", "v2.0.0"),
            ("mod.test/repo", "v1.1.1-0.20000101000000-" + _repoHash[..12]),
            ("mod.test/repo", "v1.1.1-0.20220304080616-" + _repoHash[..10]),
            ("mod.test/repo", "v1.5.1-0.20220304080616-" + _repoHash[..12]),
            ("mod.test/repo", "v0.0.0-20220304080616-" + _repoHash[..12]),
            ("mod.test/repo", "v1.0.0-20220304080616-" + _repoHash[..12]),
            ("mod.test/repo", "0123456789ab"),
        ];
        var args = new List<string> { "mod", "download", "-json" };
        args.AddRange(failing.Select(f => f.Path + "@" + f.Version));
        var (stdout, _) = RunGo(go!, args);
        var goErrors = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.TryGetProperty("Error", out var err))
            {
                goErrors.Add(err.GetString()!);
            }
        }

        var fetcher = CreateFetcher(Path.Combine(_temp.Path, "work-errors"), out var client);
        var ours = new List<string>();
        using (client)
        {
            foreach (var (path, version) in failing)
            {
                try
                {
                    await fetcher.GetInfoAsync(new ModuleVersion(ModulePath.Parse(path), version));
                }
                catch (GoModuleException ex)
                {
                    ours.Add(ex.Message);
                }
            }
        }

        TestContext.Out.WriteLine("go:\n  " + string.Join("\n  ", goErrors));
        TestContext.Out.WriteLine("GoModules:\n  " + string.Join("\n  ", ours));
        Assert.That(ours.Order(StringComparer.Ordinal), Is.EqualTo(goErrors.Order(StringComparer.Ordinal)));
    }

    private List<string> RunGoListVersions(string go)
    {
        var args = new List<string> { "list", "-m", "-versions", "-json" };
        args.AddRange(ListedPaths);
        var (stdout, stderr) = RunGo(go, args);
        var lists = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var e = doc.RootElement;
            Assert.That(e.TryGetProperty("Error", out var err), Is.False, () => "go list error: " + err + "; stderr: " + stderr);
            var versions = e.TryGetProperty("Versions", out var v) ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
            lists.Add(e.GetProperty("Path").GetString() + ": " + string.Join(' ', versions));
        }

        Assert.That(lists, Has.Count.EqualTo(ListedPaths.Length), "go list printed too little; stderr: " + stderr);
        return lists;
    }

    private List<string> RunGoModDownload(string go)
    {
        var args = new List<string> { "mod", "download", "-json" };
        foreach (var (path, query) in _queries)
        {
            args.Add(path + "@" + query);
        }

        var (stdout, stderr) = RunGo(go, args);
        var results = new List<string>();
        var errors = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var e = doc.RootElement;
            if (e.TryGetProperty("Error", out var err))
            {
                errors.Add(e.GetProperty("Path").GetString() + "@" + e.GetProperty("Version").GetString() + ": " + err.GetString());
                continue;
            }

            results.Add($"{e.GetProperty("Path").GetString()} {e.GetProperty("Version").GetString()} {e.GetProperty("Sum").GetString()} {e.GetProperty("GoModSum").GetString()}");
        }

        Assert.That(errors, Is.Empty, "go mod download errors; stderr: " + stderr);
        Assert.That(results, Is.Not.Empty, "go mod download printed nothing; stderr: " + stderr);
        return results;
    }

    private (string Stdout, string Stderr) RunGo(string go, List<string> args)
        => GoCommand.RunDirectMode(go, _temp.Path, Host, _meta.Port, args);
}
