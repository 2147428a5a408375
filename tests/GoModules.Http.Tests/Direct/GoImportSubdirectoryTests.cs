using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using GoModules.Direct;
using GoModules.Hashing;
using GoModules.Patterns;

namespace GoModules.Http.Tests.Direct;

/// <summary>
/// #14.6: a go-import tag with a fourth field (Go 1.25) serves the module from a subdirectory of the repository:
/// tags carry the subdirectory as a prefix, the zip holds that subdirectory (with the root LICENSE), and
/// Origin.Subdir names it. Compared with the newest go command over git daemon and a loopback meta server.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GoImportSubdirectoryTests
{
    private const string Host = "mono.test";

    private TempDirectory _temp = null!;
    private GitDaemon _daemon = null!;
    private GoGetMetaServer _meta = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        var root = Path.Combine(_temp.Path, "repos");
        Directory.CreateDirectory(root);
        var t0 = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var mono = new GitTestRepository(root, "mono");
        mono.Write("LICENSE", "root license\n");
        mono.Write("README", "not part of the module\n");
        mono.Write("go/tool/go.mod", "module mono.test/tool\n\ngo 1.22\n");
        mono.Write("go/tool/tool.go", "package tool\n");
        mono.Commit("first", t0);
        mono.Tag("go/tool/v1.0.0");
        mono.Tag("v9.0.0"); // a root tag: not the module's
        mono.Write("go/tool/tool.go", "package tool // two\n");
        mono.Commit("second", t0.AddDays(1));
        mono.Tag("go/tool/v1.1.0");

        _daemon = new GitDaemon(root);
        var port = _daemon.Port;
        _meta = new GoGetMetaServer(path => path.StartsWith(Host + "/tool", StringComparison.Ordinal)
            ? $"<!DOCTYPE html><html><head><meta name=\"go-import\" content=\"{Host}/tool git git://127.0.0.1:{port}/mono go/tool\"></head><body></body></html>"
            : null);
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
    [CancelAfter(180_000)]
    public async Task TheModuleComesFromTheTagsSubdirectory(CancellationToken cancellationToken)
    {
        var fetcher = CreateFetcher(Path.Combine(_temp.Path, "work-ours"), out var client);
        using (client)
        {
            var path = ModulePath.Parse(Host + "/tool");
            Assert.That(await fetcher.ListVersionsAsync(path, cancellationToken), Is.EqualTo(new[] { "v1.0.0", "v1.1.0" }));
            var info = await fetcher.GetInfoAsync(new ModuleVersion(path, "v1.0.0"), cancellationToken);
            using var zip = new MemoryStream();
            await fetcher.CopyZipToAsync(new ModuleVersion(path, "v1.0.0"), zip, cancellationToken: cancellationToken);
            zip.Position = 0;
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(info.Origin?.Subdir, Is.EqualTo("go/tool"));
                Assert.That(info.Origin?.Url, Is.EqualTo("git://127.0.0.1:" + _daemon.Port + "/mono"));
                Assert.That(archive.Entries.Select(e => e.FullName), Is.EquivalentTo(new[] { "mono.test/tool@v1.0.0/LICENSE", "mono.test/tool@v1.0.0/go.mod", "mono.test/tool@v1.0.0/tool.go" }));
            }
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task SameAnswersAsTheNewestGo(CancellationToken cancellationToken)
    {
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : "/opt/newest-go/go-1.27/usr/lib/go-1.27/bin/go";
        if (!File.Exists(go))
        {
            Assert.Ignore("the newest go is not installed (GOMODULES_GO_NEWEST or " + go + ")");
        }

        var (stdout, stderr) = RunGo(go, ["mod", "download", "-json", Host + "/tool@v1.0.0", Host + "/tool@latest"]);
        var goResults = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var e = doc.RootElement;
            Assert.That(e.TryGetProperty("Error", out var err), Is.False, () => "go: " + err + "\n" + stderr);
            var info = JsonDocument.Parse(File.ReadAllText(e.GetProperty("Info").GetString()!)).RootElement;
            goResults.Add($"{e.GetProperty("Version").GetString()} {e.GetProperty("Sum").GetString()} {e.GetProperty("GoModSum").GetString()} {info.GetProperty("Origin").GetProperty("Subdir").GetString()}");
        }

        Assert.That(goResults, Has.Count.EqualTo(2), stderr);
        var fetcher = CreateFetcher(Path.Combine(_temp.Path, "work-diff"), out var client);
        var ours = new List<string>();
        using (client)
        {
            var path = ModulePath.Parse(Host + "/tool");
            foreach (var query in new[] { "v1.0.0", "latest" })
            {
                var info = await fetcher.QueryAsync(path, query, cancellationToken);
                var mv = new ModuleVersion(path, info.Version);
                var mod = await fetcher.GetGoModAsync(mv, cancellationToken);
                using var zip = new MemoryStream();
                await fetcher.CopyZipToAsync(mv, zip, cancellationToken: cancellationToken);
                zip.Position = 0;
                ours.Add($"{info.Version} {await DirHash.HashZipAsync(zip, cancellationToken)} {DirHash.HashGoMod(mod.Span)} {info.Origin?.Subdir}");
            }
        }

        Assert.That(ours, Is.EqualTo(goResults));
    }

    private (string Stdout, string Stderr) RunGo(string go, List<string> args)
        => GoCommand.RunDirectMode(go, _temp.Path, Host, _meta.Port, args);
}
