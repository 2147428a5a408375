using GoModules.Tests.Graph;

namespace GoModules.Cli.Tests.Graph;

/// <summary><c>gomod get</c> against the newest go's <c>go get</c> on copies of the same main module over a generated graph.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class GetCliTests
{
    [TestCase(4)]
    [CancelAfter(180_000)]
    public async Task GomodGetWritesWhatGoGetWrites(int seed, CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var root = Directory.CreateTempSubdirectory("gomod-get-cli-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(seed);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var goMain = Path.Combine(root, "go", "main");
            var ourMain = Path.Combine(root, "ours", "main");
            var rng = new Random(seed);
            graph.NewMainModule(rng, goMain);
            graph.NewMainModule(new Random(seed), ourMain);
            var goEnv = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), Path.Combine(root, "gomodcache"));
            var url = new GoModules.Fetching.ProxyDirectoryWriter(proxyDir).Url;
            var ourEnv = ProcessRunner.GomodEnvironment(root, Path.Combine(root, "gopath"), Path.Combine(root, "ourmodcache"), url, "off");
            for (var i = 0; i < 4; i++)
            {
                var args = GetComparison.DrawArguments(rng, graph);
                var go = await ProcessRunner.RunAsync(GoCommand.Require(), ["get", .. args], goMain, goEnv, TimeSpan.FromSeconds(60));
                var ours = await ProcessRunner.RunAsync(
                    Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                    [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "get", .. args],
                    ourMain,
                    ourEnv);
                var what = $"get {string.Join(' ', args)}\ngo: {go.Stderr}\ngomod: {ours.Stderr}";
                Assert.That(ours.Exit == 0, Is.EqualTo(go.Exit == 0), what);
                foreach (var name in new[] { "go.mod", "go.sum" })
                {
                    var a = Path.Combine(goMain, name);
                    var b = Path.Combine(ourMain, name);
                    Assert.That(File.Exists(b) ? File.ReadAllText(b) : null, Is.EqualTo(File.Exists(a) ? File.ReadAllText(a) : null), name + " after " + what);
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
