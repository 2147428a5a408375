using System.Diagnostics;
using System.Text;
using GoModules.Fetching;
using GoModules.Http.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Tests.Http;

/// <summary>The HTTP rules of the transport that the recorded scenarios do not all exercise.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class HttpTransportTests
{
    private const string InfoPath = "/example.com/m/@v/v1.0.0.info";
    private const string Info = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    private static Func<string, ServerBehavior> Healthy(string zip = "ZIP") => path => path switch
    {
        InfoPath => ServerBehavior.Text(200, Info, "application/json"),
        "/example.com/m/@v/v1.0.0.mod" => ServerBehavior.Text(200, "module example.com/m\n"),
        "/example.com/m/@v/v1.0.0.zip" => ServerBehavior.Text(200, zip),
        "/example.com/m/@v/list" => ServerBehavior.Text(200, "v1.0.0\n"),
        _ => ServerBehavior.Text(404, "not found\n"),
    };

    [Test]
    public async Task RedirectLoopStopsAfterTenRequests(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        ScriptedHttpServer? a = null;
        a = host.Server("A", path => new ServerBehavior { Status = 302, Location = a!.BaseUrl + path, Body = [] });
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.TooManyRedirects));
        Assert.That(ex.Message, Does.EndWith("stopped after 10 redirects"));
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(10));
    }

    [Test]
    public async Task RedirectToA404IsNotFound(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(404, "nope\n"));
        var a = host.Server("A", path => new ServerBehavior { Status = 307, Location = b.BaseUrl + path, Body = [] });
        var c = host.Server("C", Healthy());
        var info = await host.Fetcher(a.BaseUrl + "," + c.BaseUrl).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(host.Log.Snapshot().Select(r => r.Server), Is.EqualTo(new[] { "A", "B", "C" }));

        var ex = Assert.ThrowsAsync<ModuleNotFoundException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.StartWith($"example.com/m@v1.0.0: reading {a.BaseUrl}{InfoPath}: 404 Not Found"), "the URL asked for is reported, as Go does");
    }

    [Test]
    public async Task RelativeRedirectsAreResolvedAgainstTheRequest(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", path => path.StartsWith("/moved/", StringComparison.Ordinal)
            ? Healthy()(path["/moved/prefix".Length..])
            : new ServerBehavior { Status = 301, Location = "/moved" + path, Body = [] });
        var info = await host.Fetcher(a.BaseUrl + "/prefix").GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(host.Log.Snapshot().Select(r => r.Path), Is.EqualTo(new[] { "/prefix" + InfoPath, "/moved/prefix" + InfoPath }));
    }

    [Test]
    public async Task RedirectFromHttpsToHttpIsRefused(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var plain = host.Server("B", Healthy());
        var secure = host.Server("A", path => new ServerBehavior { Status = 302, Location = plain.BaseUrl + path, Body = [] }, tls: true);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(secure.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InsecureRedirect));
        Assert.That(ex.Message, Does.Contain("redirected from secure URL https://").And.Contain("to insecure URL http://"));
        Assert.That(host.Log.Snapshot().Select(r => r.Server), Is.EqualTo(new[] { "A" }));
    }

    [TestCase("text/plain; charset=utf-8", "line one\nline two\n\nafter blank\n", "\n\tserver response:\n\tline one\n\tline two")]
    [TestCase("text/plain", "just one line\n", "\n\tserver response: just one line")]
    [TestCase("text/plain; charset=US-ASCII", "x\n", "\n\tserver response: x")]
    [TestCase("text/html; charset=utf-8", "<html>nope</html>\n", "")]
    [TestCase("text/plain; charset=iso-8859-1", "latin\n", "")]
    [TestCase("text/plain; charset=utf-8", "bell \u0007 here\n", "")]
    [TestCase("text/plain; charset=utf-8", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "\n\tserver response:\n\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n\t7\n\t8\n\t[Truncated: too many lines.]")]
    public async Task ErrorDetailFollowsTheGoCommand(string contentType, string body, string expectedSuffix)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(500, body, contentType));
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100));
        Assert.That(ex!.Message, Is.EqualTo($"example.com/m@v1.0.0: reading {a.BaseUrl}{InfoPath}: 500 Internal Server Error{expectedSuffix}"));
        Assert.That(ex.StatusCode, Is.EqualTo(500));
    }

    [Test]
    public async Task LongErrorDetailIsCut(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(503, new string('a', 600) + "\n" + new string('b', 100) + "\n"));
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.EndWith("\n\t[Truncated: too long.]"));
    }

    [Test]
    public async Task TruncatedZipFallsBackAfterPipeAndIsRewound(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Action = "truncate", Status = 200, Body = Encoding.UTF8.GetBytes("partial"), DeclaredLength = 5000 });
        var b = host.Server("B", Healthy("ZIP-FROM-B"));
        using var zip = new MemoryStream();
        await host.Fetcher(a.BaseUrl + "|" + b.BaseUrl).CopyZipToAsync(V100, zip, null, ct);
        Assert.That(Encoding.UTF8.GetString(zip.ToArray()), Is.EqualTo("ZIP-FROM-B"));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl + "," + b.BaseUrl).CopyZipToAsync(V100, new MemoryStream(), null, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.TruncatedBody));
        Assert.That(ex.Message, Is.EqualTo($"example.com/m@v1.0.0: read {a.BaseUrl}/example.com/m/@v/v1.0.0.zip: unexpected EOF"));
    }

    [Test]
    public async Task AHungProxyIsBoundedByTheTimeouts(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Action = "hang", HangSeconds = 20 });
        var b = host.Server("B", Healthy());
        var watch = Stopwatch.StartNew();
        var info = await host.Fetcher(a.BaseUrl + "|" + b.BaseUrl, o => o.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(300)).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl + "," + b.BaseUrl, o => o.ResponseHeadersTimeout = TimeSpan.FromMilliseconds(300)).GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.Timeout));
    }

    [Test]
    public async Task ABodyThatStallsIsBoundedByTheReadTimeout(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Action = "stall", Status = 200, Body = Encoding.UTF8.GetBytes("PK"), DeclaredLength = 100, HangSeconds = 20 });
        var b = host.Server("B", Healthy("ZIP-B"));
        var watch = Stopwatch.StartNew();
        using var zip = new MemoryStream();
        await host.Fetcher(a.BaseUrl + "|" + b.BaseUrl, o => o.BodyReadTimeout = TimeSpan.FromMilliseconds(300)).CopyZipToAsync(V100, zip, null, ct);
        Assert.That(Encoding.UTF8.GetString(zip.ToArray()), Is.EqualTo("ZIP-B"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl, o => o.BodyReadTimeout = TimeSpan.FromMilliseconds(300)).GetGoModAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.Timeout));
        Assert.That(ex.Message, Does.StartWith($"example.com/m@v1.0.0: read {a.BaseUrl}/example.com/m/@v/v1.0.0.mod: timeout"));
    }

    [Test]
    public async Task NoRetriesByDefault(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Action = "reset" });
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.ConnectionReset), ex.Message);
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task TransportFailuresAreClassifiedLikeGo(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var closing = host.Server("C", _ => new ServerBehavior { Action = "close" });
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(closing.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.ConnectionClosed), ex.Message);
        Assert.That(ex.Message, Is.EqualTo($"example.com/m@v1.0.0: Get \"{closing.BaseUrl}{InfoPath}\": EOF"));
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(1), "a GET closed before any answer is not re-sent");

        var refused = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher("http://127.0.0.1:1").GetInfoAsync(V100, ct));
        Assert.That(refused!.Failure, Is.EqualTo(ModuleFetchFailure.ConnectionRefused), refused.Message);

        var plain = host.Server("P", Healthy());
        var tls = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(plain.HostPort).GetInfoAsync(V100, ct));
        Assert.That(tls!.Failure, Is.EqualTo(ModuleFetchFailure.Tls), tls.Message);
        Assert.That(tls.Message, Does.StartWith($"example.com/m@v1.0.0: Get \"https://{plain.HostPort}{InfoPath}\": tls: "));
    }

    [Test]
    public async Task OptInRetriesRecoverFromResets(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var calls = 0;
        var a = host.Server("A", path => Interlocked.Increment(ref calls) <= 2 ? new ServerBehavior { Action = "reset" } : Healthy()(path));
        var info = await host.Fetcher(a.BaseUrl, o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.FromMilliseconds(10); }).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(3));
        Assert.That(host.Logs.Messages, Has.Some.StartsWith("1004 Retrying GET"));
    }

    [Test]
    public async Task TooManyRequestsHonoursRetryAfterOnlyWhenRetriesAreOn(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var calls = 0;
        var a = host.Server("A", path => Interlocked.Increment(ref calls) == 1
            ? new ServerBehavior { Status = 429, Body = "slow down\n"u8.ToArray(), Headers = new Dictionary<string, string> { ["Retry-After"] = "0" } }
            : Healthy()(path));
        var info = await host.Fetcher(a.BaseUrl, o => o.MaxRetries = 1).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        Assert.That(calls, Is.EqualTo(2));

        calls = 0;
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.StatusCode, Is.EqualTo(429));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task RetryAfterBeyondTheCapIsNotWaitedFor(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Status = 429, Body = [], Headers = new Dictionary<string, string> { ["Retry-After"] = "3600" } });
        var watch = Stopwatch.StartNew();
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl, o => o.MaxRetries = 3).GetInfoAsync(V100, ct));
        Assert.That(ex!.StatusCode, Is.EqualTo(429));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CredentialsInAnHttpUrlAreRefusedAndRedacted(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", Healthy());
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher($"http://alice:s3cret@{a.HostPort}").GetInfoAsync(V100, ct));
        Assert.That(ex!.Failure, Is.EqualTo(ModuleFetchFailure.InsecureCredentials));
        Assert.That(ex.Message, Is.EqualTo($"example.com/m@v1.0.0: refusing to pass credentials to insecure URL: http://alice:xxxxx@{a.HostPort}{InfoPath}"));
        Assert.That(host.Log.Snapshot(), Is.Empty);
        Assert.That(host.Logs.Messages, Has.None.Contains("s3cret"));
    }

    [Test]
    public async Task CredentialsInAnHttpsUrlAreSentButNeverToAnotherHost(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var other = host.Server("B", Healthy(), tls: true);
        var a = host.Server("A", path => path == InfoPath ? Healthy()(path) : new ServerBehavior { Status = 302, Location = other.BaseUrl + path, Body = [] }, tls: true);
        var fetcher = host.Fetcher($"https://alice:s3cret@{a.HostPort}");
        await fetcher.GetInfoAsync(V100, ct);
        await fetcher.GetGoModAsync(V100, ct);
        var log = host.Log.Snapshot();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret"));
        Assert.That(log.Select(r => r.Server), Is.EqualTo(new[] { "A", "A", "B" }));
        Assert.That(log[0].Headers["Authorization"], Is.EqualTo(expected));
        Assert.That(log[1].Headers["Authorization"], Is.EqualTo(expected));
        Assert.That(log[2].Headers.ContainsKey("Authorization"), Is.False, "credentials must not follow a redirect to another host");
        Assert.That(host.Logs.Messages, Has.None.Contains("s3cret"));
    }

    [Test]
    public async Task FailuresNeverShowPasswords(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(500, "boom\n"), tls: true);
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher($"https://alice:s3cret@{a.HostPort}").GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.Contain("alice:xxxxx@").And.Not.Contains("s3cret"));
        Assert.That(ex.RequestUrl, Does.Not.Contain("s3cret"));
        Assert.That(host.Logs.Messages, Is.Not.Empty);
        Assert.That(host.Logs.Messages, Has.None.Contains("s3cret"));
    }

    [Test]
    public async Task NetrcIsUsedForHttpsOnlyAndMatchesTheHostAndPortAsWritten(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var secure = host.Server("S", Healthy(), tls: true);
        var plain = host.Server("P", Healthy());
        var other = host.Server("O", Healthy(), tls: true);

        // As go1.27: a URL written with a port matches "host:port", never the bare host.
        File.WriteAllText(Path.Combine(host.Home, ".netrc"), $"machine 127.0.0.1 login wrong password wrong\nmachine 127.0.0.1:{secure.Port} login bob password hunter2\nmachine 127.0.0.1:{plain.Port} login carol password plain\n");
        await host.Fetcher(secure.BaseUrl).GetInfoAsync(V100, ct);
        await host.Fetcher(plain.BaseUrl).GetInfoAsync(V100, ct);
        await host.Fetcher(other.BaseUrl).GetInfoAsync(V100, ct);
        var log = host.Log.Snapshot();
        Assert.That(log[0].Headers["Authorization"], Is.EqualTo("Basic " + Convert.ToBase64String("bob:hunter2"u8.ToArray())));
        Assert.That(log[1].Headers.ContainsKey("Authorization"), Is.False, "never over plain http");
        Assert.That(log[2].Headers.ContainsKey("Authorization"), Is.False, "the bare host does not match a URL with a port");
        Assert.That(host.Logs.Messages, Has.None.Contains("hunter2"));
    }

    [Test]
    public async Task GoAuthOffSendsNothing(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var secure = host.Server("S", Healthy(), tls: true);
        File.WriteAllText(Path.Combine(host.Home, ".netrc"), $"machine {secure.HostPort} login bob password hunter2\n");
        await host.Fetcher(secure.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = "off" }).GetInfoAsync(V100, ct);
        Assert.That(host.Log.Snapshot()[0].Headers.ContainsKey("Authorization"), Is.False);
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task GoAuthCommandSuppliesHeadersPerUrlPrefix(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var secure = host.Server("S", Healthy(), tls: true);
        var script = Path.Combine(host.Root, "auth.sh");
        File.WriteAllText(script, $"#!/bin/sh\nprintf 'https://127.0.0.1:{secure.Port}/example.com\\n\\nAuthorization: Bearer token-1\\n\\n'\n");
        await host.Fetcher(secure.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = "sh " + script }).GetInfoAsync(V100, ct);
        Assert.That(host.Log.Snapshot()[0].Headers["Authorization"], Is.EqualTo("Bearer token-1"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task GoAuthCommandIsAskedAgainAfterA4xxAndTheRequestResentOnce(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var secure = host.Server("S", _ => ServerBehavior.Text(401, "who are you\n"), tls: true);
        var authorized = host.Server("T", _ => ServerBehavior.Text(200, Info), tls: true);
        var script = Path.Combine(host.Root, "auth.sh");
        // Up front (no argument) the command knows nothing; asked about a URL it answers for that server.
        File.WriteAllText(script, "#!/bin/sh\n[ -z \"$1\" ] && exit 0\ncat > /dev/null\nprintf '%s\\n\\nAuthorization: Bearer late\\n\\n' \"$1\"\n");
        var env = new Dictionary<string, string?> { ["GOAUTH"] = "sh " + script };
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(secure.BaseUrl, env: env).GetInfoAsync(V100, ct));
        Assert.That(ex!.StatusCode, Is.EqualTo(401));
        var log = host.Log.Snapshot();
        Assert.That(log, Has.Count.EqualTo(2), "sent once without and once with the new credentials");
        Assert.That(log[0].Headers.ContainsKey("Authorization"), Is.False);
        Assert.That(log[1].Headers["Authorization"], Is.EqualTo("Bearer late"));

        await host.Fetcher(authorized.BaseUrl).GetInfoAsync(V100, ct);
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(3), "the default (netrc) never re-sends");
    }

    [Test]
    public async Task BangIsSentPercentEncoded(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", path => path == "/example.com/!upper/@v/v1.0.0-!r!c1.info" ? ServerBehavior.Text(200, "{\"Version\":\"v1.0.0-RC1\"}") : ServerBehavior.Text(404, "no\n"));
        var info = await host.Fetcher(a.BaseUrl).GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/Upper"), "v1.0.0-RC1"), ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0-RC1"));
        Assert.That(host.Log.Snapshot()[0].RawPath, Is.EqualTo("/example.com/%21upper/@v/v1.0.0-%21r%21c1.info"));
    }

    [Test]
    public async Task ConnectionsPerServerNeverExceedTheLimit(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", path => Healthy()(path) is var b ? new ServerBehavior { Status = b.Status, Body = b.Body, DelaySeconds = 0.02 } : null!);
        var fetcher = host.Fetcher(a.BaseUrl, o => o.MaxConnectionsPerServer = 4);
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => fetcher.GetInfoAsync(V100, ct).AsTask()));
        Assert.That(a.PeakConcurrentConnections, Is.LessThanOrEqualTo(4));
        Assert.That(a.AcceptedConnections, Is.LessThanOrEqualTo(4));
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(64));
    }

    [Test]
    public async Task ActivitiesAreReportedUnderGoModules(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", Healthy());
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == GoModulesDiagnostics.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = act => seen.Enqueue(act.OperationName + " " + act.GetTagItem("gomodules.module.path") + " " + act.GetTagItem("url.full")),
        };
        ActivitySource.AddActivityListener(listener);
        await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct);
        Assert.That(seen, Has.Some.StartsWith("GoModules.Fetch info example.com/m"));
        Assert.That(seen, Has.Some.StartsWith("GoModules.ProxyGet").And.Some.Contains(a.BaseUrl + InfoPath));
    }

    [TestCase("MaxConnectionsPerServer")]
    [TestCase("ConnectTimeout")]
    [TestCase("GoProxy")]
    [TestCase("GoAuth")]
    [TestCase("GoSumDb")]
    [TestCase("GoFlags")]
    [TestCase("GoToolchain")]
    [TestCase("GoModCache")]
    [TestCase("MetadataCacheMaxAge")]
    [TestCase("HttpVersion")]
    [TestCase("MaxDownloadRestarts")]
    public void InvalidOptionsFailOnStart(string which)
    {
        var services = new ServiceCollection();
        services.AddGoModules(o =>
        {
            switch (which)
            {
                case "MaxConnectionsPerServer": o.MaxConnectionsPerServer = 0; break;
                case "ConnectTimeout": o.ConnectTimeout = Timeout.InfiniteTimeSpan; break;
                case "HttpVersion": o.HttpVersion = new Version(1, 5); break;
                case "MaxDownloadRestarts": o.MaxDownloadRestarts = 11; break;
            }
        }).Configure(o =>
        {
            switch (which)
            {
                case "GoProxy": o.GoProxy = "ftp://example.com"; break;
                case "GoAuth": o.GoAuth = "off;netrc"; break;
                case "GoSumDb": o.GoSumDb = "sum.golang.org+bad+key https://x"; break;
                case "GoFlags": o.GoFlags = "-modcacherw=maybe"; break;
                case "GoToolchain": o.GoToolchain = "go1.21+banana"; break;
                case "GoModCache": o.GoModCache = "relative/dir"; break;
                case "MetadataCacheMaxAge": o.MetadataCache = MetadataCacheMode.MaxAge; o.MetadataCacheMaxAge = TimeSpan.Zero; break;
            }
        });
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.Message, Does.Contain(which));
    }

    [Test]
    public void ValidOptionsPassAndConfigureThePool()
    {
        var services = new ServiceCollection();
        services.AddGoModules(o =>
        {
            o.MaxConnectionsPerServer = 7;
            o.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(11);
            o.PooledConnectionLifetime = TimeSpan.FromMinutes(3);
            o.HttpVersion = System.Net.HttpVersion.Version11;
            o.HttpVersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionExact;
        });
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var handler = GoModulesServiceCollectionExtensions.CreateHandler(provider.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value);
        Assert.That(handler.MaxConnectionsPerServer, Is.EqualTo(7));
        Assert.That(handler.PooledConnectionIdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(11)));
        Assert.That(handler.PooledConnectionLifetime, Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(handler.AllowAutoRedirect, Is.False);
        handler.Dispose();
        Assert.That(provider.GetRequiredService<IModuleFetcher>(), Is.InstanceOf<ProxyChainFetcher>());
    }
}
