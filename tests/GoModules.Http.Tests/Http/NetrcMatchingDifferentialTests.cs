using System.Diagnostics;
using System.Text;
using GoModules.Http.Tests.Infrastructure;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Which .netrc entry the newest go command (1.24+) sends: the machine is a URL prefix matched against the request URL
/// as written (without <c>https://</c>), so <c>host:port</c> matches a URL with that port, a bare <c>host</c> does not,
/// and a machine with a path matches the URLs under it. Each case checks the Authorization of every request against the
/// answer recorded from go1.27.3 and, when the newest go is installed, against go itself on the same https server.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed class NetrcMatchingDifferentialTests
{
    private const string InfoPath = "/example.com/m/@v/v1.0.0.info";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    public static IEnumerable<TestCaseData> Cases()
    {
        // {0} is the server's port; the expected user is the one whose credentials every request carries ("-": none).
        yield return new TestCaseData("machine 127.0.0.1:{0} login port password p\n", false, "port").SetArgDisplayNames("host-port");
        yield return new TestCaseData("machine 127.0.0.1 login host password h\n", false, "-").SetArgDisplayNames("bare-host");
        yield return new TestCaseData("machine 127.0.0.1 login host password h\nmachine 127.0.0.1:{0} login port password p\n", false, "port").SetArgDisplayNames("both-host-first");
        yield return new TestCaseData("machine 127.0.0.1:{0} login first password 1\nmachine 127.0.0.1:{0} login second password 2\n", false, "first").SetArgDisplayNames("first-wins");
        yield return new TestCaseData("machine 127.0.0.1:{0}/example.com/m login path password x\n", false, "path").SetArgDisplayNames("path-prefix");
        yield return new TestCaseData("machine 127.0.0.1:{0}/example.com/other login path password x\n", false, "-").SetArgDisplayNames("other-path");
        yield return new TestCaseData("machine https://127.0.0.1:{0}/ login url password u\n", false, "url").SetArgDisplayNames("https-url");
        yield return new TestCaseData("machine 127.0.0.1:{0} login port password p\n", true, "info").SetArgDisplayNames("userinfo-in-goproxy");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task NetrcMachineIsMatchedAsTheNewestGoMatchesIt(string netrcTemplate, bool userInfo, string expectedUser)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var host = new HttpTestHost();
        var a = host.Server("A", Route, tls: true);
        var netrc = Path.Combine(host.Home, ".netrc");
        File.WriteAllText(netrc, string.Format(System.Globalization.CultureInfo.InvariantCulture, netrcTemplate, a.Port));
        var proxy = userInfo ? "https://info:secret@" + a.HostPort : a.BaseUrl;

        var fetcher = host.Fetcher(proxy, env: new Dictionary<string, string?> { ["NETRC"] = netrc });
        await fetcher.GetInfoAsync(V100, ct);
        await fetcher.GetGoModAsync(V100, ct);
        await fetcher.CopyZipToAsync(V100, new MemoryStream(), cancellationToken: ct);
        var ours = ByPath(host.Log.Snapshot());
        Assert.That(ours.Keys, Is.EquivalentTo(new[] { InfoPath, "/example.com/m/@v/v1.0.0.mod", "/example.com/m/@v/v1.0.0.zip" }));
        Assert.That(ours.Values.Distinct(), Is.EqualTo(new[] { expectedUser }), "the credentials go1.27.3 sends");

        var go = GoInstalls.Require(GoRelease.Newest).Go;
        var before = host.Log.Snapshot().Count;
        var (_, output) = await RunGoAsync(go, host.Root, proxy, netrc, ct);
        var theirs = ByPath(host.Log.Snapshot().Skip(before));
        Assert.That(theirs.Keys, Does.Contain(InfoPath), output);
        foreach (var (path, user) in theirs)
        {
            Assert.That(ours[path], Is.EqualTo(user), "the newest go on the same server, " + path + ": " + output);
        }
    }

    private static ServerBehavior Route(string path) => path switch
    {
        InfoPath => ServerBehavior.Text(200, "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}", "application/json"),
        "/example.com/m/@v/v1.0.0.mod" => ServerBehavior.Text(200, "module example.com/m\n"),
        "/example.com/m/@v/v1.0.0.zip" => ServerBehavior.Text(200, "not a zip"),
        _ => ServerBehavior.Text(404, "not found\n"),
    };

    /// <summary>Path → the user name of the Basic credentials its last request carried ("-": none).</summary>
    private static Dictionary<string, string> ByPath(IEnumerable<RecordedRequest> requests)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in requests)
        {
            var user = "-";
            if (r.Headers.TryGetValue("Authorization", out var v) && v.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(v["Basic ".Length..]));
                user = decoded[..decoded.IndexOf(':', StringComparison.Ordinal)];
            }
            else if (r.Headers.ContainsKey("Authorization"))
            {
                user = v!;
            }

            map[r.Path] = user;
        }

        return map;
    }

    private static async Task<(int Exit, string Output)> RunGoAsync(string go, string root, string proxy, string netrc, CancellationToken ct)
    {
        var dir = Path.Combine(root, "go");
        Directory.CreateDirectory(dir);
        var psi = new ProcessStartInfo(go, ["mod", "download", "-json", "example.com/m@v1.0.0"])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        psi.Environment["HOME"] = dir;
        psi.Environment["GOPATH"] = Path.Combine(dir, "gopath");
        psi.Environment["GOCACHE"] = Path.Combine(dir, "cache");
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOTELEMETRY"] = "off";
        psi.Environment["GOTOOLCHAIN"] = "local";
        psi.Environment["GOFLAGS"] = "-mod=mod";
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment["GOPROXY"] = proxy;
        psi.Environment["NETRC"] = netrc;
        psi.Environment["GOAUTH"] = "netrc";
        psi.Environment["SSL_CERT_FILE"] = TestCertificate.WritePem(root);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }
}
