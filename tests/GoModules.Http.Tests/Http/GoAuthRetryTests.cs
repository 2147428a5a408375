using System.Diagnostics;
using System.Net;
using System.Text;
using GoModules.Http.Tests.Infrastructure;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// GOAUTH after a 4xx answer (issue 14, item 2): the newest go command (1.24+) asks GOAUTH again about the URL asked
/// for and sends the request once more after every https 4xx answer, 404 and 410 included and whatever GOAUTH is;
/// credentials go to the URL asked for only, never to a redirect target. Each case checks the request sequence
/// against the one recorded from go1.27.3 and, when the newest go is installed, against go itself on the same servers.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed class GoAuthRetryTests
{
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");
    private static readonly string NetrcCredentials = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:for-a"));

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var status in new[] { 401, 403, 404, 410 })
        {
            foreach (var auth in new[] { "off", "netrc", "command" })
            {
                var cred = auth switch { "netrc" => NetrcCredentials, "command" => "Bearer for-a", _ => "-" };

                // Recorded from go1.27.3: the same request twice, both with the credentials of the URL asked for.
                yield return new TestCaseData(status, auth, false, new[] { "A " + cred, "A " + cred }).SetArgDisplayNames(status + "-" + auth);
            }
        }

        // Recorded from go1.27.3: a redirect to another host answering 404 is followed twice; that host never gets credentials.
        yield return new TestCaseData(404, "netrc", true, new[] { "A " + NetrcCredentials, "B -", "A " + NetrcCredentials, "B -" }).SetArgDisplayNames("404-netrc-redirect");
        yield return new TestCaseData(401, "command", true, new[] { "A Bearer for-a", "B -", "A Bearer for-a", "B -" }).SetArgDisplayNames("401-command-redirect");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task AnHttps4xxIsSentOnceMoreAsTheNewestGoDoes(int status, string auth, bool redirect, string[] expected)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(status, "nope\n"), tls: true, address: IPAddress.Parse("127.0.0.2"));
        var a = host.Server("A", path => redirect ? new ServerBehavior { Status = 302, Location = b.BaseUrl + path, Body = [] } : ServerBehavior.Text(status, "nope\n"), tls: true);

        // Both spellings of the machine, with the same credentials: go1.27 (and GoModules) match host:port for a URL
        // with a port, Go 1.13-1.23 the host alone.
        var netrc = Path.Combine(host.Home, ".netrc");
        File.WriteAllText(netrc, $"machine 127.0.0.1:{a.Port} login alice password for-a\nmachine 127.0.0.1 login alice password for-a\nmachine 127.0.0.2:{b.Port} login bob password for-b\nmachine 127.0.0.2 login bob password for-b\n");
        var ours = Path.Combine(host.Root, "ours.log");
        var goAuth = auth == "command" ? "sh " + AuthScript(host, a, b, ours) : auth;

        var ex = Assert.ThrowsAsync(Is.InstanceOf<GoModuleException>(), async () =>
            await host.Fetcher(a.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = goAuth }).GetInfoAsync(V100, ct));
        var code = ex switch { ModuleFetchException f => f.StatusCode, ModuleNotFoundException n => n.StatusCode, _ => null };
        Assert.That(code, Is.EqualTo(status), ex!.ToString());
        var sent = Describe(host.Log.Snapshot());
        Assert.That(sent, Is.EqualTo(expected), "the request sequence go1.27.3 sends");
        if (auth == "command")
        {
            var calls = File.ReadAllText(ours);
            Assert.That(calls, Does.StartWith("ARGS:\n---\nARGS: " + a.BaseUrl + "/example.com/m/@v/v1.0.0.info\nHTTP/1.1 " + status + " "), "run once up front, then with the URL asked for and the answer's status line");
        }

        // The recorded sequence is checked above; the newest go on the same servers, when installed (or required).
        var go = GoInstalls.Require(GoRelease.Newest).Go;
        var before = host.Log.Snapshot().Count;
        var theirs = Path.Combine(host.Root, "go.log");
        var goGoAuth = auth == "command" ? "sh " + AuthScript(host, a, b, theirs) : auth;
        var (exit, output) = await RunGoAsync(go, host.Root, a.BaseUrl, netrc, goGoAuth, ct);
        Assert.That(exit, Is.Not.Zero, output);
        Assert.That(Describe(host.Log.Snapshot().Skip(before)), Is.EqualTo(sent), "the newest go on the same servers: " + output);
        if (auth == "command")
        {
            var first = (string s) => string.Join('\n', s.Split('\n').Take(4));
            Assert.That(first(File.ReadAllText(theirs)), Is.EqualTo(first(File.ReadAllText(ours))));
        }
    }

    [Test]
    public async Task Go119AlsoSendsNoCredentialsToARedirectTarget(CancellationToken ct)
    {
        var go119 = GoInstalls.Require(GoRelease.Oldest).Go;
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(404, "nope\n"), tls: true, address: IPAddress.Parse("127.0.0.2"));
        var a = host.Server("A", path => new ServerBehavior { Status = 302, Location = b.BaseUrl + path, Body = [] }, tls: true);
        var netrc = Path.Combine(host.Home, ".netrc");
        File.WriteAllText(netrc, "machine 127.0.0.1 login alice password for-a\nmachine 127.0.0.2 login bob password for-b\n");

        var (exit, output) = await RunGoAsync(go119, host.Root, a.BaseUrl, netrc, "netrc", ct);

        Assert.That(exit, Is.Not.Zero, output);
        Assert.That(Describe(host.Log.Snapshot()), Is.EqualTo(new[] { "A " + NetrcCredentials, "B -" }), "go 1.19.8: the host asked for gets its .netrc entry, the redirect target nothing (and no second request)");
    }

    private static string[] Describe(IEnumerable<RecordedRequest> requests) =>
        requests.Select(r => r.Server + " " + (r.Headers.TryGetValue("Authorization", out var v) ? v : "-")).ToArray();

    /// <summary>A GOAUTH command that logs how it was called and answers for both servers.</summary>
    private static string AuthScript(HttpTestHost host, ScriptedHttpServer a, ScriptedHttpServer b, string log)
    {
        var script = Path.Combine(host.Root, "auth-" + Path.GetFileNameWithoutExtension(log) + ".sh");
        File.WriteAllText(script,
            $"#!/bin/sh\necho \"ARGS:${{1:+ $1}}\" >> '{log}'\n[ -n \"$1\" ] && head -n 1 | tr -d '\\r' >> '{log}'\necho --- >> '{log}'\n"
            + $"printf '{a.BaseUrl}\\n\\nAuthorization: Bearer for-a\\n\\n{b.BaseUrl}\\n\\nAuthorization: Bearer for-b\\n\\n'\n");
        return script;
    }

    private static async Task<(int Exit, string Output)> RunGoAsync(string go, string root, string proxy, string netrc, string goAuth, CancellationToken ct)
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
        psi.Environment["GOAUTH"] = goAuth;
        psi.Environment["SSL_CERT_FILE"] = TestCertificate.WritePem(root);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await stdout + await stderr);
    }
}
