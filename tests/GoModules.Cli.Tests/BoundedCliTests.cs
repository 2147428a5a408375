using System.Diagnostics;

namespace GoModules.Cli.Tests;

/// <summary>
/// The bounds of issue #13 (items 8, 9, 10 and 12) through the gomod executable, against loopback servers that
/// misbehave on purpose. Each gomod run is killed after two minutes, so a hang fails the test instead of the suite.
/// </summary>
[TestFixture]
public sealed class BoundedCliTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    private static async Task<(int Exit, string Stdout, string Stderr)> Gomod(string home, IReadOnlyDictionary<string, string?> extra, params string[] args)
    {
        var env = ProcessRunner.GomodEnvironment(home, Path.Combine(home, "gopath"), Path.Combine(home, "modcache"), "off", "off");
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "ALL_PROXY", "all_proxy", "GOVCS" })
        {
            env[name] = null;
        }

        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var psi = ProcessRunner.StartInfo(dotnet, [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args], home, env, redirectInput: false);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(RunLimit);
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            Assert.Fail($"gomod {string.Join(' ', args)} was still running after {RunLimit}; stderr so far:\n{await stderr}");
        }

        return (p.ExitCode, await stdout, await stderr);
    }

    private static string Home()
    {
        var home = Directory.CreateTempSubdirectory("gomod-bounded-cli-").FullName;
        return home;
    }

    private static void Clean(string home)
    {
        try
        {
            foreach (var d in Directory.EnumerateDirectories(home, "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(home, true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A loopback server that is the HTTP proxy for a go-get host: CONNECT (https) is refused, plain GETs get <paramref name="page"/>.</summary>
    private static RawHttpServer GoGetProxy(Func<RawHttpServer.Exchange, Task> page) => new(async exchange =>
    {
        if (exchange.Method == "CONNECT")
        {
            await exchange.WriteHeadAsync("HTTP/1.1 502 Bad Gateway", "Content-Length: 0", "Connection: close");
            return;
        }

        await page(exchange);
    });

    private static Dictionary<string, string?> ThroughProxy(RawHttpServer proxy) => new()
    {
        ["GOPROXY"] = "direct",
        ["GOINSECURE"] = "example.test",
        ["HTTP_PROXY"] = proxy.BaseUrl,
        ["HTTPS_PROXY"] = proxy.BaseUrl,
        ["http_proxy"] = proxy.BaseUrl,
        ["https_proxy"] = proxy.BaseUrl,
    };

    // #13.12: the reason phrase's escape sequences used to reach the terminal verbatim.
    [Test]
    [CancelAfter(180_000)]
    public async Task EscapeSequencesInAReasonPhraseNeverReachStderr()
    {
        var home = Home();
        try
        {
            await using var server = new RawHttpServer(async exchange =>
            {
                await exchange.WriteHeadAsync("HTTP/1.1 500 " + RawHttpScripts.EvilReason, "Content-Type: text/plain", "Content-Length: 12", "Connection: close");
                await exchange.WriteAsync("\u001b[2Jboom!\r\n\r\n");
            });
            var (exit, _, stderr) = await Gomod(home, new Dictionary<string, string?> { ["GOPROXY"] = server.BaseUrl }, "info", "example.com/m@v1.0.0");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(exit, Is.EqualTo(1), stderr);
                Assert.That(stderr.IndexOfAny(['\u001b', '\u0007', '\r']), Is.EqualTo(-1), stderr);
                Assert.That(stderr, Does.Contain("500 \\x1b]0;pwned\\x07\\x1b[2J"));
            }
        }
        finally
        {
            Clean(home);
        }
    }

    // #13.10: an error answer whose body never arrives used to hang gomod forever.
    [Test]
    [CancelAfter(180_000)]
    public async Task AnErrorAnswerWithoutItsBodyDoesNotHangGomod()
    {
        var home = Home();
        try
        {
            await using var server = new RawHttpServer(RawHttpScripts.ErrorWithoutBody);
            var (exit, _, stderr) = await Gomod(home, new Dictionary<string, string?> { ["GOPROXY"] = server.BaseUrl, ["GOMODULES_HTTP_BODY_TIMEOUT"] = "500ms" }, "info", "example.com/m@v1.0.0");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("reading " + server.BaseUrl + "/example.com/m/@v/v1.0.0.info: 503 Service Unavailable"));
        }
        finally
        {
            Clean(home);
        }
    }

    // #13.10: a proxy that drips a byte every 100 ms never trips the per-read timeout; the request deadline ends it.
    [Test]
    [CancelAfter(180_000)]
    public async Task ADripFeedingProxyHitsGomodsRequestDeadline()
    {
        var home = Home();
        try
        {
            await using var server = new RawHttpServer(RawHttpScripts.Drip);
            var (exit, _, stderr) = await Gomod(home, new Dictionary<string, string?> { ["GOPROXY"] = server.BaseUrl, ["GOMODULES_HTTP_REQUEST_TIMEOUT"] = "2s" }, "info", "example.com/m@v1.0.0");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("Get \"" + server.BaseUrl + "/example.com/m/@v/v1.0.0.info\": request deadline exceeded (2 s)"));
        }
        finally
        {
            Clean(home);
        }
    }

    // #13.8: the go-get page used to be buffered whole before the 4 MiB cap applied.
    [Test]
    [CancelAfter(300_000)]
    public async Task AnEndlessGoGetPageIsReadWithACap()
    {
        var home = Home();
        try
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var proxy = GoGetProxy(RawHttpScripts.EndlessPage("<html><head>\n", finished));
            var (exit, _, stderr) = await Gomod(home, ThroughProxy(proxy), "info", "example.test/m@v1.0.0");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("unrecognized import path \"example.test/m\""));
            var first = await Task.WhenAny(proxy.ClientLeft.Task, finished.Task).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.That(first, Is.SameAs(proxy.ClientLeft.Task), "the server got to send its whole endless page");
            Assert.That(proxy.BytesSent, Is.LessThan(64L << 20));
        }
        finally
        {
            Clean(home);
        }
    }

    // #13.9: a surrogate character reference used to crash gomod with ArgumentOutOfRangeException.
    [Test]
    [CancelAfter(180_000)]
    public async Task ASurrogateInAGoImportTagDoesNotCrashGomod()
    {
        var home = Home();
        try
        {
            await using var proxy = GoGetProxy(async exchange =>
            {
                const string Page = "<html><head><meta name=\"go-import\" content=\"other.example/&#xD800; git https://other.example/r\"></head></html>";
                await exchange.WriteHeadAsync("HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: " + System.Text.Encoding.UTF8.GetByteCount(Page).ToString(System.Globalization.CultureInfo.InvariantCulture), "Connection: close");
                await exchange.WriteAsync(Page);
            });
            var (exit, _, stderr) = await Gomod(home, ThroughProxy(proxy), "info", "example.test/m@v1.0.0");
            Assert.That(exit, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain("no go-import meta tags (meta tag other.example/\uFFFD did not match import path example.test/m)"));
            Assert.That(stderr, Does.Not.Contain("ArgumentOutOfRange"));
        }
        finally
        {
            Clean(home);
        }
    }
}
