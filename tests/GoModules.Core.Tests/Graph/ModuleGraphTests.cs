using System.Text;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;

namespace GoModules.Tests.Graph;

/// <summary>The module graph over small hand-made proxies, with the answers the newest go gives for them (no go needed).</summary>
[TestFixture]
public sealed class ModuleGraphTests
{
    private static async Task WriteAsync(ProxyDirectoryWriter w, string path, string version, int hour, string goMod)
        => await w.WriteVersionAsync(ModulePath.Parse(path), new ModuleInfo(version, new DateTimeOffset(2020, 1, 1, hour, 0, 0, TimeSpan.Zero)), Encoding.UTF8.GetBytes(goMod), null);

    private static async Task<(ModuleGraph Graph, ProxyChainFetcher Fetcher)> LoadAsync(string root, string mainGoMod)
    {
        var main = Path.Combine(root, "main");
        Directory.CreateDirectory(main);
        await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), mainGoMod);
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(new ProxyDirectoryWriter(Path.Combine(root, "proxy")).Url)) { IncludeRetracted = true };
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(root, "cache") });
        return (await ModuleGraph.LoadAsync(main, cache), fetcher);
    }

    [TestCase("1.17", "example.com/main\nexample.com/p v1.0.0\nexample.com/q v1.0.0\n")]
    [TestCase("1.16", "example.com/main\nexample.com/p v1.0.0\nexample.com/q v1.0.0\nexample.com/r v1.0.0\n")]
    [CancelAfter(30_000)]
    public async Task APrunedMainModuleDoesNotFollowTheRequirementsOfPrunedDependencies(string go, string expected, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var w = new ProxyDirectoryWriter(Path.Combine(dir.Path, "proxy"));
        await WriteAsync(w, "example.com/p", "v1.0.0", 1, "module example.com/p\n\ngo 1.17\n\nrequire example.com/q v1.0.0\n");
        await WriteAsync(w, "example.com/q", "v1.0.0", 2, "module example.com/q\n\ngo 1.17\n\nrequire example.com/r v1.0.0\n");
        await WriteAsync(w, "example.com/r", "v1.0.0", 3, "module example.com/r\n\ngo 1.17\n");
        var (graph, _) = await LoadAsync(dir.Path, $"module example.com/main\n\ngo {go}\n\nrequire example.com/p v1.0.0\n");
        var text = string.Concat(graph.BuildList().Select(m => (m.Version.Length == 0 ? m.Path : m.Path + " " + m.Version) + "\n"));
        Assert.That(text, Is.EqualTo(expected));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ListsUpdatesRetractionsDeprecationsAndReplacementsAsGo(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var w = new ProxyDirectoryWriter(Path.Combine(dir.Path, "proxy"));
        await WriteAsync(w, "example.com/a", "v1.0.0", 1, "module example.com/a\n\ngo 1.16\nrequire example.com/b v1.0.0\n");
        await WriteAsync(w, "example.com/a", "v1.1.0", 2, "// Deprecated: no <more> & \"x\"\nmodule example.com/a\n\ngo 1.22.0\nretract v1.0.0 // bad <x>\n");
        await WriteAsync(w, "example.com/b", "v1.0.0", 1, "module example.com/b\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "main", "loc"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "main", "loc", "go.mod"), "module example.com/c\n\ngo 1.18\n", cancellationToken);
        var (graph, fetcher) = await LoadAsync(dir.Path, "module example.com/main\n\ngo 1.21.0\n\nrequire example.com/a v1.0.0\nrequire example.com/c v1.0.0\nreplace example.com/c => ./loc\n");

        // Answers of go1.27.3 for the same files (go mod graph; go list -m -u all; go list -m -u -json all).
        Assert.That(graph.FormatGraph(), Is.EqualTo(
            "example.com/main example.com/a@v1.0.0\nexample.com/main example.com/c@v1.0.0\nexample.com/main go@1.21.0\n" +
            "example.com/a@v1.0.0 example.com/b@v1.0.0\ngo@1.21.0 toolchain@go1.21.0\n"));
        var listed = await ModuleLister.ListAsync(graph, ["all"], new ModuleListOptions { Updates = true, Fetcher = fetcher }, cancellationToken);
        Assert.That(string.Join("\n", listed.Select(m => m.ToString())), Is.EqualTo(
            "example.com/main\nexample.com/a v1.0.0 (retracted) [v1.1.0] (deprecated)\nexample.com/b v1.0.0\nexample.com/c v1.0.0 => ./loc"));
        var a = listed[1].ToJson();
        Assert.That(a, Does.Contain("\t\"Retracted\": [\n\t\t\"bad \\u003cx\\u003e\"\n\t],\n\t\"Deprecated\": \"no \\u003cmore\\u003e \\u0026 \\\"x\\\"\""));
        Assert.That(a, Does.Contain("\t\"Update\": {\n\t\t\"Path\": \"example.com/a\",\n\t\t\"Version\": \"v1.1.0\",\n\t\t\"Time\": \"2020-01-01T02:00:00Z\"\n\t},"));
        var c = listed[3].ToJson();
        var loc = Path.Combine(dir.Path, "main", "loc");
        Assert.That(c, Is.EqualTo(
            "{\n\t\"Path\": \"example.com/c\",\n\t\"Version\": \"v1.0.0\",\n\t\"Replace\": {\n\t\t\"Path\": \"./loc\",\n\t\t\"Dir\": \"" + loc + "\",\n" +
            "\t\t\"GoMod\": \"" + loc + "/go.mod\",\n\t\t\"GoVersion\": \"1.18\"\n\t},\n\t\"Dir\": \"" + loc + "\",\n\t\"GoMod\": \"" + loc + "/go.mod\",\n\t\"GoVersion\": \"1.18\"\n}"));
    }
}
