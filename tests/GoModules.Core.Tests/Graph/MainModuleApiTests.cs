using GoModules.Caching;
using GoModules.Graph;
using GoModules.Hashing;
using GoModules.Tests.Caching;

namespace GoModules.Tests.Graph;

/// <summary>
/// Issue 16: main-module downloads (<c>go mod download</c> without arguments) and <c>go mod verify</c> as public API
/// over the one module graph (<see cref="ModuleGraph"/>), and the main module's files as the go command reads them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed class MainModuleApiTests
{
    [Test]
    public async Task Downloader_DownloadsTheRequirements_RecordsGoSum_AndTheGraphVerifies()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 3);
        var main = CacheFixtures.WriteMainModule(tmp.Sub("main"), deps);
        var sub = Directory.CreateDirectory(Path.Combine(main, "internal", "x")).FullName;
        var options = new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), WritableDirectories = true };

        // From a subdirectory, as the go command finds its main module.
        var run = await new MainModuleDownloader(proxy.CreateFetcher(), options).TryDownloadAsync(sub, []);
        Assert.That(run.FatalError, Is.Null);
        Assert.Multiple(() =>
        {
            Assert.That(run.Failed, Is.False);
            Assert.That(run.Results.Select(r => r.Path), Is.EquivalentTo(deps));
            Assert.That(run.Results.Select(r => r.Query), Is.All.Empty);
            Assert.That(File.ReadAllText(Path.Combine(main, "go.sum")), Does.Contain(deps[0] + " v1.0.0/go.mod h1:"));
        });

        var files = await MainModuleFiles.ReadAsync(main);
        var cache = new ModuleCache(new FailingFetcher(), new ModuleCacheOptions { Root = options.Root, GoSum = files.GoSum });
        var graph = await ModuleGraph.LoadFromGoModAsync(files.GoMod, files.Directory, cache);
        Assert.That(await graph.VerifyAsync(), Is.Empty);

        var changed = Path.Combine(run.Results[0].Dir, "lib.go");
        File.SetAttributes(changed, FileAttributes.Normal);
        await File.AppendAllTextAsync(changed, "// changed\n");
        var problems = await graph.VerifyAsync();
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith(run.Results[0].Path + " v1.0.0: dir has been modified"));
    }

    [Test]
    public async Task Downloader_OutsideAModule_WithoutArguments_ReportsGoCommandError()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var run = await new MainModuleDownloader(proxy.CreateFetcher(), new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache") }).TryDownloadAsync(tmp.Sub("outside"), []);
        Assert.Multiple(() =>
        {
            Assert.That(run.FatalError, Is.EqualTo("go: no modules specified (see 'go help mod download')"));
            Assert.That(run.FatalException, Is.InstanceOf<GoModuleException>());
            Assert.That(run.Failed, Is.True);
            Assert.That(run.Results, Is.Empty);
        });
    }

    [Test]
    public async Task MainModuleFiles_FindReadAndCopy()
    {
        using var tmp = new TempDirectory();
        var main = tmp.Sub("m");
        await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), "module example.com/m\n\ngo 1.21\n");
        var deep = Directory.CreateDirectory(Path.Combine(main, "a", "b")).FullName;
        Assert.That(MainModuleFiles.FindDirectory(deep), Is.EqualTo(main));

        var noSum = await MainModuleFiles.ReadAsync(main);
        Assert.Multiple(() =>
        {
            Assert.That(noSum.HasGoSum, Is.False);
            Assert.That(noSum.GoSum.Count, Is.Zero);
            Assert.That(noSum.GoMod.Module!.Path, Is.EqualTo("example.com/m"));
        });

        await File.WriteAllTextAsync(Path.Combine(main, "go.sum"), "example.com/a v1.0.0/go.mod h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
        var read = await MainModuleFiles.ReadAsync(main);
        var copy = read.CopyGoSum();
        copy.Add(ModuleVersion.Parse("example.com/b@v1.0.0"), GoSumHashKind.Zip, "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        Assert.Multiple(() =>
        {
            Assert.That(read.HasGoSum, Is.True);
            Assert.That(read.GoSum.Count, Is.EqualTo(1));
            Assert.That(copy.Count, Is.EqualTo(2), "the copy is independent of the file as read");
        });

        // A malformed line is fatal, as in the go command since Go 1.22.
        await File.WriteAllTextAsync(Path.Combine(main, "go.sum"), "example.com/a v1.0.0\n");
        Assert.That(async () => await MainModuleFiles.ReadAsync(main), Throws.InstanceOf<GoModules.Hashing.GoSumFormatException>());
    }

    [Test]
    public async Task ReadWorkspaceSums_MergesGoWorkSumAndTheModulesGoSums()
    {
        using var tmp = new TempDirectory();
        const string Hash = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        var work = Path.Combine(tmp.Path, "go.work");
        await File.WriteAllTextAsync(work, "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n");
        await File.WriteAllTextAsync(Path.Combine(tmp.Sub("a"), "go.sum"), "example.com/x v1.0.0 " + Hash + "\n");
        _ = tmp.Sub("b");
        await File.WriteAllTextAsync(work + ".sum", "example.com/y v1.0.0/go.mod " + Hash + "\n");
        var sums = await MainModuleFiles.ReadWorkspaceSumsAsync(work);
        Assert.That(sums, Is.Not.Null);
        Assert.That(sums!.Entries.Select(e => e.Path + " " + e.Version), Is.EquivalentTo(new[] { "example.com/x v1.0.0", "example.com/y v1.0.0/go.mod" }));

        File.Delete(work + ".sum");
        File.Delete(Path.Combine(tmp.Path, "a", "go.sum"));
        Assert.That(await MainModuleFiles.ReadWorkspaceSumsAsync(work), Is.Null);
    }
}
