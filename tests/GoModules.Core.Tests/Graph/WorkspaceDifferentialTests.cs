using System.Text;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Hashing;

namespace GoModules.Tests.Graph;

/// <summary>
/// Workspaces (go.work) over generated graphs against the newest go: <c>go mod graph</c>, <c>go list -m -json all</c>,
/// <c>go list -m -u -json all</c> and <c>go list -m -json</c> (the main modules).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class WorkspaceDifferentialTests
{
    private static readonly string[][] Commands =
    [
        ["mod", "graph"],
        ["list", "-m", "-json", "all"],
        ["list", "-m", "-u", "-json", "all"],
        ["list", "-m", "-json"],
    ];

    private static readonly int[] Seeds = [21, 22, 23, 24];

    [TestCaseSource(nameof(Seeds))]
    [CancelAfter(120_000)]
    public async Task WorkspaceAgreesWithGo(int seed, CancellationToken cancellationToken)
    {
        GoCommand.Require();
        var differences = await CompareAsync(seed, cancellationToken);
        Assert.That(differences, Is.Empty, string.Join("\n\n", differences));
    }

    [Test]
    [CancelAfter(3_600_000)]
    public async Task ManyWorkspacesAgreeWithGo(CancellationToken cancellationToken)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(GraphDifferentialTests.SeedsVariable), out var count) || count <= 0)
        {
            Assert.Ignore($"set {GraphDifferentialTests.SeedsVariable}=N to compare N random workspaces with the go command");
        }

        GoCommand.Require();
        int agreed = 0, differing = 0;
        var first = new List<string>();
        for (var seed = 1; seed <= count; seed++)
        {
            var differences = await CompareAsync(1000 + seed, cancellationToken);
            agreed += Commands.Length - differences.Count;
            differing += differences.Count;
            if (first.Count < 5)
            {
                first.AddRange(differences);
            }
        }

        TestContext.Out.WriteLine($"workspaces: {count}; commands: {agreed}/{agreed + differing} agree");
        Assert.That(differing, Is.Zero, string.Join("\n\n", first));
    }

    private static async Task<List<string>> CompareAsync(int seed, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("gomod-graph-work-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(seed);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var work = Path.Combine(root, "work");
            var goWork = graph.NewWorkspace(new Random(seed), work);
            var goCache = Path.Combine(root, "gomodcache");
            var ourCache = Path.Combine(root, "ourmodcache");
            var env = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), goCache);
            env["GOFLAGS"] = null;
            env["GOWORK"] = Path.Combine(work, "go.work");
            var differences = new List<string>();
            foreach (var command in Commands)
            {
                var go = GraphOracle.Go(Path.Combine(work, "mod0"), env, command);
                var theirs = go.ExitCode == 0 ? go.Stdout : "error: " + go.Stderr.TrimEnd('\n');
                var ours = (await OursAsync(work, ourCache, proxyDir, command, cancellationToken)).Replace(ourCache, goCache, StringComparison.Ordinal);
                if (ours != theirs)
                {
                    differences.Add($"go {string.Join(' ', command)}\n--- go.work\n{goWork}\n--- go\n{theirs}\n--- gomod\n{ours}");
                }
            }

            return differences;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("GOMODULES_GRAPH_KEEP") != "1")
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<string> OursAsync(string work, string cacheRoot, string proxyDir, string[] command, CancellationToken cancellationToken)
    {
        var goSum = GoSumFile.Parse(await File.ReadAllBytesAsync(Path.Combine(work, "go.work.sum"), cancellationToken));
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(new ProxyDirectoryWriter(proxyDir).Url)) { IncludeRetracted = true };
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = cacheRoot, GoSum = goSum });
        try
        {
            var graph = await ModuleGraph.LoadWorkspaceAsync(Path.Combine(work, "go.work"), cache, cancellationToken);
            if (command[0] == "mod")
            {
                return graph.FormatGraph();
            }

            var args = command[^1] == "all" ? new[] { "all" } : [];
            var modules = await ModuleLister.ListAsync(graph, args, new ModuleListOptions { Updates = command.Contains("-u"), Fetcher = fetcher, GoSum = goSum }, cancellationToken);
            var sb = new StringBuilder();
            foreach (var m in modules)
            {
                sb.Append(m.ToJson()).Append('\n');
            }

            return sb.ToString();
        }
        catch (GoModuleException ex)
        {
            return "error: " + ex.Message;
        }
    }
}
