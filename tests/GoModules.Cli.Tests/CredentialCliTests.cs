using System.Net;
using System.Text;

namespace GoModules.Cli.Tests;

/// <summary>
/// Issue 13, items 5 and 6, through the <c>gomod</c> command line: a GOPROXY on https://127.0.0.1 that redirects to
/// https://127.0.0.2 must not make gomod send 127.0.0.2's .netrc credentials, nor make git ask anyone for a password.
/// gomod trusts the test certificate through <c>SSL_CERT_FILE</c>, as the go command does.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
[Platform(Exclude = "Win")]
public sealed class CredentialCliTests
{
    private const string Info = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";

    [Test]
    public async Task GomodSendsNoCredentialsToTheHostAProxyRedirectsTo()
    {
        using var dir = new TempDirectory();
        var log = new RequestLog();
        await using var b = new ScriptedHttpServer("B", _ => ServerBehavior.Text(200, Info, "application/json"), log, IPAddress.Parse("127.0.0.2"), certificate: TestCertificate.Instance);
        await using var a = new ScriptedHttpServer("A", path => new ServerBehavior { Status = 302, Location = b.BaseUrl + path, Body = [] }, log, certificate: TestCertificate.Instance);
        var netrc = dir.Combine(".netrc");
        // Machines as the newest go matches them: host:port for URLs with a port.
        File.WriteAllText(netrc, $"machine {a.HostPort} login alice password for-a\nmachine {b.HostPort} login bob password for-b\n");

        var (exit, stdout, stderr) = await RunGomodAsync(dir, a.BaseUrl, new() { ["NETRC"] = netrc }, "info", "example.com/m@v1.0.0");

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.Contain("\"Version\": \"v1.0.0\""));
        var requests = log.Snapshot();
        Assert.That(requests.Select(r => r.Server), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(requests[0].Headers["Authorization"], Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:for-a"))));
        Assert.That(requests[1].Headers.ContainsKey("Authorization"), Is.False, "bob's password for 127.0.0.2 must never be sent on a proxy's say-so");
    }

    [Test]
    public async Task GomodWithGoAuthGitNeverPromptsAndAsksOnlyAboutTheProxy()
    {
        using var dir = new TempDirectory();
        var log = new RequestLog();
        await using var b = new ScriptedHttpServer("B", _ => ServerBehavior.Text(401, "who are you\n"), log, IPAddress.Parse("127.0.0.2"), certificate: TestCertificate.Instance);
        await using var a = new ScriptedHttpServer("A", path => new ServerBehavior { Status = 302, Location = b.BaseUrl + path, Body = [] }, log, certificate: TestCertificate.Instance);

        // A git working directory whose configuration would prompt (core.askPass) and whose credential helper logs the
        // host it is asked about, answering nothing.
        var repo = dir.Combine("repo");
        Directory.CreateDirectory(repo);
        var askpassLog = dir.Combine("askpass.log");
        var helperLog = dir.Combine("helper.log");
        var askpass = dir.Combine("askpass.sh");
        File.WriteAllText(askpass, $"#!/bin/sh\necho \"$*\" >> '{askpassLog}'\necho prompted\n");
        var helper = dir.Combine("helper.sh");
        File.WriteAllText(helper, $"#!/bin/sh\n[ \"$1\" = get ] || exit 0\nwhile read -r line; do case \"$line\" in host=*) echo \"$line\" >> '{helperLog}';; '') break;; esac; done\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var args in new[] { new[] { "init", "-q" }, ["config", "core.askPass", askpass], ["config", "credential.helper", helper] })
        {
            var (code, _, err) = await ProcessRunner.RunAsync("git", args, repo);
            Assert.That(code, Is.Zero, err);
        }

        var (exit, _, stderr) = await RunGomodAsync(dir, a.BaseUrl, new() { ["GOAUTH"] = "git " + repo, ["SSH_ASKPASS"] = askpass }, "info", "example.com/m@v1.0.0");

        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Contain("401"));
        Assert.That(File.Exists(askpassLog) ? File.ReadAllText(askpassLog) : string.Empty, Is.Empty, "no password prompt of any kind");
        var asked = File.Exists(helperLog) ? File.ReadAllLines(helperLog) : [];
        Assert.That(asked, Is.Not.Empty.And.All.EqualTo("host=" + a.HostPort), "git is asked about the proxy the request was made for, never about 127.0.0.2");
        Assert.That(log.Snapshot().Where(r => r.Headers.ContainsKey("Authorization")), Is.Empty);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunGomodAsync(TempDirectory dir, string goproxy, Dictionary<string, string?> extra, params string[] args)
    {
        var env = ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("gopath"), dir.Combine("gopath", "pkg", "mod"), goproxy, "off");
        env["SSL_CERT_FILE"] = TestCertificate.WritePem(dir.Path);
        env["GIT_ASKPASS"] = null;
        env["GIT_TERMINAL_PROMPT"] = null;
        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return ProcessRunner.RunAsync(host, [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args], dir.Path, env);
    }
}
