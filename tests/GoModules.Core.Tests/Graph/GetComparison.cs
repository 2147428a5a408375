using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Graph;
using GoModules.Hashing;

namespace GoModules.Tests.Graph;

/// <summary>
/// Compares <c>go get</c> with module arguments between the newest go command and <see cref="ModuleGetter"/> over one
/// generated graph: for each of a few random main modules (two copies of the same directory), a sequence of random
/// <c>go get</c> commands (exact versions, <c>latest</c>, <c>upgrade</c>, bare paths, <c>patch</c>, <c>none</c>,
/// version prefixes and comparisons) is applied to both copies, and go.mod and go.sum must be byte-identical after each
/// one, and so must go's stderr (without its download progress) and the result's warnings and changes; when go fails,
/// GoModules must fail too, and the error text is compared.
/// </summary>
internal static class GetComparison
{
    public sealed record Outcome(int Seed, int Commands, int Agreed, int GoFailed, int GoHung, List<string> Differences);

    private static readonly TimeSpan GoTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Outcome> RunAsync(int seed, int mainModules, int commandsPerMain, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("gomod-get-diff-").FullName;
        try
        {
            var graph = RandomGraphGenerator.Generate(seed);
            var proxyDir = Path.Combine(root, "proxy");
            await graph.WriteProxyAsync(proxyDir, cancellationToken);
            var rng = new Random(seed * 104_729 + 3);
            var differences = new List<string>();
            int commands = 0, agreed = 0, goFailed = 0, goHung = 0;
            for (var k = 0; k < mainModules; k++)
            {
                var goMain = Path.Combine(root, "go" + k, "main");
                var ourMain = Path.Combine(root, "ours" + k, "main");
                var goModText = graph.NewMainModule(rng, goMain);
                CopyDirectory(goMain, ourMain);
                var env = GraphOracle.Environment(proxyDir, Path.Combine(root, "gopath"), Path.Combine(root, "gomodcache" + k));
                var ourCache = Path.Combine(root, "ourmodcache" + k);
                for (var c = 0; c < commandsPerMain; c++)
                {
                    var args = DrawArguments(rng, graph);
                    commands++;
                    var before = File.ReadAllText(Path.Combine(goMain, "go.mod"));
                    if (Environment.GetEnvironmentVariable("GOMODULES_GRAPH_DUMP") == "1")
                    {
                        TestContext.Progress.WriteLine($"seed {seed} main {k}: go get {string.Join(' ', args)}\n{before}");
                    }

                    var go = await RunGoAsync(goMain, env, ["get", .. args], cancellationToken);
                    if (go is null)
                    {
                        // go1.27.3 at times spins without end in its requirement editing; such commands are not compared.
                        goHung++;
                        commands--;
                        continue;
                    }

                    var ours = await OursAsync(ourMain, ourCache, proxyDir, args, cancellationToken);
                    var goError = go.ExitCode == 0 ? null : ErrorText(go.Stderr);
                    goFailed += go.ExitCode == 0 ? 0 : 1;
                    var problem = Compare(goMain, ourMain, goError, ours.Error) ?? CompareMessages(go.ExitCode == 0 ? go.Stderr : null, ours.Messages);
                    if (problem is null)
                    {
                        agreed++;
                    }
                    else
                    {
                        differences.Add($"seed {seed} main {k} command {c}: go get {string.Join(' ', args)}\n--- initial go.mod\n{goModText}\n--- go.mod before\n{before}\n--- go (exit {go.ExitCode})\n{go.Stderr}\n--- gomod\n{ours.Error ?? ours.Messages}\n{problem}");
                        // Keep the two copies in step after a difference.
                        CopyDirectory(goMain, ourMain);
                    }
                }
            }

            return new Outcome(seed, commands, agreed, goFailed, goHung, differences);
        }
        finally
        {
            try
            {
                // GOMODULES_GRAPH_KEEP=1 keeps the proxy and the main modules for a look by hand.
                if (Environment.GetEnvironmentVariable("GOMODULES_GRAPH_KEEP") == "1")
                {
                    TestContext.Progress.WriteLine($"seed {seed}: kept {root}");
                }
                else
                {
                    Directory.Delete(root, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>One to three random module arguments.</summary>
    public static string[] DrawArguments(Random rng, RandomGraphGenerator graph)
    {
        var args = new List<string>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0, n = rng.Next(10) < 7 ? 1 : rng.Next(2, 4); i < n; i++)
        {
            var m = graph.Modules[rng.Next(graph.Modules.Count)];
            if (!paths.Add(m.Path))
            {
                continue;
            }

            var v = m.Versions[rng.Next(m.Versions.Count)].Version;
            var major = v[..v.IndexOf('.', StringComparison.Ordinal)];
            args.Add(rng.Next(12) switch
            {
                0 or 1 or 2 => m.Path + "@" + v,
                3 => m.Path + "@latest",
                4 => m.Path + "@upgrade",
                5 => m.Path,
                6 => m.Path + "@patch",
                7 or 8 => m.Path + "@none",
                9 => m.Path + "@" + major,
                10 => m.Path + "@<" + v,
                _ => m.Path + "@>=" + v,
            });
        }

        return [.. args];
    }

    /// <summary>Runs go, or returns null when it does not finish within <see cref="GoTimeout"/> (it is killed).</summary>
    private static async Task<GoCommand.Result?> RunGoAsync(string workDir, IReadOnlyDictionary<string, string?> env, string[] args, CancellationToken cancellationToken)
    {
        var psi = ProcessRunner.StartInfo(GoCommand.Require(), args, workDir, env, redirectInput: false, cleanEnvironment: false);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(GoTimeout);
        try
        {
            await p.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None);
            return null;
        }

        return new GoCommand.Result(p.ExitCode, await stdout, await stderr);
    }

    private sealed record OursOutcome(string? Error, string? Messages);

    private static async Task<OursOutcome> OursAsync(string main, string cacheRoot, string proxyDir, string[] args, CancellationToken cancellationToken)
    {
        var goSumPath = Path.Combine(main, "go.sum");
        var goSum = File.Exists(goSumPath) ? GoSumFile.Parse(await File.ReadAllBytesAsync(goSumPath, cancellationToken)) : null;
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(new ProxyDirectoryWriter(proxyDir).Url)) { IncludeRetracted = true };
        var cache = new ModuleCache(fetcher, new ModuleCacheOptions { Root = cacheRoot, GoSum = goSum });
        try
        {
            var result = await ModuleGetter.GetAsync(main, args, cache, fetcher, write: true, cancellationToken);
            return new OursOutcome(null, string.Join('\n', result.Warnings.Concat(result.Changes)));
        }
        catch (GoModuleException ex)
        {
            return new OursOutcome(ex.Message, null);
        }
    }

    /// <summary>go's error output without its progress lines and warnings (the API reports only the error).</summary>
    private static string ErrorText(string stderr)
        => string.Join('\n', stderr.Split('\n').Where(l => l.Length != 0
            && !l.StartsWith("go: downloading ", StringComparison.Ordinal)
            && !l.StartsWith("go: dropping requirement on excluded version ", StringComparison.Ordinal)
            && !l.StartsWith("go: warning: ", StringComparison.Ordinal)));

    /// <summary>After a successful get: go's stderr without its download progress against the API's warnings and changes.</summary>
    private static string? CompareMessages(string? goStderr, string? ours)
    {
        if (goStderr is null || ours is null)
        {
            return null;
        }

        var go = string.Join('\n', goStderr.Split('\n').Where(l => l.Length != 0 && !l.StartsWith("go: downloading ", StringComparison.Ordinal)));
        return string.Equals(go, ours, StringComparison.Ordinal) ? null : $"stderr differs:\n--- go\n{go}\n--- gomod\n{ours}";
    }

    private static string? Compare(string goMain, string ourMain, string? goError, string? ourError)
    {
        if (goError is not null || ourError is not null)
        {
            if (goError is null)
            {
                return "gomod failed where go succeeded";
            }

            if (ourError is null)
            {
                return "gomod succeeded where go failed";
            }

            return string.Equals(goError, ourError, StringComparison.Ordinal) ? null : $"error texts differ:\n  go:    {goError}\n  gomod: {ourError}";
        }

        foreach (var name in new[] { "go.mod", "go.sum" })
        {
            var a = Path.Combine(goMain, name);
            var b = Path.Combine(ourMain, name);
            var ta = File.Exists(a) ? File.ReadAllText(a) : "(none)";
            var tb = File.Exists(b) ? File.ReadAllText(b) : "(none)";
            if (!string.Equals(ta, tb, StringComparison.Ordinal))
            {
                return $"{name} differs:\n--- go\n{ta}\n--- gomod\n{tb}";
            }
        }

        return null;
    }

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}
