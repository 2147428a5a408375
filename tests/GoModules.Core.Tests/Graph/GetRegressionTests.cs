using System.Text;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;

namespace GoModules.Tests.Graph;

/// <summary>
/// <c>go get</c> cases the random differential runs found, reduced to a few hand-made modules; the expected files and
/// messages are what go1.27.3 writes and prints for the same proxy and main module (no go needed here).
/// </summary>
[TestFixture]
public sealed class GetRegressionTests
{
    private static readonly (string Path, string Version, string GoMod)[] Modules =
    [
        ("example.com/a", "v1.0.0", "module example.com/a\n\ngo 1.21.0\n\nrequire example.com/b v1.0.0\n"),
        ("example.com/b", "v1.0.0", "module example.com/b\n\ngo 1.16\n"),
        ("example.com/d", "v1.0.0", "module example.com/d\n\ngo 1.21.0\n"),
        ("example.com/d", "v1.1.0", "// Deprecated: use example.com/e instead.\n// More text.\nmodule example.com/d\n\ngo 1.21.0\n\nretract v1.0.0 // broken build\n"),
        ("example.com/t", "v1.0.0", "module example.com/t\n\ngo 1.21.0\n\nrequire example.com/w v1.0.0\n"),
        ("example.com/t", "v1.1.0", "module example.com/t\n\ngo 1.16\n"),
        ("example.com/w", "v1.0.0", "module example.com/w\n\ngo 1.16\n"),
        ("example.com/x", "v1.0.0", "module example.com/x\n\ngo 1.21.0\n\nrequire example.com/b v1.0.0\n"),
    ];

    private static async Task<(ModuleGetResult Result, string Main)> GetAsync(string root, string mainGoMod, string[] args, CancellationToken cancellationToken)
    {
        var w = new ProxyDirectoryWriter(Path.Combine(root, "proxy"));
        var hour = 0;
        foreach (var (path, version, goMod) in Modules)
        {
            using var zip = new MemoryStream();
            using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                using var entry = new StreamWriter(archive.CreateEntry(path + "@" + version + "/go.mod").Open());
                await entry.WriteAsync(goMod);
            }

            zip.Position = 0;
            await w.WriteVersionAsync(ModulePath.Parse(path), new ModuleInfo(version, new DateTimeOffset(2020, 1, 1, hour++, 0, 0, TimeSpan.Zero)), Encoding.UTF8.GetBytes(goMod), zip, cancellationToken);
        }

