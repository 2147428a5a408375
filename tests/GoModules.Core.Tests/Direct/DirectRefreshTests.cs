using GoModules.Direct;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class DirectRefreshTests
{
    [TestCase(0, false)]
    [TestCase(1, true)]
    public async Task NewTagsAppearAfterTheRefreshInterval(int refreshMilliseconds, bool expectNewTag)
    {
        using var temp = new TempDirectory();
        var repo = new GitTestRepository(temp.Path, "r");
        repo.Write("go.mod", "module example.com/r\n");
        repo.Commit("one", new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        repo.Tag("v1.0.0");
        var fetcher = new DirectModuleFetcher(new FixedResolver("example.com/r", repo.Directory), new DirectModuleFetcherOptions
        {
            WorkDirectory = Path.Combine(temp.Path, "w"),
            RefreshInterval = TimeSpan.FromMilliseconds(refreshMilliseconds),
        });
        Assert.That(await fetcher.ListVersionsAsync(ModulePath.Parse("example.com/r")), Is.EqualTo(new[] { "v1.0.0" }));
        repo.Tag("v1.1.0");
        await Task.Delay(50);
        var after = await fetcher.ListVersionsAsync(ModulePath.Parse("example.com/r"));
        Assert.That(after, Is.EqualTo(expectNewTag ? new[] { "v1.0.0", "v1.1.0" } : new[] { "v1.0.0" }));
    }
}
