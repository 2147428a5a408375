using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.Fetching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyChainFetcherTests
{
    private const string Info100 = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    private static readonly ModulePath Mod = ModulePath.Parse("example.com/m");
    private static readonly ModuleVersion V100 = new(Mod, "v1.0.0");

    private sealed class Setup
    {
        public List<string> Log { get; } = [];

        public FakeProxy A { get; }

        public FakeProxy B { get; }

        public FakeProxy C { get; }

        public Setup()
        {
            A = new FakeProxy("A", Log);
            B = new FakeProxy("B", Log);
            C = new FakeProxy("C", Log);
        }

        public ProxyChainFetcher Chain(string goproxy, string? goprivate = null, string? gonoproxy = null, IModuleFetcher? direct = null)
        {
            var text = goproxy.Replace("A", A.RedactedBaseUrl, StringComparison.Ordinal)
                .Replace("B", B.RedactedBaseUrl, StringComparison.Ordinal)
                .Replace("C", C.RedactedBaseUrl, StringComparison.Ordinal);
            var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = text, ["GOPRIVATE"] = goprivate, ["GONOPROXY"] = gonoproxy });
            return ProxyChainFetcher.FromEnvironment(env, new FakeFactory(A, B, C), direct);
        }

        public static void Healthy(FakeProxy p)
        {
            p.Serve("example.com/m/@v/list", "v1.0.0\nv1.1.0\n")
             .Serve("example.com/m/@v/v1.0.0.info", Info100)
             .Serve("example.com/m/@v/v1.1.0.info", "{\"Version\":\"v1.1.0\"}")
             .Serve("example.com/m/@v/v1.0.0.mod", "module example.com/m\n")
             .Serve("example.com/m/@v/v1.0.0.zip", "ZIPBYTES-" + p.Name);
        }
    }

    [Test]
    public async Task CommaFallsBackOnNotFoundOnly()
    {
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Status(410);
        Setup.Healthy(s.B);
        var info = await s.Chain("A,B").GetInfoAsync(V100);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.info", "B example.com/m/@v/v1.0.0.info" }));

        var t = new Setup();
        t.A.Fallback = () => FakeAnswer.Status(500);
        Setup.Healthy(t.B);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await t.Chain("A,B").GetInfoAsync(V100));
        Assert.That(ex!.StatusCode, Is.EqualTo(500));
        Assert.That(t.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.info" }), "B must not be asked after a hard error on a ',' entry");
    }

    [Test]
    public async Task PipeFallsBackOnAnyError()
    {
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Status(503);
        Setup.Healthy(s.B);
        var mod = await s.Chain("A|B").GetGoModAsync(V100);
        Assert.That(Encoding.UTF8.GetString(mod.Span), Is.EqualTo("module example.com/m\n"));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.mod", "B example.com/m/@v/v1.0.0.mod" }));
    }

    [Test]
    public void SeparatorAfterTheEntryDecides()
    {
        // A|B,C: A falls back on anything, B only on not-found.
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Status(500);
        s.B.Fallback = () => FakeAnswer.Status(503);
        Setup.Healthy(s.C);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await s.Chain("A|B,C").GetInfoAsync(V100));
        Assert.That(ex!.StatusCode, Is.EqualTo(503));
        Assert.That(s.Log, Has.Count.EqualTo(2));
    }

    [TestCase(500, 503, 503)]
    [TestCase(403, 404, 403)]
    [TestCase(404, 410, 410)]
    [TestCase(404, 500, 500)]
    public void BestErrorRanking(int a, int b, int reported)
    {
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Status(a);
        s.B.Fallback = () => FakeAnswer.Status(b);
        var ex = Assert.CatchAsync<GoModuleException>(async () => await s.Chain("A|B").GetInfoAsync(V100));
        var status = ex switch { ModuleNotFoundException nf => nf.StatusCode, ModuleFetchException fe => fe.StatusCode, _ => null };
        Assert.That(status, Is.EqualTo(reported), ex!.Message);
        Assert.That(ex.Message, Does.StartWith("example.com/m@v1.0.0: reading "));
    }

    [Test]
    public void OffAfterNotFoundReportsOff()
    {
        var s = new Setup();
        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await s.Chain("A,off,B").GetInfoAsync(V100));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.ProxyOff));
        Assert.That(ex.Message, Is.EqualTo("example.com/m@v1.0.0: module lookup disabled by GOPROXY=off"));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.info" }), "off ends the list");
    }

    [Test]
    public void DirectWithoutFetcherFailsClearlyAndOutranksProxyErrors()
    {
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Status(500);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await s.Chain("A|direct").GetInfoAsync(V100));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.DirectNotConfigured));
        Assert.That(ex.Message, Does.Contain("direct mode is not configured"));
    }

    [Test]
    public async Task NoProxyPathsGoOnlyToDirect()
    {
        var s = new Setup();
        Setup.Healthy(s.A);
        var direct = new RecordingDirect();
        var info = await s.Chain("A", goprivate: "example.com", direct: direct).GetInfoAsync(V100);
        Assert.That(info.Version, Is.EqualTo("direct:v1.0.0"));
        Assert.That(s.Log, Is.Empty, "a GOPRIVATE module never reaches a proxy");
        Assert.That(direct.Calls, Is.EqualTo(1), "the implicit noproxy entry uses direct mode");
    }

    [Test]
    public async Task NoProxyPathsAreFetchedDirectlyEvenWithOff()
    {
        var s = new Setup();
        var direct = new RecordingDirect();
        var info = await s.Chain("off", gonoproxy: "example.com/m", direct: direct).GetInfoAsync(V100);
        Assert.That(info.Version, Is.EqualTo("direct:v1.0.0"));
    }

    [Test]
    public void NoProxyDirectErrorIsReportedOverDisabledEntries()
    {
        var s = new Setup();
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await s.Chain("A|B", goprivate: "example.com").GetInfoAsync(V100));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.DirectNotConfigured));
        Assert.That(s.Log, Is.Empty);
    }

    [Test]
    public async Task GoNoProxyNoneRoutesPrivateModulesThroughTheProxy()
    {
        var s = new Setup();
        Setup.Healthy(s.A);
        var info = await s.Chain("A", goprivate: "example.com", gonoproxy: "none").GetInfoAsync(V100);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
    }

    [Test]
    public async Task NonMatchingModulePassesTheNoProxyEntry()
    {
        var s = new Setup();
        Setup.Healthy(s.A);
        var info = await s.Chain("A", gonoproxy: "other.example").GetInfoAsync(V100);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.info" }));
    }

    [Test]
    public async Task EveryFileWalksFromTheFirstEntry()
    {
        var s = new Setup();
        Setup.Healthy(s.A);
        s.A.Status("example.com/m/@v/v1.0.0.zip", 404);
        Setup.Healthy(s.B);
        var chain = s.Chain("A,B");
        await chain.GetInfoAsync(V100);
        await chain.GetGoModAsync(V100);
        using var zip = new MemoryStream();
        await chain.CopyZipToAsync(V100, zip);
        Assert.That(s.Log, Is.EqualTo(new[]
        {
            "A example.com/m/@v/v1.0.0.info",
            "A example.com/m/@v/v1.0.0.mod",
            "A example.com/m/@v/v1.0.0.zip",
            "B example.com/m/@v/v1.0.0.zip",
        }));
        Assert.That(Encoding.UTF8.GetString(zip.ToArray()), Is.EqualTo("ZIPBYTES-B"));
    }

    [Test]
    public async Task QueryIsOneWalkWhoseStepIncludesTheList()
    {
        // A lists v1.1.0 but has no .info for it: B repeats the whole step, list included.
        var s = new Setup();
        s.A.Serve("example.com/m/@v/list", "v1.0.0\nv1.1.0\n");
        Setup.Healthy(s.B);
        var info = await s.Chain("A,B").QueryAsync(Mod, "latest");
        Assert.That(info.Version, Is.EqualTo("v1.1.0"));
        Assert.That(s.Log, Is.EqualTo(new[]
        {
            "A example.com/m/@v/list",
            "A example.com/m/@v/v1.1.0.info",
            "B example.com/m/@v/list",
            "B example.com/m/@v/v1.1.0.info",

            // The retraction check reads the latest version's go.mod by a walk of its own; B has none, so nothing is retracted.
            "A example.com/m/@v/v1.1.0.mod",
            "B example.com/m/@v/v1.1.0.mod",
        }));
    }

    [Test]
    public void EmptyListWithoutLatestStopsACommaList()
    {
        var s = new Setup();
        s.A.Serve("example.com/m/@v/list", string.Empty);
        Setup.Healthy(s.B);
        var ex = Assert.ThrowsAsync<NoMatchingVersionException>(async () => await s.Chain("A,B").QueryAsync(Mod, "latest"));
        Assert.That(ex!.Message, Is.EqualTo("module example.com/m: no matching versions for query \"latest\""));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/list", "A example.com/m/@latest" }));
    }

    [Test]
    public async Task EmptyListWithoutLatestFallsBackAfterAPipe()
    {
        // Go's TryProxies falls back on any error after '|', the query error included
        // (modload.queryReuse wraps queryProxy in TryProxies; NoMatchingVersionError is only not "not found").
        var s = new Setup();
        s.A.Serve("example.com/m/@v/list", string.Empty);
        Setup.Healthy(s.B);
        var info = await s.Chain("A|B").QueryAsync(Mod, "latest");
        Assert.That(info.Version, Is.EqualTo("v1.1.0"));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/list", "A example.com/m/@latest", "B example.com/m/@v/list", "B example.com/m/@v/v1.1.0.info", "A example.com/m/@v/v1.1.0.mod", "B example.com/m/@v/v1.1.0.mod" }));
    }

    [Test]
    public async Task ZipFailingPartWayIsRewoundBeforeTheNextEntry()
    {
        var s = new Setup();
        s.A.Serve("example.com/m/@v/v1.0.0.zip", () => FakeAnswer.Ok("AAAAAAAAAAAAAAAAAAAA") with { FailAfter = 7 });
        Setup.Healthy(s.B);
        using var zip = new MemoryStream();
        zip.Write("prefix:"u8);
        var seen = new List<long>();
        await s.Chain("A|B").CopyZipToAsync(V100, zip, new SyncProgress(seen.Add));
        Assert.That(Encoding.UTF8.GetString(zip.ToArray()), Is.EqualTo("prefix:ZIPBYTES-B"));
        Assert.That(seen, Does.Contain(0L), "progress restarts at zero");
        Assert.That(seen[^1], Is.EqualTo("ZIPBYTES-B".Length));
    }

    [Test]
    public void ZipFailingPartWayIntoAStreamThatCannotRewindStops()
    {
        var s = new Setup();
        s.A.Serve("example.com/m/@v/v1.0.0.zip", () => FakeAnswer.Ok("AAAAAAAAAAAAAAAAAAAA") with { FailAfter = 7 });
        Setup.Healthy(s.B);
        using var inner = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(inner);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await s.Chain("A|B").CopyZipToAsync(V100, forwardOnly));
        Assert.That(ex!.Message, Does.Contain("could not be rewound"));
        Assert.That(s.Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void InvalidGoProxyFailsEveryOperation()
    {
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = "," });
        var chain = ProxyChainFetcher.FromEnvironment(env);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await chain.GetInfoAsync(V100));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InvalidConfiguration));
        Assert.That(ex.Message, Is.EqualTo("example.com/m@v1.0.0: GOPROXY list is not the empty string, but contains no entries"));
        Assert.ThrowsAsync<ModuleFetchException>(async () => await chain.ListVersionsAsync(Mod));
    }

    [Test]
    public void NonCanonicalVersionsAreRejectedForModAndZip()
    {
        var s = new Setup();
        var chain = s.Chain("A");
        Assert.ThrowsAsync<ArgumentException>(async () => await chain.GetGoModAsync(new ModuleVersion(Mod, "v1.0")));
        Assert.ThrowsAsync<ArgumentException>(async () => await chain.CopyZipToAsync(new ModuleVersion(Mod, "master"), new MemoryStream()));
        Assert.That(s.Log, Is.Empty);
    }

    [Test]
    public void CancellationIsNotTreatedAsAnEntryFailure()
    {
        var s = new Setup();
        s.A.Fallback = () => FakeAnswer.Ok(Info100) with { Delay = TimeSpan.FromSeconds(30) };
        Setup.Healthy(s.B);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.CatchAsync<OperationCanceledException>(async () => await s.Chain("A|B").GetInfoAsync(V100, cts.Token));
        Assert.That(s.Log, Is.EqualTo(new[] { "A example.com/m/@v/v1.0.0.info" }));
    }

    [Test]
    public async Task FileProxyServesADirectoryTree()
    {
        var root = Path.Combine(TestContext.CurrentContext.WorkDirectory, "fileproxy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "example.com", "!upper", "@v"));
        File.WriteAllText(Path.Combine(root, "example.com", "!upper", "@v", "v1.0.0.info"), "{\"Version\":\"v1.0.0\"}");
        try
        {
            var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = new Uri(root).AbsoluteUri + "," + new Uri(root).AbsoluteUri });
            var chain = ProxyChainFetcher.FromEnvironment(env);
            var path = ModulePath.Parse("example.com/Upper");
            var info = await chain.GetInfoAsync(new ModuleVersion(path, "v1.0.0"));
            Assert.That(info.Version, Is.EqualTo("v1.0.0"));
            var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await chain.GetGoModAsync(new ModuleVersion(path, "v1.0.0")));
            Assert.That(ex!.StatusCode, Is.EqualTo(404));
            Assert.That(ex.Failure, Is.EqualTo(ModuleFetchFailure.FileNotFound));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private sealed class RecordingDirect : IModuleFetcher
    {
        public int Calls;

        public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            return ValueTask.FromResult(new ModuleInfo("direct:" + module.Version, default));
        }

        public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