        var main = Path.Combine(root, "main");
        Directory.CreateDirectory(main);
        await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), mainGoMod, cancellationToken);
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(w.Url)) { IncludeRetracted = true };
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = Path.Combine(root, "cache") });
        var result = await ModuleGetter.GetAsync(main, args, cache, fetcher, write: true, cancellationToken);
        return (result, main);
    }

    private static string Sums(string main) => File.ReadAllText(Path.Combine(main, "go.sum"));

    /// <summary>
    /// A go 1.16 main module whose dependency needs go 1.21: loading already raises the go line and makes the roots
    /// minimal; an edit that leaves those roots as they are keeps them (and the graph unpruned) instead of writing the
    /// whole build list as for a move to a pruned graph. (Random graphs, seed 18.)
    /// </summary>
    [Test]
    [CancelAfter(30_000)]
    public async Task AnEditThatKeepsTheRootsDoesNotExpandThemForTheRaisedGoLine(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var (result, main) = await GetAsync(dir.Path, "module example.com/main\n\ngo 1.16\n\nrequire example.com/a v1.0.0\n", ["example.com/a@v1.0.0"], cancellationToken);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(main, "go.mod"), cancellationToken), Is.EqualTo("module example.com/main\n\ngo 1.21.0\n\nrequire example.com/a v1.0.0\n"));
        Assert.That(result.Changes, Is.EqualTo(new[] { "go: upgraded go 1.16 => 1.21.0\n\tnote: expanded dependencies to upgrade to go 1.17 or higher; run 'go mod tidy' to clean up" }));
        Assert.That(Sums(main), Is.EqualTo(
            "example.com/a v1.0.0 h1:lbkFO99bR8nNiydfTx83izP9yJTjLMvjIJ+7KcCw0B4=\n" +
            "example.com/a v1.0.0/go.mod h1:kXHfmh9IkcIzJiUnnlJcY6rOtWNtms+pi1tYLm0AYVE=\n" +
            "example.com/b v1.0.0/go.mod h1:dFYOyd6FjirzV0EpGfCRpL1g8tqPwL+WQHAY5bcfsoA=\n"));
    }

    /// <summary>
    /// After the edit go get reads the latest go.mod of each module it resolved (for retractions and deprecations);
    /// that read counts for go.sum when the version is otherwise kept, here as the replacement of a module in the
    /// build list (w =&gt; t v1.1.0, t's latest). (Random graphs, seed 13.)
    /// </summary>
    [Test]
    [CancelAfter(30_000)]
    public async Task TheLatestGoModReadForRetractionsIsSummedWhenAReplacementUsesIt(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var (result, main) = await GetAsync(dir.Path, "module example.com/main\n\ngo 1.23.0\n\nreplace example.com/w => example.com/t v1.1.0\n", ["example.com/t@v1.0.0"], cancellationToken);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(main, "go.mod"), cancellationToken), Is.EqualTo(
            "module example.com/main\n\ngo 1.23.0\n\nreplace example.com/w => example.com/t v1.1.0\n\nrequire example.com/t v1.0.0 // indirect\n"));
        Assert.That(Sums(main), Is.EqualTo(
            "example.com/t v1.0.0 h1:2TmjC7kcjQuwQ2Iz8hpOu3UibmhAKgtp/e5U75+xU5s=\n" +
            "example.com/t v1.0.0/go.mod h1:6kbC3mgvovuaLiQfNFRCKF13jr5JCE3adeYYtocp70w=\n" +
            "example.com/t v1.1.0/go.mod h1:gwj3fQ6c8Fie9bOOSIZ0DfAdC3uDSOGeHMHyrxFgTHY=\n"));
        Assert.That(result.Warnings, Is.Empty);
        Assert.That(result.Changes, Is.EqualTo(new[] { "go: added example.com/t v1.0.0" }));
    }

    /// <summary>go get's notes: the excluded requirement dropped on load, the deprecation and the retraction of a module it resolved, and the hint.</summary>
    [Test]
    [CancelAfter(30_000)]
    public async Task WarnsAboutExcludedRequirementsDeprecationsAndRetractionsAsGo(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var (result, main) = await GetAsync(
            dir.Path, "module example.com/main\n\ngo 1.23.0\n\nrequire example.com/b v1.0.0\n\nexclude example.com/b v1.0.0\n", ["example.com/d@v1.0.0", "example.com/x@v1.0.0"], cancellationToken);
        Assert.That(result.Warnings, Is.EqualTo(new[]
        {
            "go: dropping requirement on excluded version example.com/b v1.0.0",
            "go: module example.com/d is deprecated: use example.com/e instead.",
            "go: warning: example.com/d@v1.0.0: retracted by module author: broken build",
            "go: to switch to the latest unretracted version, run:\n\tgo get example.com/d@latest",
        }));
        Assert.That(result.Changes, Is.EqualTo(new[] { "go: removed example.com/b v1.0.0", "go: added example.com/d v1.0.0", "go: added example.com/x v1.0.0" }));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(main, "go.mod"), cancellationToken), Is.EqualTo(
            "module example.com/main\n\ngo 1.23.0\n\nrequire (\n\texample.com/d v1.0.0 // indirect\n\texample.com/x v1.0.0 // indirect\n)\n\nexclude example.com/b v1.0.0\n"));
        Assert.That(Sums(main), Is.EqualTo(
            "example.com/d v1.0.0 h1:BPt3ZB+0AuwTzfwul9f5ccYwUNR04njFUgfI2rM6ij4=\n" +
            "example.com/d v1.0.0/go.mod h1:DIgko47gCj/ENuHHjQOme2rXMzxMRil+VWPCCmIOt+w=\n" +
            "example.com/x v1.0.0 h1:M489Y73O+WL+OF5sXBpYuZUWJDCkSG6m2CWo4y9gVFw=\n" +
            "example.com/x v1.0.0/go.mod h1:77Os8zat6aGVDc4dKVT6i8h/4dUxhhOePi8sdb5geq8=\n"));
    }
}
