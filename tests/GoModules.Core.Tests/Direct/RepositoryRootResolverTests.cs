using GoModules.Direct;
using GoModules.Patterns;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class RepositoryRootResolverTests
{
    private sealed class FakePages : IGoGetPageSource
    {
        public Dictionary<string, (int Status, string Body)> Pages { get; } = new(StringComparer.Ordinal);

        public List<string> Requests { get; } = [];

        public ValueTask<GoGetPage> GetAsync(Uri url, CancellationToken cancellationToken = default)
        {
            Requests.Add(url.ToString());
            if (Pages.TryGetValue(url.ToString(), out var p))
            {
                return ValueTask.FromResult(new GoGetPage(url, p.Status, p.Body));
            }

            throw new ModuleFetchException("dial tcp: connection refused");
        }
    }

    private static string Meta(string prefix, string vcs, string repo) =>
        $"<html><head><meta name=\"go-import\" content=\"{prefix} {vcs} {repo}\"></head></html>";

    [TestCase("github.com/user/repo/sub/pkg", "github.com/user/repo", "https://github.com/user/repo")]
    [TestCase("bitbucket.org/user/repo", "bitbucket.org/user/repo", "https://bitbucket.org/user/repo")]
    [TestCase("git.openstack.org/openstack/nova/x", "git.openstack.org/openstack/nova", "https://git.openstack.org/openstack/nova")]
    [TestCase("example.com/team/repo.hg/sub", "example.com/team/repo.hg", "https://example.com/team/repo")]
    public async Task KnownHostingPatterns(string path, string root, string url)
    {
        var r = await new RepositoryRootResolver(null).ResolveAsync(ModulePath.Parse(path));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Root, Is.EqualTo(root));
            Assert.That(r.RepositoryUrl, Is.EqualTo(url));
            Assert.That(r.Vcs, Is.EqualTo(path.Contains(".hg", StringComparison.Ordinal) ? "hg" : "git"));
            Assert.That(r.IsFromMetaTag, Is.False);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task GitSuffixPathsProbeSecureSchemesAndFallBackToTheFirstScheme()
    {
        GitTestRepository.Isolate();
        var resolver = new RepositoryRootResolver(null) { PingTimeout = TimeSpan.FromSeconds(20) };
        var r = await resolver.ResolveAsync(ModulePath.Parse("unreachable.invalid/team/repo.git/sub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Root, Is.EqualTo("unreachable.invalid/team/repo.git"));
            Assert.That(r.RepositoryUrl, Is.EqualTo("git://unreachable.invalid/team/repo"));
        }
    }

    [Test]
    public void MalformedKnownHostPathIsRejected()
    {
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(null).ResolveAsync(ModulePath.Parse("github.com/user")));
        Assert.That(ex!.Message, Does.Contain("invalid github.com import path \"github.com/user\""));
    }

    [Test]
    public async Task MetaTagWithVerificationOfTheClaimedPrefix()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/lib/sub?go-get=1"] = (200, Meta("corp.example/lib", "git", "https://git.corp.example/lib"));
        pages.Pages["https://corp.example/lib?go-get=1"] = (200, Meta("corp.example/lib", "git", "https://git.corp.example/lib"));
        var r = await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/lib/sub"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Root, Is.EqualTo("corp.example/lib"));
            Assert.That(r.RepositoryUrl, Is.EqualTo("https://git.corp.example/lib"));
            Assert.That(r.IsFromMetaTag, Is.True);
            Assert.That(pages.Requests, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void DisagreeingPrefixPageIsAnError()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/lib/sub?go-get=1"] = (200, Meta("corp.example/lib", "git", "https://a"));
        pages.Pages["https://corp.example/lib?go-get=1"] = (200, Meta("corp.example/lib", "git", "https://b"));
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/lib/sub")));
        Assert.That(ex!.Message, Does.Contain("disagree about go-import for corp.example/lib"));
    }

    [Test]
    public async Task PlainHttpOnlyUnderGoInsecure()
    {
        var pages = new FakePages();
        pages.Pages["http://corp.example/m?go-get=1"] = (200, Meta("corp.example/m", "git", "git://127.0.0.1/m"));
        var secure = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(secure!.Message, Does.StartWith("unrecognized import path \"corp.example/m\": https fetch: "));

        var r = await new RepositoryRootResolver(pages, PathPatternList.Parse("corp.example")).ResolveAsync(ModulePath.Parse("corp.example/m"));
        Assert.That(r.RepositoryUrl, Is.EqualTo("git://127.0.0.1/m"));
    }

    [Test]
    public void InsecureRepositoryUrlNeedsGoInsecure()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, Meta("corp.example/m", "git", "http://git.corp.example/m"));
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Does.Contain("insecure"));
    }

    [Test]
    public void GovcsIsEnforced()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, Meta("corp.example/m", "svn", "https://svn.corp.example/m"));
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Is.EqualTo("GOVCS disallows using svn for public corp.example/m; see 'go help vcs'"));

        Assert.DoesNotThrowAsync(async () => await new RepositoryRootResolver(pages, privatePatterns: PathPatternList.Parse("corp.example")).ResolveAsync(ModulePath.Parse("corp.example/m")));
    }

    [Test]
    public void NotFoundPageWithoutTagsReportsTheStatus()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (404, "nope");
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Does.Contain("404 Not Found"));
    }

    [Test]
    public void FileSchemeIsRefused()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, Meta("corp.example/m", "git", "file:///srv/m"));
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Does.Contain("file scheme disallowed"));
    }

    // Go 1.27 dropped Bazaar: a bzr tag names an unknown vcs, and ".bzr" is no longer a known path suffix.
    [Test]
    public void BazaarIsNoLongerAVersionControlSystem()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, Meta("corp.example/m", "bzr", "https://bzr.corp.example/m"));
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages, privatePatterns: PathPatternList.Parse("*")).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Is.EqualTo("unrecognized import path \"corp.example/m\": https://corp.example/m?go-get=1: unknown vcs \"bzr\""));

        var suffix = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(null).ResolveAsync(ModulePath.Parse("corp.example/team/repo.bzr/sub")));
        Assert.That(suffix!.Message, Does.Contain("go-get discovery is not configured"));
    }

    [Test]
    public async Task FourFieldTagCarriesTheSubdirectory()
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, "<meta name=\"go-import\" content=\"corp.example/m git https://git.corp.example/mono tools/m\">");
        var r = await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(r.Root, Is.EqualTo("corp.example/m"));
            Assert.That(r.RepositoryUrl, Is.EqualTo("https://git.corp.example/mono"));
            Assert.That(r.Subdirectory, Is.EqualTo("tools/m"));
        }
    }

    [TestCase("/abs", "leading slash")]
    [TestCase("-x", "leading hyphen")]
    public void InvalidSubdirectoryIsRefused(string subdir, string reason)
    {
        var pages = new FakePages();
        pages.Pages["https://corp.example/m?go-get=1"] = (200, $"<meta name=\"go-import\" content=\"corp.example/m git https://git.corp.example/mono {subdir}\">");
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await new RepositoryRootResolver(pages).ResolveAsync(ModulePath.Parse("corp.example/m")));
        Assert.That(ex!.Message, Is.EqualTo($"unrecognized import path \"corp.example/m\": https://corp.example/m?go-get=1: invalid subdirectory \"{subdir}\": {reason}"));
    }
}
