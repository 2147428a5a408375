using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.Fetching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyModuleFetcherTests
{
    private static readonly ModulePath Mod = ModulePath.Parse("example.com/m");

    private static (ProxyModuleFetcher Fetcher, FakeProxy Proxy, List<string> Log) Create(ModuleFetchLimits? limits = null)
    {
        var log = new List<string>();
        var proxy = new FakeProxy("A", log);
        return (new ProxyModuleFetcher(proxy, limits), proxy, log);
    }

    [Test]
    public async Task ListKeepsFirstFieldsOfValidTaggedVersionsSorted()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/list", "v1.10.0\n  v1.2.0 2023-01-01T00:00:00Z extra\n\nnot-a-version\nv1.2.0\nv0.0.0-20230101000000-abcdefabcdef\nv2.0.0-rc.1\r\nv1.0.0-pre\n");
        var versions = await f.ListVersionsAsync(Mod);
        Assert.That(versions, Is.EqualTo(new[] { "v1.0.0-pre", "v1.2.0", "v1.2.0", "v1.10.0", "v2.0.0-rc.1" }));
    }

    [Test]
    public async Task LatestIsTheHighestReleaseThenTheHighestPrerelease()
    {
        var (f, p, log) = Create();
        p.Serve("example.com/m/@v/list", "v1.0.0\nv1.3.0-beta\nv1.2.0\n");
        p.Serve("example.com/m/@v/v1.2.0.info", "{\"Version\":\"v1.2.0\"}");
        Assert.That((await f.GetLatestAsync(Mod)).Version, Is.EqualTo("v1.2.0"));

        var (g, q, _) = Create();
        q.Serve("example.com/m/@v/list", "v1.3.0-beta\nv1.3.0-alpha\n");
        q.Serve("example.com/m/@v/v1.3.0-beta.info", "{\"Version\":\"v1.3.0-beta\"}");
        Assert.That((await g.GetLatestAsync(Mod)).Version, Is.EqualTo("v1.3.0-beta"));
        Assert.That(log, Does.Not.Contain("A example.com/m/@latest"), "@latest is not asked when the list has a tagged version");
    }

    [Test]
    public async Task LatestUsesAtLatestOnlyWithoutTaggedVersions()
    {
        var (f, p, log) = Create();
        p.Serve("example.com/m/@v/list", string.Empty);
        p.Serve("example.com/m/@latest", "{\"Version\":\"v0.0.0-20230301000000-abcdefabcdef\",\"Time\":\"2023-03-01T00:00:00Z\"}");
        var info = await f.GetLatestAsync(Mod);
        Assert.That(info.Version, Is.EqualTo("v0.0.0-20230301000000-abcdefabcdef"));
        Assert.That(info.Time, Is.EqualTo(new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(log, Is.EqualTo(new[] { "A example.com/m/@v/list", "A example.com/m/@latest" }));
    }

    [Test]
    public async Task MissingAtLatestFallsBackToTheNewestTimedLineOfTheList()
    {
        var (f, p, log) = Create();
        // Pseudo-versions are dated by their timestamp, other lines by a second field; undated tags are ignored.
        p.Serve("example.com/m/@v/list", "v0.0.0-20230301000000-abcdefabcdef\nv0.0.0-20220101000000-111111111111 2024-01-01T00:00:00Z\nv0.0.0-20230401000000-222222222222\n");
        p.Serve("example.com/m/@v/v0.0.0-20220101000000-111111111111.info", "{\"Version\":\"v0.0.0-20220101000000-111111111111\"}");
        var info = await f.GetLatestAsync(Mod);
        Assert.That(info.Version, Is.EqualTo("v0.0.0-20220101000000-111111111111"));
        Assert.That(log, Is.EqualTo(new[]
        {
            "A example.com/m/@v/list",
            "A example.com/m/@v/v0.0.0-20220101000000-111111111111.info",
            "A example.com/m/@latest",
        }), "the go command reads the list-derived .info before asking @latest");
    }

    [Test]
    public void NothingAnywhereIsNoMatchingVersions()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/list", "garbage\n");
        var ex = Assert.ThrowsAsync<NoMatchingVersionException>(async () => await f.GetLatestAsync(Mod));
        Assert.That(ex!.Query, Is.EqualTo("latest"));
    }

    [Test]
    public void ListErrorFailsTheQueryWithoutAskingAtLatest()
    {
        var (f, p, log) = Create();
        p.Serve("example.com/m/@latest", "{\"Version\":\"v1.0.0\"}");
        Assert.ThrowsAsync<ModuleNotFoundException>(async () => await f.GetLatestAsync(Mod));
        Assert.That(log, Is.EqualTo(new[] { "A example.com/m/@v/list" }));
    }

    [TestCase("v1", "v1.9.0")]
    [TestCase("v1.2", "v1.2.5")]
    [TestCase("<v1.2.0", "v1.1.0")]
    [TestCase("<=v1.2.5", "v1.2.5")]
    [TestCase(">v1.2.0", "v1.2.5")]
    [TestCase(">=v1.2.0", "v1.2.0")]
    [TestCase(">=v1.3.0", "v1.9.0")]
    public async Task PrefixAndComparisonQueries(string query, string expected)
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/list", "v1.1.0\nv1.2.0\nv1.2.5\nv1.9.0\nv1.2.6-pre\n");
        foreach (var v in new[] { "v1.1.0", "v1.2.0", "v1.2.5", "v1.9.0" })
        {
            p.Serve($"example.com/m/@v/{v}.info", $"{{\"Version\":\"{v}\"}}");
        }

        Assert.That((await f.QueryAsync(Mod, query)).Version, Is.EqualTo(expected));
    }

    [TestCase(">v1.2")]
    [TestCase("<=v1")]
    [TestCase("<junk")]
    [TestCase("patch")]
    [TestCase("")]
    public void MalformedQueriesAreRejectedBeforeAnyRequest(string query)
    {
        var (f, _, log) = Create();
        Assert.CatchAsync<ArgumentException>(async () => await f.QueryAsync(Mod, query));
        Assert.That(log, Is.Empty);
    }

    [Test]
    public async Task RevisionQueriesAskTheInfoDirectlyAndAcceptAnyVersion()
    {
        var (f, p, log) = Create();
        p.Serve("example.com/m/@v/master.info", "{\"Version\":\"v0.0.0-20230101000000-abcdefabcdef\"}");
        Assert.That((await f.QueryAsync(Mod, "master")).Version, Is.EqualTo("v0.0.0-20230101000000-abcdefabcdef"));
        Assert.That(log, Is.EqualTo(new[] { "A example.com/m/@v/master.info" }));
    }

    [Test]
    public async Task BuildMetadataFallsBackToTheCanonicalTag()
    {
        var (f, p, log) = Create();
        p.Serve("example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\"}");
        Assert.That((await f.QueryAsync(Mod, "v1.0.0+build")).Version, Is.EqualTo("v1.0.0"));
        Assert.That(log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0+build.info", "A example.com/m/@v/v1.0.0.info" }));
    }

    [Test]
    public void InfoMustNameTheCanonicalVersionAskedFor()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.1.0\"}");
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.GetInfoAsync(new ModuleVersion(Mod, "v1.0.0")));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.WrongVersion));
        Assert.That(ex.Message, Is.EqualTo("example.com/m@v1.0.0: proxy returned info for version v1.1.0 instead of requested version"));
    }

    [Test]
    public async Task InfoForAVersionThatDoesNotSuitThePathIsNotChecked()
    {
        // v2.0.0 is not a valid version of a path without /v2, so any answer is accepted (Go checks module.Check first).
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v2.0.0.info", "{\"Version\":\"v2.0.0+incompatible\"}");
        Assert.That((await f.GetInfoAsync(new ModuleVersion(Mod, "v2.0.0"))).Version, Is.EqualTo("v2.0.0+incompatible"));
    }

    [TestCase("{not json")]
    [TestCase("[]")]
    [TestCase("{\"Version\": 5}")]
    [TestCase("{\"Version\":\"v1.0.0\",\"Time\":\"yesterday\"}")]
    public void InvalidInfoIsAnInvalidResponse(string body)
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v1.0.0.info", body);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.GetInfoAsync(new ModuleVersion(Mod, "v1.0.0")));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InvalidResponse));
        Assert.That(ex.Message, Does.StartWith("example.com/m@v1.0.0: invalid response from proxy \"https://a.example\": "));
    }

    [Test]
    public async Task InfoFieldsAreMatchedLikeGo()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v1.0.0.info", "{\"version\":\"v1.0.0\",\"Extra\":[1,2],\"origin\":{\"vcs\":\"git\",\"URL\":\"https://x\",\"Hash\":\"abc\"},\"Time\":\"2023-01-01T10:00:00.123456789+02:00\"}");
        var info = await f.GetInfoAsync(new ModuleVersion(Mod, "v1.0.0"));
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(info.Origin?.Vcs, Is.EqualTo("git"));
        Assert.That(info.Origin?.Url, Is.EqualTo("https://x"));
        Assert.That(info.Origin?.Hash, Is.EqualTo("abc"));
        Assert.That(info.Time.UtcDateTime, Is.EqualTo(new DateTime(2023, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234567)));

        p.Serve("example.com/m/@v/v1.0.1.info", "{\"Version\":\"v1.0.1\"}");
        Assert.That((await f.GetInfoAsync(new ModuleVersion(Mod, "v1.0.1"))).Time, Is.EqualTo(default(DateTimeOffset)), "a missing Time is Go's zero time");
    }

    [Test]
    public async Task SizeLimitsAcceptExactlyTheLimit()
    {
        var limits = new ModuleFetchLimits { MaxZipBytes = 10, MaxGoModBytes = 5 };
        var (f, p, _) = Create(limits);
        var v = new ModuleVersion(Mod, "v1.0.0");
        p.Serve("example.com/m/@v/v1.0.0.zip", "0123456789");
        p.Serve("example.com/m/@v/v1.0.0.mod", "12345");
        using var ok = new MemoryStream();
        await f.CopyZipToAsync(v, ok);
        Assert.That(ok.Length, Is.EqualTo(10));
        Assert.That((await f.GetGoModAsync(v)).Length, Is.EqualTo(5));

        p.Serve("example.com/m/@v/v1.0.0.zip", "0123456789A");
        p.Serve("example.com/m/@v/v1.0.0.mod", "123456");
        var zipEx = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.CopyZipToAsync(v, new MemoryStream()));
        Assert.That(zipEx!.Message, Is.EqualTo("example.com/m@v1.0.0: downloaded zip file too large"));
        Assert.That(zipEx.Failure, Is.EqualTo(ModuleFetchFailure.TooLarge));
        var modEx = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.GetGoModAsync(v));
        Assert.That(modEx!.Failure, Is.EqualTo(ModuleFetchFailure.TooLarge));
    }

    [Test]
    public async Task PathsAndVersionsAreCaseEncoded()
    {
        var (f, p, log) = Create();
        var path = ModulePath.Parse("github.com/Azure/Go");
        p.Serve("github.com/!azure/!go/@v/v1.0.0-!r!c1.info", "{\"Version\":\"v1.0.0-RC1\"}");
        var info = await f.GetInfoAsync(new ModuleVersion(path, "v1.0.0-RC1"));
        Assert.That(info.Version, Is.EqualTo("v1.0.0-RC1"));
        Assert.That(log, Is.EqualTo(new[] { "A github.com/!azure/!go/@v/v1.0.0-!r!c1.info" }));
    }

    [Test]
    public void AVersionThatCannotBeEscapedIsRejected()
    {
        var (f, _, log) = Create();
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await f.GetInfoAsync(new ModuleVersion(Mod, "v1!x")));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InvalidVersion));
        Assert.That(log, Is.Empty);
    }

    [Test]
    public async Task IncompatibleMajorsAreIgnoredWhenTheLatestCompatibleVersionHasAGoMod()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/list", "v1.0.0\nv2.0.0+incompatible\n");
        p.Serve("example.com/m/@v/v1.0.0.mod", "module example.com/m\n\ngo 1.16\n");
        p.Serve("example.com/m/@v/v1.0.0.info", "{\"Version\":\"v1.0.0\"}");
        p.Serve("example.com/m/@v/v2.0.0+incompatible.info", "{\"Version\":\"v2.0.0+incompatible\"}");
        Assert.That((await f.GetLatestAsync(Mod)).Version, Is.EqualTo("v1.0.0"));

        // Without a real go.mod (the synthesised "module path" line), +incompatible versions count.
        p.Serve("example.com/m/@v/v1.0.0.mod", "module example.com/m\n");
        Assert.That((await f.GetLatestAsync(Mod)).Version, Is.EqualTo("v2.0.0+incompatible"));
    }

    [Test]
    public async Task ProgressReportsBytesWritten()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v1.0.0.zip", new string('z', 1000));
        var seen = new List<long>();
        await f.CopyZipToAsync(new ModuleVersion(Mod, "v1.0.0"), new MemoryStream(), new SyncProgress(seen.Add));
        Assert.That(seen[^1], Is.EqualTo(1000));
    }

    [Test]
    public async Task PipeWriterOverloadStreamsWithoutCompletingThePipe()
    {
        var (f, p, _) = Create();
        p.Serve("example.com/m/@v/v1.0.0.zip", "PK-bytes");
        var pipe = new System.IO.Pipelines.Pipe();
        await f.CopyZipToAsync(new ModuleVersion(Mod, "v1.0.0"), pipe.Writer);
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAtLeastAsync(100);
        Assert.That(Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(result.Buffer)), Is.EqualTo("PK-bytes"));
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
