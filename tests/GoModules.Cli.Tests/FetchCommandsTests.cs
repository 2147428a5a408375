
namespace GoModules.Cli.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FetchCommandsTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.Commands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string MakeProxy()
    {
        var root = Directory.CreateTempSubdirectory("gomod-fetch-cli-").FullName;
        var v = Path.Combine(root, "example.com", "!hello", "@v");
        Directory.CreateDirectory(v);
        File.WriteAllText(Path.Combine(v, "list"), "v1.0.0\nv1.2.0\nv1.1.0\nv1.3.0-pre\nv0.0.0-20230101000000-abcdefabcdef\n");
        File.WriteAllText(Path.Combine(v, "v1.2.0.info"), "{\"Version\":\"v1.2.0\",\"Time\":\"2023-03-01T00:00:00Z\",\"Origin\":{\"VCS\":\"git\",\"Hash\":\"abc\"}}");
        File.WriteAllText(Path.Combine(v, "v1.1.0.info"), "{\"Version\":\"v1.1.0\",\"Time\":\"2023-02-01T00:00:00Z\"}");
        File.WriteAllText(Path.Combine(v, "v1.2.0.mod"), "module example.com/Hello\n\ngo 1.20\n");
        return root;
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task ListLatestInfoAndModReadAFileProxy()
    {
        var root = MakeProxy();
        try
        {
            var proxy = new Uri(root).AbsoluteUri;
            var list = await Run("list", "-versions", "--proxy", proxy, "example.com/Hello");
            Assert.That(list.Out.TrimEnd(), Is.EqualTo("example.com/Hello v1.0.0 v1.1.0 v1.2.0 v1.3.0-pre"), list.Err);

            var latest = await Run("latest", "--proxy", proxy, "example.com/Hello");
            Assert.That(latest.Out.TrimEnd(), Is.EqualTo("example.com/Hello v1.2.0"), latest.Err);

            var query = await Run("latest", "--proxy", proxy, "example.com/Hello@<v1.2.0");
            Assert.That(query.Out.TrimEnd(), Is.EqualTo("example.com/Hello v1.1.0"), query.Err);

            var info = await Run("info", "--proxy", proxy, "example.com/Hello@v1.2.0");
            Assert.That(info.Code, Is.Zero, info.Err);
            Assert.That(info.Out, Does.Contain("\"Version\": \"v1.2.0\"").And.Contain("\"Time\": \"2023-03-01T00:00:00Z\"").And.Contain("\"VCS\": \"git\""));

            // The go.mod is checked with the checksum database as the go command checks it, by default sum.golang.org,
            // which does not know this module: GOSUMDB=off, as a user would set it for a private proxy (a separate
            // process, so that the setting stays out of this one).
            var mod = await ProcessRunner.RunAsync(
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "mod", "--proxy", proxy, "example.com/Hello@v1.2.0"],
                root,
                ProcessRunner.GomodEnvironment(root, Path.Combine(root, "gopath"), Path.Combine(root, "gopath", "pkg", "mod"), "off", "off"));
            Assert.That(mod.Stdout, Is.EqualTo("module example.com/Hello\n\ngo 1.20\n"), mod.Stderr);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task FailuresUseGoWordingAndExitCodes()
    {
        var root = MakeProxy();
        try
        {
            var proxy = new Uri(root).AbsoluteUri;
            var missing = await Run("info", "--proxy", proxy + ",off", "example.com/Hello@v9.9.9");
            Assert.That(missing.Code, Is.EqualTo(1));
            Assert.That(missing.Err, Does.Contain("example.com/Hello@v9.9.9: module lookup disabled by GOPROXY=off"));

            var usage = await Run("mod", "--proxy", proxy, "example.com/Hello@v1.2");
            Assert.That(usage.Code, Is.EqualTo(2));

            var badList = await Run("list", "--proxy", proxy, "example.com/Hello");
            Assert.That(badList.Code, Is.EqualTo(2), "only -versions is supported");

            var badProxy = await Run("latest", "--proxy", ",", "example.com/Hello");
            Assert.That(badProxy.Code, Is.EqualTo(2));
            Assert.That(badProxy.Err, Does.Contain("GOPROXY list is not the empty string, but contains no entries"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
