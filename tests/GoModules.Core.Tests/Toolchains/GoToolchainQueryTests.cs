using GoModules.Fetching;
using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

/// <summary>
/// <see cref="GoToolchainQuery"/> on its own (no go command): the local version as an explicit input, upgrade and
/// patch from a current version, and the typed failures. The answers of the newest go for the same queries are checked
/// in GoModules.Cli.Tests (GoToolchainQueryInteropTests).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoToolchainQueryTests
{
    private static readonly string[] Releases = ["1.26.0", "1.27.0", "1.27.1", "1.27.5", "1.28rc1", "1.28rc2", "1.30.1"];

    private static GoToolchainQuery Query(TempDirectory tmp, string? local, params string[] withoutLinuxAmd64)
        => new(new ProxyChainFetcher(ProxyChain.Parse(ToolchainQueryProxy.Create(tmp.Sub("proxy"), Releases, withoutLinuxAmd64))), local);

    [Test]
    public async Task TheLocalVersionIsAlwaysAvailable_WhenGiven()
    {
        using var tmp = new TempDirectory();
        var without = Query(tmp, null);
        var with = Query(tmp, "go1.27.3");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(with.LocalGoVersion, Is.EqualTo("1.27.3"));
            Assert.That(await without.ListVersionsAsync("go"), Is.EqualTo(new[] { "1.26.0", "1.27.0", "1.27.1", "1.27.5", "1.28rc1", "1.28rc2", "1.30.1" }));
            Assert.That(await with.ListVersionsAsync("toolchain"), Does.Contain("go1.27.3").And.Count.EqualTo(8));

            // The lowest version above 1.27.1 is the local one, when there is one.
            Assert.That((await without.ResolveAsync("go", ">1.27.1")).Version, Is.EqualTo("1.27.5"));
            var local = await with.ResolveAsync("go", ">1.27.1");
            Assert.That((local.Version, local.IsLocal, local.Time, local.DownloadModule), Is.EqualTo(("1.27.3", true, (DateTimeOffset?)null, (ModuleVersion?)null)));

            // go versions up to the local one exist without the proxy; a toolchain only when it is the local one.
            Assert.That((await with.ResolveAsync("go", "1.20.5")).IsLocal, Is.True);
            Assert.That((await with.ResolveAsync("toolchain", "1.27.3")).Version, Is.EqualTo("go1.27.3"));
            Assert.That((await with.ResolveAsync("go", "go1.27")).Version, Is.EqualTo("1.27"));
            Assert.ThrowsAsync<ModuleNotFoundException>(() => without.ResolveAsync("go", "1.20.5"));

            // A version read as given (a go.mod line), not as a query: 1.27 is not the prefix of 1.27.x here.
            Assert.That((await with.GetVersionAsync("go", "1.27")).Version, Is.EqualTo("1.27"));
            Assert.That((await without.GetVersionAsync("toolchain", "1.27.5")).Version, Is.EqualTo("go1.27.5"));
            Assert.That(Assert.ThrowsAsync<GoToolchainQueryException>(() => without.GetVersionAsync("go", "1.27"))!.QueryFailure, Is.EqualTo(GoToolchainQueryFailure.LanguageVersion));
            Assert.ThrowsAsync<ModuleNotFoundException>(() => with.ResolveAsync("toolchain", "go1.20.5"));
        }
    }

    [Test]
    public async Task AnswersFromTheProxyCarryTheLinuxAmd64Download()
    {
        using var tmp = new TempDirectory();
        var r = await Query(tmp, "1.27.3").ResolveAsync("toolchain", "go1.27");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.ToString(), Is.EqualTo("toolchain@go1.27.5"));
            Assert.That((r.GoVersion, r.Query, r.IsLocal), Is.EqualTo(("1.27.5", "go1.27", false)));
            Assert.That(r.DownloadModule?.ToString(), Is.EqualTo("golang.org/toolchain@v0.0.1-go1.27.5.linux-amd64"));
            Assert.That(r.Time, Is.EqualTo(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        }
    }

    [Test]
    public async Task UpgradeAndPatch_StartFromTheCurrentVersion()
    {
        using var tmp = new TempDirectory();
        var q = Query(tmp, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await q.ResolveAsync("go", "upgrade", "1.26.0")).Version, Is.EqualTo("1.30.1"));
            Assert.That((await q.ResolveAsync("go", "upgrade")).Version, Is.EqualTo("1.30.1"), "without a current version upgrade is latest");
            Assert.That((await q.ResolveAsync("go", "patch", "1.27.0")).Version, Is.EqualTo("1.27.5"));
            Assert.That((await q.ResolveAsync("toolchain", "patch", "go1.27.1")).Version, Is.EqualTo("go1.27.5"));
            Assert.That((await q.ResolveAsync("go", "patch", "1.28rc1")).Version, Is.EqualTo("1.28rc1"), "patch looks below 1.28., which rcs are not: it stays on the rc");

            // Nothing newer: stay on the current version, which must itself exist.
            Assert.That((await q.ResolveAsync("go", "patch", "1.26.0")).Version, Is.EqualTo("1.26.0"));
            var ex = Assert.ThrowsAsync<ModuleNotFoundException>(() => q.ResolveAsync("go", "upgrade", "1.31.0"));
            Assert.That(ex!.Message, Does.StartWith("golang.org/toolchain@v0.0.1-go1.31.0.linux-amd64: reading file://"));
        }
    }

    [Test]
    public async Task ReleasesArePreferredToReleaseCandidates()
    {
        using var tmp = new TempDirectory();
        var q = Query(tmp, null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await q.ResolveAsync("go", ">1.27.5")).Version, Is.EqualTo("1.30.1"));
            Assert.That((await q.ResolveAsync("go", "<1.28")).Version, Is.EqualTo("1.27.5"), "1.28rc1 sorts after 1.28");
            Assert.That((await q.ResolveAsync("go", "<1.30.1")).Version, Is.EqualTo("1.27.5"));
            Assert.That((await q.ResolveAsync("go", "1.28rc2")).Version, Is.EqualTo("1.28rc2"));
            Assert.ThrowsAsync<NoMatchingVersionException>(() => q.ResolveAsync("go", "1.28"), "1.28's prefix is 1.28., which its rcs do not have");
        }
    }

    [TestCase("go", "none", GoToolchainQueryFailure.InvalidVersion, "go@none: invalid go version none")]
    [TestCase("toolchain", "master", GoToolchainQueryFailure.InvalidVersion, "toolchain@master: invalid toolchain version master")]
    [TestCase("go", "v1.27.0", GoToolchainQueryFailure.InvalidVersion, "go@v1.27.0: invalid go version v1.27.0")]
    [TestCase("toolchain", "1.27", GoToolchainQueryFailure.LanguageVersion, "toolchain@1.27: go language version 1.27 is not a toolchain version")]
    [TestCase("go", "go1.28", GoToolchainQueryFailure.LanguageVersion, "go@go1.28: go language version go1.28 is not a toolchain version")]
    [TestCase("go", "<=1.27", GoToolchainQueryFailure.AmbiguousRange, "go@<=1.27: ambiguous semantic version \"1.27\" in range \"<=1.27\"")]
    [TestCase("go", ">1.27", GoToolchainQueryFailure.AmbiguousRange, "go@>1.27: ambiguous semantic version \"1.27\" in range \">1.27\"")]
    [TestCase("go", "<go1.27", GoToolchainQueryFailure.InvalidRange, "go@<go1.27: invalid semantic version \"go1.27\" in range \"<go1.27\"")]
    [TestCase("toolchain", ">=1.27.2", GoToolchainQueryFailure.InvalidRange, "toolchain@>=1.27.2: invalid semantic version \"1.27.2\" in range \">=1.27.2\"")]
    [TestCase("toolchain", "patch", GoToolchainQueryFailure.NoPatchBase, "toolchain@patch: can't query version \"patch\" of module toolchain: no existing version is required")]
    public void RefusedQueries_AreTypedWithGoText(string path, string query, GoToolchainQueryFailure failure, string message)
    {
        using var tmp = new TempDirectory();
        var ex = Assert.ThrowsAsync<GoToolchainQueryException>(() => Query(tmp, "1.27.3").ResolveAsync(path, query, "none"));
        Assert.That(ex, Is.InstanceOf<GoModuleException>());
        Assert.That((ex!.QueryFailure, ex.Message, ex.Path, ex.Query), Is.EqualTo((failure, message, path, query)));
    }

    [Test]
    public void NoMatch_AndAnInvalidCurrentVersion()
    {
        using var tmp = new TempDirectory();
        var q = Query(tmp, null);
        using (Assert.EnterMultipleScope())
        {
            var none = Assert.ThrowsAsync<NoMatchingVersionException>(() => q.ResolveAsync("go", ">=1.31"));
            Assert.That(none!.Message, Is.EqualTo("module go: no matching versions for query \">=1.31\""));
            var bad = Assert.ThrowsAsync<GoToolchainQueryException>(() => q.ResolveAsync("toolchain", "upgrade", "1.27.0"));
            Assert.That((bad!.QueryFailure, bad.Message), Is.EqualTo((GoToolchainQueryFailure.InvalidCurrentVersion, "toolchain@upgrade: invalid previous version toolchain@1.27.0")));
            Assert.Throws<ArgumentException>(() => _ = new GoToolchainQuery(new ProxyChainFetcher(ProxyChain.Parse("off")), "v1.27.0"));
            Assert.ThrowsAsync<ArgumentException>(() => q.ResolveAsync("golang.org/toolchain", "latest"));
        }
    }

    [Test]
    public async Task AnEmptyListWithoutALocalVersion_MatchesNothing()
    {
        using var tmp = new TempDirectory();
        var q = new GoToolchainQuery(new ProxyChainFetcher(ProxyChain.Parse(ToolchainQueryProxy.Create(tmp.Sub("proxy"), []))));
        Assert.ThrowsAsync<NoMatchingVersionException>(() => q.ResolveAsync("go", "latest"));
        var withLocal = new GoToolchainQuery(new ProxyChainFetcher(ProxyChain.Parse(ToolchainQueryProxy.Create(tmp.Sub("proxy2"), []))), "1.27.3");
        Assert.That((await withLocal.ResolveAsync("toolchain", "latest")).Version, Is.EqualTo("go1.27.3"));
    }

    [Test]
    public async Task GoProxyOff_NamesTheQuery()
    {
        var off = new GoToolchainQuery(new ProxyChainFetcher(ProxyChain.Parse("off")), "1.27.3");
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(() => off.ResolveAsync("go", "latest"));
        Assert.That((ex!.Message, ex.Failure), Is.EqualTo(("go@latest: module lookup disabled by GOPROXY=off", ModuleFetchFailure.ProxyOff)));
        Assert.That((await off.ResolveAsync("go", "1.20.1")).Version, Is.EqualTo("1.20.1"), "the local version answers without the proxy");
    }

    [Test]
    public async Task TryDownloadAsync_ResolvesThenRefuses_AsGoModDownloadReports()
    {
        using var tmp = new TempDirectory();
        var q = Query(tmp, null);
        var off = new GoToolchainQuery(new ProxyChainFetcher(ProxyChain.Parse("off")));
        var resolved = await q.TryDownloadAsync("go", ">1.27.1", "1.27.0");
        var bare = await q.TryDownloadAsync("toolchain", null, "go1.27.1");
        var none = await q.TryDownloadAsync("toolchain", null, "none");
        var noMatch = await q.TryDownloadAsync("go", "1.99", null);
        var proxyOff = await off.TryDownloadAsync("go", null, "1.27.1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((resolved.Path, resolved.Version, resolved.Query, resolved.Error), Is.EqualTo(("go", "1.27.5", ">1.27.1", "internal error: invalid operation on toolchain module")));
            Assert.That((bare.Version, bare.Query, bare.Error), Is.EqualTo(("go1.27.1", "", "internal error: invalid operation on toolchain module")));
            Assert.That((none.Version, none.Error), Is.EqualTo(("", "module toolchain: not a known dependency")));
            Assert.That((noMatch.Version, noMatch.Query, noMatch.Succeeded), Is.EqualTo(("1.99", "", false)));
            Assert.That(noMatch.Error, Does.Contain("1.99"));
            Assert.That(proxyOff.Error, Is.EqualTo("module lookup disabled by GOPROXY=off"), "a read, not a query: no query named");
            Assert.That(() => q.TryDownloadAsync("gopher", "latest", null), Throws.ArgumentException);
        }
    }

    [Test]
    public void Cancellation_IsObserved()
    {
        using var tmp = new TempDirectory();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => Query(tmp, null).ResolveAsync("go", "latest", null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
