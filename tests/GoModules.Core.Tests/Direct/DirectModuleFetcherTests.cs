using System.Globalization;
using System.IO.Compression;
using System.Text;
using GoModules.Direct;
using GoModules.Hashing;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class DirectModuleFetcherTests
{
    private static readonly DateTimeOffset T1 = new(2020, 1, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddDays(1);
    private static readonly DateTimeOffset T3 = T1.AddDays(2);
    private static readonly DateTimeOffset T4 = T1.AddDays(3).AddSeconds(7);

    private TempDirectory _temp = null!;
    private string _c1 = null!, _c3 = null!, _c4 = null!;
    private GitTestRepository _repo = null!;
    private GitTestRepository _legacy = null!;
    private DirectModuleFetcher _fetcher = null!;
    private DirectModuleFetcher _legacyFetcher = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _repo = new GitTestRepository(_temp.Path, "a");
        _repo.Write("a.go", "package a\n");
        _repo.Write("LICENSE", "root license\n");
        _c1 = _repo.Commit("one", T1);
        _repo.Tag("v0.1.0");
        _repo.Write("go.mod", "module example.com/a\n\ngo 1.19\n");
        _repo.Commit("two", T2);
        _repo.Tag("v1.0.0");
        _repo.Tag("v1.0");
        _repo.Write("sub/go.mod", "module example.com/a/sub\n");
        _repo.Write("sub/s.go", "package sub\n");
        _repo.Write("v2/go.mod", "module example.com/a/v2\n");
        _repo.Write("v2/x.go", "package a\n");
        _c3 = _repo.Commit("three", T3);
        _repo.Tag("v1.1.0", annotated: true);
        _repo.Tag("sub/v0.2.0");
        _repo.Tag("v2.0.0");
        _repo.Write("a.go", "package a\n\nconst X = 1\n");
        _c4 = _repo.Commit("four", T4);

        _legacy = new GitTestRepository(_temp.Path, "legacy");
        _legacy.Write("l.go", "package legacy\n");
        _legacy.Commit("one", T1);
        _legacy.Tag("v1.0.0");
        _legacy.Write("l.go", "package legacy // two\n");
        _legacy.Commit("two", T2);
        _legacy.Tag("v2.0.0");

        _fetcher = new DirectModuleFetcher(new FixedResolver("example.com/a", _repo.Directory), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(_temp.Path, "work") });
        _legacyFetcher = new DirectModuleFetcher(new FixedResolver("example.com/legacy", _legacy.Directory), new DirectModuleFetcherOptions { WorkDirectory = Path.Combine(_temp.Path, "work2") });
    }

    [OneTimeTearDown]
    public void TearDown() => _temp.Dispose();

    private static ModulePath P(string s) => ModulePath.Parse(s);

    [Test]
    public async Task ListsCanonicalTagsMatchingTheMajorVersion()
    {
        Assert.That(await _fetcher.ListVersionsAsync(P("example.com/a")), Is.EqualTo(new[] { "v0.1.0", "v1.0.0", "v1.1.0" }));
    }

    [Test]
    public async Task ListsSubdirectoryModuleTagsWithoutTheirPrefix()
    {
        Assert.That(await _fetcher.ListVersionsAsync(P("example.com/a/sub")), Is.EqualTo(new[] { "v0.2.0" }));
    }

    [Test]
    public async Task ListsMajorVersionSuffixModules()
    {
        Assert.That(await _fetcher.ListVersionsAsync(P("example.com/a/v2")), Is.EqualTo(new[] { "v2.0.0" }));
    }

    [Test]
    public async Task BranchResolvesToPseudoVersionAfterHighestAncestorTag()
    {
        var info = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), "main"));
        var expected = "v1.1.1-0." + T4.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + _c4[..12];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Version, Is.EqualTo(expected));
            Assert.That(info.Time, Is.EqualTo(T4));
            Assert.That(info.Origin?.Hash, Is.EqualTo(_c4));
            Assert.That(info.Origin?.Vcs, Is.EqualTo("git"));
            Assert.That(info.Origin?.TagSum, Does.StartWith("t1:"));
        }

        var byHash = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), _c4[..8]));
        Assert.That(byHash.Version, Is.EqualTo(expected));
        var byPseudo = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), expected));
        Assert.That(byPseudo.Version, Is.EqualTo(expected));
    }

    [Test]
    public async Task UntaggedHistoryGivesV0PseudoVersionAndMajorSuffixGivesVnPseudoVersion()
    {
        // The first commit carries v0.1.0; the commit of v2.0.0 has no go.mod for v2 before it, so its parent is v2.0.0-... no base.
        var info = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), _c1[..12]));
        Assert.That(info.Version, Is.EqualTo("v0.1.0"));

        var v2 = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a/v2"), "main"));
        var expected = "v2.0.1-0." + T4.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + _c4[..12];
        Assert.That(v2.Version, Is.EqualTo(expected));
    }

    [Test]
    public async Task AnnotatedTagResolvesToItsCommit()
    {
        var info = await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), "v1.1.0"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Version, Is.EqualTo("v1.1.0"));
            Assert.That(info.Origin?.Hash, Is.EqualTo(_c3));
            Assert.That(info.Origin?.Ref, Is.EqualTo("refs/tags/v1.1.0"));
            Assert.That(info.Time, Is.EqualTo(T3));
        }
    }

    [Test]
    public async Task LatestIsHighestRelease()
    {
        var info = await _fetcher.QueryAsync(P("example.com/a"), "latest");
        Assert.That(info.Version, Is.EqualTo("v1.1.0"));
    }

    [Test]
    public async Task GoModIsReadOrSynthesised()
    {
        var synthesised = await _fetcher.GetGoModAsync(new ModuleVersion(P("example.com/a"), "v0.1.0"));
        var real = await _fetcher.GetGoModAsync(new ModuleVersion(P("example.com/a"), "v1.0.0"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetString(synthesised.Span), Is.EqualTo("module example.com/a\n"));
            Assert.That(Encoding.UTF8.GetString(real.Span), Is.EqualTo("module example.com/a\n\ngo 1.19\n"));
        }
    }

    [Test]
    public async Task ZipExcludesNestedModules()
    {
        var names = await ZipNames("example.com/a", "v1.1.0");
        Assert.That(names, Is.EquivalentTo(new[] { "example.com/a@v1.1.0/LICENSE", "example.com/a@v1.1.0/a.go", "example.com/a@v1.1.0/go.mod" }));
    }

    [Test]
    public async Task SubdirectoryZipGetsRootLicense()
    {
        var names = await ZipNames("example.com/a/sub", "v0.2.0");
        Assert.That(names, Is.EquivalentTo(new[] { "example.com/a/sub@v0.2.0/LICENSE", "example.com/a/sub@v0.2.0/go.mod", "example.com/a/sub@v0.2.0/s.go" }));
        var v2 = await ZipNames("example.com/a/v2", "v2.0.0");
        Assert.That(v2, Is.EquivalentTo(new[] { "example.com/a/v2@v2.0.0/LICENSE", "example.com/a/v2@v2.0.0/go.mod", "example.com/a/v2@v2.0.0/x.go" }));
    }

    [Test]
    public async Task ZipHashMatchesDirectoryHashOfTheTree()
    {
        using var zip = new MemoryStream();
        await _fetcher.CopyZipToAsync(new ModuleVersion(P("example.com/a"), "v1.0.0"), zip);
        zip.Position = 0;
        var fromZip = await DirHash.HashZipAsync(zip);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["example.com/a@v1.0.0/LICENSE"] = Encoding.UTF8.GetBytes("root license\n"),
            ["example.com/a@v1.0.0/a.go"] = Encoding.UTF8.GetBytes("package a\n"),
            ["example.com/a@v1.0.0/go.mod"] = Encoding.UTF8.GetBytes("module example.com/a\n\ngo 1.19\n"),
        };
        var expected = DirHash.Hash1(files.Keys, n => new MemoryStream(files[n]));
        Assert.That(fromZip, Is.EqualTo(expected));
    }

    [Test]
    public async Task IncompatibleVersionsForRepositoriesWithoutGoMod()
    {
        var list = await _legacyFetcher.ListVersionsAsync(P("example.com/legacy"));
        Assert.That(list, Is.EqualTo(new[] { "v1.0.0", "v2.0.0+incompatible" }));
        var info = await _legacyFetcher.GetInfoAsync(new ModuleVersion(P("example.com/legacy"), "v2.0.0"));
        Assert.That(info.Version, Is.EqualTo("v2.0.0+incompatible"));
    }

    [Test]
    public void UnknownRevisionIsNotFound()
    {
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), "no-such-branch")));
        Assert.That(ex!.Message, Does.StartWith("example.com/a@no-such-branch: "));
    }

    [Test]
    public void PseudoVersionWithWrongTimeIsRejected()
    {
        var wrong = "v1.1.1-0.20000101000000-" + _c4[..12];
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), wrong)));
        Assert.That(ex!.Message, Does.Contain("does not match version-control timestamp"));
    }

    [Test]
    public void TagOfAnotherMajorIsRejectedForCompatiblePath()
    {
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await _fetcher.GetInfoAsync(new ModuleVersion(P("example.com/a"), "v2.0.0")));
        Assert.That(ex!.Message, Does.Contain("module contains a go.mod file, so module path must match major version"));
    }

    private async Task<List<string>> ZipNames(string path, string version)
    {
        using var zip = new MemoryStream();
        await _fetcher.CopyZipToAsync(new ModuleVersion(P(path), version), zip);
        zip.Position = 0;
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName).ToList();
    }
}
