using System.Net;
using System.Text;
using GoModules.Http.Tests.Infrastructure;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Where credentials go (issue 13, items 5 and 6) and what a redirect may lead to (item 7): a proxy that redirects to
/// another host (127.0.0.2) must not make GoModules send that host's .netrc or GOAUTH credentials, nor make git ask
/// anyone for a password.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class CredentialBoundaryTests
{
    private const string InfoPath = "/example.com/m/@v/v1.0.0.info";
    private const string Info = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static Func<string, ServerBehavior> RedirectTo(Func<ScriptedHttpServer> target) =>
        path => new ServerBehavior { Status = 302, Location = target().BaseUrl + path, Body = [] };

    [Test]
    public async Task NetrcCredentialsOfARedirectTargetAreNeverSent(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(200, Info, "application/json"), tls: true, address: Second);
        var a = host.Server("A", RedirectTo(() => b), tls: true);
        File.WriteAllText(Path.Combine(host.Home, ".netrc"), "machine 127.0.0.1 login alice password for-a\nmachine 127.0.0.2 login bob password for-b\n");

        var info = await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct);

        Assert.That(info.Version, Is.EqualTo("v1.0.0"));
        var log = host.Log.Snapshot();
        Assert.That(log.Select(r => r.Server), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(log[0].Headers["Authorization"], Is.EqualTo(Basic("alice", "for-a")), "the host asked for gets its own credentials");
        Assert.That(log[1].Headers.ContainsKey("Authorization"), Is.False, "the redirect target gets none, not even its own .netrc entry");
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task GoAuthCommandCredentialsOfARedirectTargetAreNeverSent(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(200, Info, "application/json"), tls: true, address: Second);
        var a = host.Server("A", RedirectTo(() => b), tls: true);
        var script = Path.Combine(host.Root, "auth.sh");
        File.WriteAllText(script, $"#!/bin/sh\nprintf '{a.BaseUrl}\\n\\nAuthorization: Bearer for-a\\n\\n{b.BaseUrl}\\n\\nAuthorization: Bearer for-b\\n\\n'\n");

        await host.Fetcher(a.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = "sh " + script }).GetInfoAsync(V100, ct);

        var log = host.Log.Snapshot();
        Assert.That(log[0].Headers["Authorization"], Is.EqualTo("Bearer for-a"));
        Assert.That(log[1].Server, Is.EqualTo("B"));
        Assert.That(log[1].Headers.ContainsKey("Authorization"), Is.False);
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task GitCredentialFillNeverPromptsAndIsAskedOnlyAboutTheUrlAskedFor(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var b = host.Server("B", _ => ServerBehavior.Text(401, "who are you\n"), tls: true, address: Second);
        var a = host.Server("A", RedirectTo(() => b), tls: true);
        var repo = GitRepository(host, out var askpassLog, out var helperLog, answerFor: null);

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () =>
            await host.Fetcher(a.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = "git " + repo }).GetInfoAsync(V100, ct));

        Assert.That(ex!.StatusCode, Is.EqualTo(401));
        Assert.That(File.Exists(askpassLog) ? File.ReadAllText(askpassLog) : string.Empty, Is.Empty, "git must never prompt (core.askPass is configured in the repository)");
        var asked = File.Exists(helperLog) ? File.ReadAllLines(helperLog) : [];
        Assert.That(asked, Has.All.EqualTo("host=" + a.HostPort), "git is asked only about the host the request was made for");
        Assert.That(asked, Is.Not.Empty, "git is asked after the 4xx answer");
        Assert.That(host.Log.Snapshot().Where(r => r.Headers.ContainsKey("Authorization")), Is.Empty);
    }

    [Test]
    [Platform(Exclude = "Win")]
    public async Task GitCredentialsAreKeptPerSchemeHostAndPort(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var secret = Basic("git-user", "git-pass");
        var infoRequests = 0;
        var first = host.Server("P1", path => path != InfoPath ? ServerBehavior.Text(404, "no\n")
            : Interlocked.Increment(ref infoRequests) == 1 ? ServerBehavior.Text(401, "who are you\n") : ServerBehavior.Text(200, Info, "application/json"), tls: true);
        var second = host.Server("P2", _ => ServerBehavior.Text(401, "who are you\n"), tls: true);
        var repo = GitRepository(host, out var askpassLog, out var helperLog, answerFor: first.HostPort);
        var fetcher = host.Fetcher(first.BaseUrl + "," + second.BaseUrl, env: new Dictionary<string, string?> { ["GOAUTH"] = "git " + repo });

        // 127.0.0.1:<P1> answers 401 without credentials: git is asked about it and the request sent again.
        await fetcher.GetInfoAsync(V100, ct);

        // Another module: P1 answers 404 (with the cached credentials), ',' moves on to 127.0.0.1:<P2>.
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await fetcher.GetInfoAsync(new ModuleVersion(ModulePath.Parse("example.com/other"), "v1.0.0"), ct));
        Assert.That(ex!.StatusCode, Is.EqualTo(401));

        var log = host.Log.Snapshot();
        var toFirst = log.Where(r => r.Server == "P1").ToArray();
        Assert.That(toFirst[0].Headers.ContainsKey("Authorization"), Is.False, "git is asked only after a 4xx answer, as go does");
        Assert.That(toFirst[1].Headers["Authorization"], Is.EqualTo(secret));
        Assert.That(toFirst.Skip(1).All(r => r.Headers.TryGetValue("Authorization", out var v) && v == secret), Is.True, "kept for P1");
        var toSecond = log.Where(r => r.Server == "P2").ToArray();
        Assert.That(toSecond, Is.Not.Empty);
        Assert.That(toSecond.Where(r => r.Headers.ContainsKey("Authorization")), Is.Empty, "credentials for 127.0.0.1:<P1> never go to 127.0.0.1:<P2>");
        Assert.That(File.ReadAllLines(helperLog).Distinct(), Is.EqualTo(new[] { "host=" + first.HostPort, "host=" + second.HostPort }), "git is asked about each server on its own, after its 4xx answers");
        Assert.That(File.Exists(askpassLog), Is.False, "never prompted");
    }

    [TestCase("file:///etc/passwd", "file")]
    [TestCase("ftp://127.0.0.1/x", "ftp")]
    public async Task ARedirectToAnotherSchemeIsAFailureOfThatProxy(string location, string scheme)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => new ServerBehavior { Status = 302, Location = location, Body = [] });
        var c = host.Server("C", _ => ServerBehavior.Text(200, Info, "application/json"));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct));
        Assert.That(ex!.Message, Does.EndWith($"Get \"{location}\": unsupported protocol scheme \"{scheme}\""), "go1.27.3's wording");

        var info = await host.Fetcher(a.BaseUrl + "|" + c.BaseUrl).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"), "'|' falls back after any error");
    }

    /// <summary>
    /// A git working directory whose configuration would prompt through <c>core.askPass</c> (logging to
    /// <paramref name="askpassLog"/>) and whose credential helper logs the host it is asked about and answers only for
    /// <paramref name="answerFor"/>.
    /// </summary>
    private static string GitRepository(HttpTestHost host, out string askpassLog, out string helperLog, string? answerFor)
    {
        var dir = Path.Combine(host.Root, "git-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        askpassLog = Path.Combine(dir, "askpass.log");
        helperLog = Path.Combine(dir, "helper.log");
        var askpass = Path.Combine(dir, "askpass.sh");
        File.WriteAllText(askpass, $"#!/bin/sh\necho \"$*\" >> '{askpassLog}'\necho prompted\n");
        var helper = Path.Combine(dir, "helper.sh");
        File.WriteAllText(helper, $"#!/bin/sh\n[ \"$1\" = get ] || exit 0\nwhile read -r line; do case \"$line\" in host=*) echo \"$line\" >> '{helperLog}'; h=\"${{line#host=}}\";; '') break;; esac; done\n"
            + (answerFor is null ? string.Empty : $"[ \"$h\" = '{answerFor}' ] && printf 'username=git-user\\npassword=git-pass\\n'\n")
            + "exit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Git(dir, "init", "-q");
        Git(dir, "config", "core.askPass", askpass);
        Git(dir, "config", "credential.helper", helper);
        return dir;
    }

    private static void Git(string dir, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, "git " + string.Join(' ', args) + ": " + p.StandardError.ReadToEnd());
    }
}
