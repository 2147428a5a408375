using GoModules.Caching;
using GoModules.Hashing;
using GoModules.Http.Tests.Infrastructure;
using GoModules.Zip;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Zip downloads whose connection drops part-way through the body are resumed with Range + If-Range when the server
/// allows it (issue 14, "Beyond the newest Go"); otherwise they fail as before.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class ResumableDownloadTests
{
    private const string ZipPath = "/example.com/m/@v/v1.0.0.zip";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    [TestCase("etag")]
    [TestCase("last-modified")]
    public async Task ADroppedBodyIsResumedWhereItStopped(string validator, CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var content = Bytes(200_000, 1);
        var script = new RangeFileScript(content) { Drops = { 70_000 } };
        if (validator == "last-modified")
        {
            script.ETag = null;
            script.LastModified = "Tue, 01 Aug 2023 10:00:00 GMT";
        }

        var a = Serve(host, script);
        var destination = new MemoryStream();
        var reported = new List<long>();
        await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, destination, new SyncProgress(reported.Add), ct);

        Assert.That(destination.ToArray(), Is.EqualTo(content), "the bytes of the whole file, each once");
        var zips = ZipRequests(host);
        Assert.That(zips, Has.Count.EqualTo(2));
        Assert.That(zips[0].Headers.ContainsKey("Range") || zips[0].Headers.ContainsKey("If-Range"), Is.False);
        Assert.That(zips[1].Headers["Range"], Is.EqualTo("bytes=70000-"));
        Assert.That(zips[1].Headers["If-Range"], Is.EqualTo(validator == "etag" ? "\"v1\"" : "Tue, 01 Aug 2023 10:00:00 GMT"));
        Assert.That(reported[^1], Is.EqualTo(content.Length));
    }

    [TestCase("weak-etag")]
    [TestCase("no-accept-ranges")]
    [TestCase("no-validator")]
    [TestCase("option-off")]
    public async Task WithoutWhatResumingNeedsADropFailsAfterOneRequest(string missing, CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var script = new RangeFileScript(Bytes(200_000, 2)) { Drops = { 70_000 } };
        switch (missing)
        {
            case "weak-etag": script.ETag = "W/\"v1\""; script.LastModified = "Tue, 01 Aug 2023 10:00:00 GMT"; break;
            case "no-accept-ranges": script.AcceptRanges = false; break;
            case "no-validator": script.ETag = null; break;
        }

        var a = Serve(host, script);
        var fetcher = host.Fetcher(a.BaseUrl, o => o.ResumeDownloads = missing != "option-off");
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.TruncatedBody), ex.ToString());
        Assert.That(ZipRequests(host), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AFileThatChangedOnTheServerIsTakenAgainFromByteZero(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var before = Bytes(200_000, 3);
        var after = Bytes(150_000, 4);
        var script = new RangeFileScript(before)
        {
            Drops = { 70_000 },
            BeforeAnswer = (n, s) =>
            {
                if (n == 1)
                {
                    s.Content = after;
                    s.ETag = "\"v2\"";
                }
            },
        };
        var a = Serve(host, script);
        var destination = new MemoryStream();
        await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, destination, cancellationToken: ct);

        Assert.That(destination.ToArray(), Is.EqualTo(after), "the new file, from its first byte");
        var zips = ZipRequests(host);
        Assert.That(zips, Has.Count.EqualTo(2));
        Assert.That(zips[1].Headers["If-Range"], Is.EqualTo("\"v1\""));
        Assert.That(zips[1].Headers["Range"], Is.EqualTo("bytes=70000-"));
    }

    [Test]
    public async Task AChangedFileWithNoRestartLeftFails(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var script = new RangeFileScript(Bytes(200_000, 5))
        {
            Drops = { 70_000, 50_000 },
            BeforeAnswer = (n, s) =>
            {
                if (n == 2)
                {
                    s.Content = Bytes(200_000, 6);
                    s.ETag = "\"v2\"";
                }
            },
        };
        var a = Serve(host, script);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct));
        Assert.That(ex!.Message, Does.Contain("changed on the server").And.Contain("no restart remains"));
        var zips = ZipRequests(host);
        Assert.That(zips.Select(r => r.Headers.GetValueOrDefault("Range", "-")), Is.EqualTo(new[] { "-", "bytes=70000-", "bytes=120000-" }));
    }

    [Test]
    public async Task ThreeDropsFail(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var script = new RangeFileScript(Bytes(200_000, 7)) { Drops = { 50_000, 50_000, 50_000 } };
        var a = Serve(host, script);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.TruncatedBody), ex.ToString());
        Assert.That(ZipRequests(host).Select(r => r.Headers.GetValueOrDefault("Range", "-")), Is.EqualTo(new[] { "-", "bytes=50000-", "bytes=100000-" }), "at most two restarts");
    }

    [Test]
    public async Task MaxDownloadRestartsIsHonoured(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var content = Bytes(200_000, 8);
        var script = new RangeFileScript(content) { Drops = { 50_000, 50_000, 50_000 } };
        var a = Serve(host, script);
        var destination = new MemoryStream();
        await host.Fetcher(a.BaseUrl, o => o.MaxDownloadRestarts = 3).CopyZipToAsync(V100, destination, cancellationToken: ct);
        Assert.That(destination.ToArray(), Is.EqualTo(content));
        Assert.That(ZipRequests(host), Has.Count.EqualTo(4));
    }

    [TestCase(1, TestName = "A206ThatDoesNotStartWhereAskedFails")]
    [TestCase(-1, TestName = "A206ThatStartsBeforeWhereAskedFails")]
    public async Task A206ThatDoesNotContinueTheFileFails(long skew, CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var script = new RangeFileScript(Bytes(200_000, 9)) { Drops = { 70_000 }, ContentRangeSkew = skew };
        var a = Serve(host, script);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InvalidResponse));
        Assert.That(ex.StatusCode, Is.EqualTo(206));
        Assert.That(ex.Message, Does.Contain("does not continue the file at byte 70000 of 200000"));
    }

    [Test]
    public async Task A206WithAnotherTotalLengthFails(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var script = new RangeFileScript(Bytes(200_000, 10))
        {
            Drops = { 70_000 },

            // Same ETag, longer file: the server's Content-Range names another total.
            BeforeAnswer = (n, s) => s.Content = n == 1 ? Bytes(210_000, 10) : s.Content,
        };
        var a = Serve(host, script);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InvalidResponse));
        Assert.That(ex.Message, Does.Contain("Content-Range \"bytes 70000-209999/210000\""));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AResumedZipIsCachedWithTheHashOfTheWholeZip(bool changedETag, CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var zip = new MemoryStream();
        await ModuleZipWriter.CreateAsync(zip, "example.com/m", "v1.0.0", [
            ModuleZipSourceFile.FromBytes("go.mod", "module example.com/m\n"u8.ToArray()),
            ModuleZipSourceFile.FromBytes("data.bin", Bytes(300_000, 11)),
            ModuleZipSourceFile.FromBytes("more.bin", Bytes(100_000, 12)),
        ], cancellationToken: ct);
        var content = zip.ToArray();
        zip.Position = 0;
        var h1 = await DirHash.HashZipAsync(zip, ct);

        // Dropped twice: inside the first file's data and inside the central directory's neighbourhood.
        var script = new RangeFileScript(content) { Drops = { 150_000, content.Length - 150_000 - 100 } };
        if (changedETag)
        {
            // The server's validator changes after the first answer (the bytes do not): the streaming reader and the
            // temporary file start over from byte 0 with the 200 answer, and the second drop is resumed against it.
            script.BeforeAnswer = (n, s) => s.ETag = n == 0 ? "\"v1\"" : "\"v2\"";
            script.Drops[1] = content.Length - 100;
        }

        var a = Serve(host, script);
        var root = Path.Combine(host.Root, "modcache");
        // Taking the changed file from byte 0 is a restart of its own: one resume, one start over, one resume.
        var fetcher = host.Fetcher(a.BaseUrl, o => o.MaxDownloadRestarts = changedETag ? 3 : 2);
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = root, GoSum = GoSumFile.Parse($"example.com/m v1.0.0 {h1}\n") });
        var dir = await cache.DownloadAsync(V100, ct);

        Assert.That(File.ReadAllText(cache.Paths.GetZipHashFile(V100)).Trim(), Is.EqualTo(h1));
        Assert.That(File.ReadAllBytes(cache.Paths.GetZipFile(V100)), Is.EqualTo(content));
        Assert.That(File.ReadAllBytes(Path.Combine(dir, "data.bin")), Is.EqualTo(Bytes(300_000, 11)));
        Assert.That(ZipRequests(host).Select(r => r.Headers.GetValueOrDefault("Range", "-") + " " + r.Headers.GetValueOrDefault("If-Range", "-")), Is.EqualTo(new[]
        {
            "- -",
            "bytes=150000- \"v1\"",
            "bytes=" + (content.Length - 100) + "- " + (changedETag ? "\"v2\"" : "\"v1\""),
        }));
    }

    private static ScriptedHttpServer Serve(HttpTestHost host, RangeFileScript script) =>
        host.Server("A", (path, headers) => path switch
        {
            ZipPath => script.Answer(headers),
            "/example.com/m/@v/v1.0.0.info" => ServerBehavior.Text(200, "{\"Version\":\"v1.0.0\"}", "application/json"),
            "/example.com/m/@v/v1.0.0.mod" => ServerBehavior.Text(200, "module example.com/m\n"),
            _ => ServerBehavior.Text(404, "not found\n"),
        });

    private static List<RecordedRequest> ZipRequests(HttpTestHost host) =>
        host.Log.Snapshot().Where(r => r.Path == ZipPath).ToList();

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
