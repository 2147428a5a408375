using System.Text.Json;
using GoModules.Toolchains;
using GoModules.Toolchains.Internal;

namespace GoModules.Cli.Tests;

/// <summary>
/// <c>go@&lt;v&gt;</c> and <c>toolchain@&lt;v&gt;</c> queries resolve through the versions of golang.org/toolchain, as the
/// newest go does (<c>go list -m go@1.27</c>): compared with it on a file:// proxy holding a few downloads.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolchainQueryTests
{
    private static readonly string[] Releases = ["1.26.0", "1.27.0", "1.27.3", "1.27.5", "1.28rc1", "1.30.1"];

    private static string MakeProxy(string root)
    {
        var dir = Path.Combine(root, "golang.org", "toolchain", "@v");
        Directory.CreateDirectory(dir);
        var list = new List<string>();
        foreach (var v in Releases)
        {
            foreach (var system in new[] { "windows-arm64", "linux-amd64" })
            {
                var dl = $"v0.0.1-go{v}.{system}";
                list.Add(dl);
                File.WriteAllText(Path.Combine(dir, dl + ".info"), $"{{\"Version\":\"{dl}\",\"Time\":\"2026-01-01T00:00:00Z\"}}");
            }
        }

        File.WriteAllText(Path.Combine(dir, "list"), string.Join('\n', list) + "\n");
        return new Uri(root).AbsoluteUri;
    }

    [Test]
    public void GoReleaseOrder_AndTheDownloadVersionMapping()
    {
        string[] sorted = ["1.20", "1.21", "1.21rc1", "1.21rc2", "1.21.0", "1.21.1", "1.22beta1", "1.22.0", "2"];
        var shuffled = sorted.Reverse().ToList();
        shuffled.Sort(GoVersion.Compare);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(shuffled, Is.EqualTo(sorted));
            Assert.That(GoVersion.Compare("1.20", "1.20.0"), Is.Zero, "before 1.21, 1.N is 1.N.0");
            Assert.That(ToolchainQuery.GoVersionOfDownload("v0.0.1-go1.19.7.windows-amd64"), Is.EqualTo("1.19.7"));
            Assert.That(ToolchainQuery.GoVersionOfDownload("v0.0.1-go1.21rc2.linux-arm64"), Is.EqualTo("1.21rc2"));
            Assert.That(ToolchainQuery.GoVersionOfDownload("v0.0.1"), Is.Null);
            Assert.That(ToolchainQuery.DownloadVersion("1.27.3"), Is.EqualTo("v0.0.1-go1.27.3.linux-amd64"));
            Assert.That(ToolchainQuery.Versions("toolchain", ["v0.0.1-go1.22.0.linux-amd64", "v0.0.1-go1.21.0.darwin-arm64", "v0.0.1-go1.22.0.windows-386"]), Is.EqualTo(new[] { "go1.21.0", "go1.22.0" }));
        }
    }

    [TestCase("go@latest")]
    [TestCase("toolchain@latest")]
    [TestCase("go@1.27")]
    [TestCase("toolchain@go1.27")]
    [TestCase("go@1.30")]
    [TestCase("go@1.30.1")]
    [TestCase("toolchain@1.30.1")]
    [TestCase("go@1.28rc1")]
    [TestCase("go@1.26.0")]
    [TestCase("toolchain@go1.26.0")]
    [TestCase("go@<1.30")]
    [TestCase("go@>=1.27.1")]
    [CancelAfter(60_000)]
    public async Task ResolvesAsTheNewestGo(string argument)
    {
        var go = GoCommand.Require();
        using var tmp = new TempDirectory();
        var proxy = MakeProxy(tmp.Sub("proxy"));
        var env = GoCommand.Environment_(tmp.Sub("gopath"), Path.Combine(tmp.Path, "modcache"));
        env["GOPROXY"] = proxy;
        var goResult = GoCommand.Run(go, tmp.Sub("work"), env, null, "list", "-m", "-json", argument);
        Assert.That(goResult.ExitCode, Is.Zero, goResult.ToString());
        var goVersion = JsonDocument.Parse(goResult.Stdout).RootElement.GetProperty("Version").GetString();

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var local = File.ReadLines(Path.Combine(GoInstalls.GoRoot(go), "VERSION")).First().Trim();
        var code = await Program.Commands.RunAsync(["latest", "--proxy", proxy, "--local", local, argument], stdout, stderr, CancellationToken.None);
        Assert.That(code, Is.Zero, stderr.ToString());
        Assert.That(stdout.ToString().TrimEnd(), Is.EqualTo(argument[..argument.IndexOf('@', StringComparison.Ordinal)] + " " + goVersion));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AMissingRelease_FailsAsInTheNewestGo()
    {
        var go = GoCommand.Require();
        using var tmp = new TempDirectory();
        var proxy = MakeProxy(tmp.Sub("proxy"));
        var env = GoCommand.Environment_(tmp.Sub("gopath"), Path.Combine(tmp.Path, "modcache"));
        env["GOPROXY"] = proxy;
        var goResult = GoCommand.Run(go, tmp.Sub("work"), env, null, "list", "-m", "-json", "go@1.99.0");
        Assert.That(goResult.ExitCode, Is.EqualTo(1));
        Assert.That(goResult.Stderr, Does.Contain("golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64"));

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.Commands.RunAsync(["latest", "--proxy", proxy, "go@1.99.0"], stdout, stderr, CancellationToken.None);
        Assert.That(code, Is.EqualTo(1), stdout.ToString());
        Assert.That(stderr.ToString(), Does.Contain("golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64"));
    }
}
