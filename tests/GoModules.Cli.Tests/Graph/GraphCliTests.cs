using GoModules.Tests.Graph;

namespace GoModules.Cli.Tests.Graph;

/// <summary>The gomod CLI's graph answers (<c>list -m</c>, <c>mod graph</c>, <c>mod why -m</c>) against the newest go over generated graphs.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class GraphCliTests
{
    private static readonly string[][] Commands =
    [
        ["mod", "graph"],
        ["list", "-m", "all"],
        ["list", "-m", "-json", "all"],
        ["list", "-m", "-u", "all"],
        ["list", "-m", "-u", "-json", "all"],
        ["list", "-m", "-retracted", "-json", "all"],
        ["list", "-m", "-json"],
        ["list", "-m", "example.com/..."],
    ];

    [TestCase(11)]
    [TestCase(12)]
    [CancelAfter(180_000)]
    public async Task GomodAnswersAsGoDoes(int seed, CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var root = Directory.CreateTempSubdirectory("gomod-graph-cli-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(seed);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var main = Path.Combine(root, "main");
            graph.NewMainModule(new Random(seed), main);
            var goCache = Path.Combine(root, "gomodcache");
            var ourCache = Path.Combine(root, "ourmodcache");
            var goEnv = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), goCache);
            var url = new GoModules.Fetching.ProxyDirectoryWriter(proxyDir).Url;
            var ourEnv = ProcessRunner.GomodEnvironment(root, Path.Combine(root, "gopath"), ourCache, url, "off");
            foreach (var command in Commands)
            {
                var ours = await Gomod(main, ourEnv, command);
                var go = GraphOracle.Go(main, goEnv, command);
                Assert.That(go.ExitCode, Is.Zero, go.ToString());
                Assert.That(ours.Exit, Is.Zero, $"gomod {string.Join(' ', command)}: {ours.Stderr}");
                Assert.That(ours.Stdout.Replace(ourCache, goCache, StringComparison.Ordinal), Is.EqualTo(go.Stdout), $"gomod {string.Join(' ', command)}");
            }

            // mod why -m: each printed path is a chain of requirement edges of 'go mod graph', from the main module.
            var edges = GraphOracle.Go(main, goEnv, "mod", "graph").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).Select(p => (From: p[0].Split('@')[0], To: p[1].Split('@')[0])).ToHashSet();
            var target = edges.Where(e => !e.To.StartsWith("go", StringComparison.Ordinal) && !e.To.StartsWith("toolchain", StringComparison.Ordinal)).Select(e => e.To).Last();
            var why = await Gomod(main, ourEnv, ["mod", "why", "-m", target, "example.com/not-required"]);
            Assert.That(why.Exit, Is.Zero, why.Stderr);
            var blocks = why.Stdout.Split("\n\n");
            var chain = blocks[0].TrimEnd('\n').Split('\n');
            Assert.That(chain[0], Is.EqualTo("# " + target));
            Assert.That(chain[1], Is.EqualTo(RandomGraphGenerator.MainPath));
            Assert.That(chain[^1], Is.EqualTo(target));
            for (var i = 1; i + 1 < chain.Length; i++)
            {
                Assert.That(edges, Does.Contain((chain[i], chain[i + 1])), why.Stdout);
            }

            Assert.That(blocks[1], Is.EqualTo("# example.com/not-required\n(main module does not need module example.com/not-required)\n"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task GomodAnswersAsGoDoesInAWorkspace(CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var root = Directory.CreateTempSubdirectory("gomod-graph-cli-work-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(31);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var work = Path.Combine(root, "work");
            graph.NewWorkspace(new Random(31), work);
            var goCache = Path.Combine(root, "gomodcache");
            var ourCache = Path.Combine(root, "ourmodcache");
            var goEnv = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), goCache);
            goEnv["GOFLAGS"] = null;
            goEnv["GOWORK"] = null;
            var url = new GoModules.Fetching.ProxyDirectoryWriter(proxyDir).Url;
            var ourEnv = ProcessRunner.GomodEnvironment(root, Path.Combine(root, "gopath"), ourCache, url, "off");
            ourEnv["GOWORK"] = null;
            var moduleDir = Path.Combine(work, "mod1");
            foreach (var command in new[] { new[] { "mod", "graph" }, ["list", "-m", "-json", "all"], ["list", "-m"], ["list", "-m", "-u", "all"] })
            {
                var ours = await Gomod(moduleDir, ourEnv, command);
                var go = GraphOracle.Go(moduleDir, goEnv, command);
                Assert.That(go.ExitCode, Is.Zero, go.ToString());
                Assert.That(ours.Exit, Is.Zero, $"gomod {string.Join(' ', command)}: {ours.Stderr}");
                Assert.That(ours.Stdout.Replace(ourCache, goCache, StringComparison.Ordinal), Is.EqualTo(go.Stdout), $"gomod {string.Join(' ', command)}");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// <c>list -m</c> without arguments reads only go.mod, as go does: it answers even when no dependency's go.mod
    /// can be had (here GOPROXY=off and an empty cache), where listing <c>all</c> fails.
    /// </summary>
    [Test]
    [CancelAfter(60_000)]
    public async Task ListingTheMainModuleLoadsNoGraph(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("gomod-list-main-").FullName;
        try
        {
            var main = Path.Combine(root, "main");
            Directory.CreateDirectory(main);
            await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), "module example.com/main\n\ngo 1.22.0\n\nrequire example.com/missing v1.0.0\n", cancellationToken);
            var env = ProcessRunner.GomodEnvironment(root, Path.Combine(root, "gopath"), Path.Combine(root, "modcache"), "off", "off");
            env["GOWORK"] = "off";
            var listed = await Gomod(main, env, ["list", "-m"]);
            Assert.That((listed.Exit, listed.Stdout), Is.EqualTo((0, "example.com/main\n")), listed.Stderr);
            var json = await Gomod(main, env, ["list", "-m", "-json"]);
            Assert.That(json.Stdout, Is.EqualTo(
                "{\n\t\"Path\": \"example.com/main\",\n\t\"Main\": true,\n\t\"Dir\": \"" + main + "\",\n\t\"GoMod\": \"" + Path.Combine(main, "go.mod") + "\",\n\t\"GoVersion\": \"1.22.0\"\n}\n"), json.Stderr);
            var all = await Gomod(main, env, ["list", "-m", "all"]);
            Assert.That(all.Exit, Is.Not.Zero);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task<(int Exit, string Stdout, string Stderr)> Gomod(string workDir, IReadOnlyDictionary<string, string?> env, string[] args)
        => ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args],
            workDir,
            env);
}
