using System.Text;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Hashing;

namespace GoModules.Tests.Graph;

/// <summary>
/// Compares GoModules' graph answers with the newest go command's over one generated graph: for each of a few random
/// main modules, <c>go mod graph</c>, <c>go list -m -json all</c>, <c>go list -m -u -json all</c> and
/// <c>go list -m -u all</c>, each preceded by GoModules' answer over the same go.mod and go.sum (the go command may
/// rewrite both, as <c>-mod=mod</c> allows).
/// </summary>
internal static class GraphComparison
{
    public static readonly string[][] Commands =
    [
        ["mod", "graph"],
        ["list", "-m", "-json", "all"],
        ["list", "-m", "-u", "-json", "all"],
        ["list", "-m", "-u", "all"],
    ];

    public sealed record Outcome(int Seed, int Commands, int Agreed, List<string> Differences);

    public static async Task<Outcome> RunAsync(int seed, int mainModules, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("gomod-graph-diff-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(seed);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var rng = new Random(seed * 7919 + 1);
            var differences = new List<string>();
            var commands = 0;
            var agreed = 0;
            for (var k = 0; k < mainModules; k++)
            {
                var main = Path.Combine(root, "main" + k);
                var goMod = graph.NewMainModule(rng, main);
                var goCache = Path.Combine(root, "gomodcache" + k);
                var ourCache = Path.Combine(root, "ourmodcache" + k);
                var env = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), goCache);
                foreach (var command in Commands)
                {
                    commands++;
                    var ours = await OursAsync(main, ourCache, proxyDir, command, cancellationToken);
                    ours = ours.Replace(ourCache, goCache, StringComparison.Ordinal);
                    var go = GraphOracle.Go(main, env, command);
                    var theirs = go.ExitCode == 0 ? go.Stdout : "error: " + go.Stderr.TrimEnd('\n');
                    if (Environment.GetEnvironmentVariable("GOMODULES_GRAPH_DUMP") == "1")
                    {
                        TestContext.Out.WriteLine($"=== seed {seed} main {k} {string.Join(' ', command)}\n{goMod}\n{go.Stdout}{go.Stderr}");
                    }

                    if (string.Equals(ours, theirs, StringComparison.Ordinal))
                    {
                        agreed++;
                    }
                    else
                    {
                        differences.Add($"seed {seed} main {k}: go {string.Join(' ', command)}\n--- go.mod\n{goMod}\n--- go (exit {go.ExitCode})\n{go.Stdout}{go.Stderr}\n--- gomod\n{ours}\n{Diff(theirs, ours)}");
                    }
                }
            }

            return new Outcome(seed, commands, agreed, differences);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>GoModules' answer to <paramref name="command"/>, or "error" when it fails.</summary>
    public static async Task<string> OursAsync(string main, string cacheRoot, string proxyDir, string[] command, CancellationToken cancellationToken)
    {
        var goSumPath = Path.Combine(main, "go.sum");
        var goSum = File.Exists(goSumPath) ? GoSumFile.Parse(await File.ReadAllBytesAsync(goSumPath, cancellationToken)) : null;
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(new ProxyDirectoryWriter(proxyDir).Url)) { IncludeRetracted = true };
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = cacheRoot, GoSum = goSum });
        try
        {
            var graph = await ModuleGraph.LoadAsync(main, cache, cancellationToken);
            if (command[0] == "mod")
            {
                return graph.FormatGraph();
            }

            var updates = command.Contains("-u");
            var modules = await ModuleLister.ListAsync(graph, ["all"], new ModuleListOptions { Updates = updates, Fetcher = fetcher, GoSum = goSum }, cancellationToken);
            var sb = new StringBuilder();
            foreach (var m in modules)
            {
                sb.Append(command.Contains("-json") ? m.ToJson() : m.ToString()).Append('\n');
            }

            return sb.ToString();
        }
        catch (Exception ex) when (ex is GoModuleException or FormatException)
        {
            return "error: " + ex.Message;
        }
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                return $"first difference at line {i + 1}:\n  go:     {e[i]}\n  gomod:  {a[i]}";
            }
        }

        return $"lengths differ: go {e.Length} lines, gomod {a.Length} lines";
    }
}
