namespace GoModules.Tests.Graph;

/// <summary>The generator's graphs are ones the go command can load offline.</summary>
[TestFixture]
public sealed class RandomGraphSmokeTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task GoListsTheBuildListOfGeneratedMainModules()
    {
        GoCommand.Require();
        var root = Directory.CreateTempSubdirectory("gomod-graph-smoke-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(1);
            await graph.WriteProxyAsync(Path.Combine(root, "proxy"));
            var rng = new Random(1);
            var main = Path.Combine(root, "main");
            var goMod = graph.NewMainModule(rng, main);
            var env = GraphOracle.Environment(Path.Combine(root, "proxy"), Path.Combine(root, "gopath"), Path.Combine(root, "modcache"));
            var result = GraphOracle.Go(main, env, "list", "-m", "all");
            TestContext.Out.WriteLine(goMod);
            TestContext.Out.WriteLine(result.ToString());
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
