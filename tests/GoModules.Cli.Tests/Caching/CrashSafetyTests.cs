using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GoModules.Hashing;
using GoModules.Tests.Caching;

namespace GoModules.Cli.Tests.Caching;

/// <summary>
/// Kills a downloading <c>gomod download</c> process (SIGKILL) at random moments, many times, and checks after each
/// kill that neither GoModules nor the go command accepts a partial cache entry, and that a retry (by either tool)
/// completes. The go checks and retries alternate, two kills each, between the newest go and the oldest one that
/// shares a cache with us (when it is installed; required under GOMODULES_REQUIRE_GO=1).
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class CrashSafetyTests
{
    private const int Kills = 50;

    [Test]
    [CancelAfter(240_000)]
    public async Task KilledDownloads_LeaveNoAcceptedPartialEntry_AndRetriesComplete()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("SIGKILL semantics are tested on Unix");
        }

        var gos = GoInstalls.Available();
        var gomod = Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll");
        Assert.That(File.Exists(gomod), Is.True, gomod);

        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 4, kb: 48);
        var main = CacheFixtures.WriteMainModule(tmp.Sub("main"), deps);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in deps)
        {
            var zip = Path.Combine(proxy.Root, ModulePath.EscapePath(p), "@v", "v1.0.0.zip");
            expected[p] = await DirHash.HashZipAsync(zip);
        }

        // Uninterrupted runs measure how long a download takes (the median of three).
        var runs = new List<TimeSpan>();
        var firsts = new List<TimeSpan>();
        ChildRun full = null!;
        for (var w = 0; w < 3; w++)
        {
            var clock = Stopwatch.StartNew();
            full = await RunChildAsync(gomod, main, Path.Combine(tmp.Path, "warmup" + w), proxy.Url, killAfter: null, killAtStep: null);
            runs.Add(clock.Elapsed);
            firsts.Add(full.FirstStep);
            Assert.That(full.ExitCode, Is.Zero, full.Stderr);
        }

        runs.Sort();
        firsts.Sort();
        var duration = runs[1];
        var active = duration - firsts[1];

        var lastSteps = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var states = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var random = new Random(20260101);
        var goEnvBase = GoCommand.Environment_(tmp.Sub("gopath"), "unused");
        var outside = tmp.Sub("outside");
        var allSteps = full.Steps.Distinct().ToList();
        TimeSpan timeChild = default, timeGo = default, timeRetry = default;
        var removals = new List<Task>();
        for (var i = 0; i < Kills; i++)
        {
            var cache = Path.Combine(tmp.Path, "cache" + i);

            // Half the kills land at a random moment while the download is active (after process start-up), half right
            // after a random protocol step.
            TimeSpan? after = i % 2 == 0 ? firsts[0] * 0.9 + TimeSpan.FromMilliseconds(random.NextDouble() * active.TotalMilliseconds * 1.1) : null;
            string? atStep = i % 2 == 1 ? allSteps[random.Next(allSteps.Count)] : null;
            var sw = Stopwatch.StartNew();
            var killed = await RunChildAsync(gomod, main, cache, proxy.Url, after, atStep);
            timeChild += sw.Elapsed;
            lastSteps.AddOrUpdate(killed.Steps.Count == 0 ? "(before any step)" : killed.Steps[^1], 1, (_, n) => n + 1);

            foreach (var p in deps)
            {
                var module = new ModuleVersion(ModulePath.Parse(p), "v1.0.0");
                var check = CacheFixtures.NewCache(new FailingFetcher(), cache);
                var zip = check.Paths.GetZipFile(module);
                var dir = check.Paths.GetExtractedDirectory(module);
                var state = string.Join(
                    '+',
                    new[]
                    {
                        File.Exists(check.Paths.GetInfoFile(module)) ? "info" : null,
                        File.Exists(check.Paths.GetGoModFile(module)) ? "mod" : null,
                        Directory.Exists(Path.GetDirectoryName(zip)!) && Directory.EnumerateFiles(Path.GetDirectoryName(zip)!, "v1.0.0.zip*.tmp").Any() ? "ziptmp" : null,
                        File.Exists(zip + "hash") ? "ziphash" : null,
                        File.Exists(zip) ? "zip" : null,
                        Directory.Exists(Path.GetDirectoryName(dir)!) && Directory.EnumerateDirectories(Path.GetDirectoryName(dir)!)
                            .Any(d => Path.GetFileName(d).StartsWith(Path.GetFileName(dir) + ".tmp-", StringComparison.Ordinal)
                                || Path.GetFileName(d).StartsWith("." + Path.GetFileName(dir) + ".tmp-", StringComparison.Ordinal)) ? "staging" : null,
                        Directory.Exists(dir) ? "dir" : null,
                    }.Where(s => s is not null));
                states.AddOrUpdate(state.Length == 0 ? "(nothing)" : state, 1, (_, n) => n + 1);

                // GoModules: what it calls complete must be complete and correct.
                if (check.IsExtracted(module))
                {
                    Assert.That(await DirHash.HashDirectoryAsync(dir, p + "@v1.0.0"), Is.EqualTo(expected[p]), $"kill {i}: {p} accepted as extracted");
                }

                if (await check.GetZipHashAsync(module) is { } recorded && File.Exists(zip))
                {
                    Assert.That(recorded, Is.EqualTo(expected[p]), $"kill {i}: {p} .ziphash");
                    Assert.That(await DirHash.HashZipAsync(zip), Is.EqualTo(expected[p]), $"kill {i}: {p} zip accepted with its hash");
                }
            }

            sw.Restart();
            var go = gos[(i / 2) % gos.Count];

            // The go command, offline: whatever it accepts from this cache must be correct.
            var goEnv = new Dictionary<string, string?>(goEnvBase) { ["GOMODCACHE"] = cache, ["GOPROXY"] = "off", ["GOFLAGS"] = "-mod=mod" };
            var goRun = GoCommand.Run(go, outside, goEnv, null, ["mod", "download", "-json", .. deps.Select(p => p + "@v1.0.0")]);
            foreach (var record in ParseRecords(goRun.Stdout))
            {
                if (record.TryGetValue("Error", out _))
                {
                    continue;
                }

                var path = record["Path"];
                Assert.That(record["Sum"], Is.EqualTo(expected[path]), $"kill {i}: go accepted {path} with sum");
                Assert.That(await DirHash.HashDirectoryAsync(record["Dir"], path + "@v1.0.0"), Is.EqualTo(expected[path]), $"kill {i}: go accepted {path}");
            }

            timeGo += sw.Elapsed;
            sw.Restart();
            // A retry completes: by GoModules on even kills (in this process, the same code as the CLI), by the go
            // command on odd ones.
            if (i % 2 == 0)
            {
                var retry = await CacheFixtures.RunDownloadAsync(proxy, cache, main);
                Assert.That(retry.Failed, Is.False, $"kill {i}: retry by GoModules: {retry.FatalError} {string.Join("; ", retry.Results.Select(r => r.Error))}");
            }
            else
            {
                var env = new Dictionary<string, string?>(goEnv) { ["GOPROXY"] = proxy.Url };
                var retry = GoCommand.Run(go, outside, env, null, ["mod", "download", .. deps.Select(p => p + "@v1.0.0")]);
                Assert.That(retry.ExitCode, Is.Zero, $"kill {i}: retry by go\n{retry}");
            }

            timeRetry += sw.Elapsed;
            var final = CacheFixtures.NewCache(new FailingFetcher(), cache);
            foreach (var p in deps)
            {
                var module = new ModuleVersion(ModulePath.Parse(p), "v1.0.0");
                Assert.That(final.IsExtracted(module), Is.True, $"kill {i}: {p} complete after retry");
                Assert.That(await final.VerifyAsync(module), Is.Empty, $"kill {i}: {p} verifies after retry");
                Assert.That(await final.GetZipHashAsync(module), Is.EqualTo(expected[p]));
            }

            removals.Add(Task.Run(() => GoModules.Kernel.CacheFiles.RemoveAll(cache)));
        }

        // Each iteration's cache is removed in the background; all removals end before the temporary folder goes.
        await Task.WhenAll(removals);
        TestContext.Out.WriteLine($"time: child {timeChild}, go check {timeGo}, retries {timeRetry}, one full run {duration}");
        TestContext.Out.WriteLine($"{Kills} kills; last protocol step reached before the kill:");
        foreach (var (step, n) in lastSteps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {step}: {n}");
        }

        TestContext.Out.WriteLine("per-module cache states seen after a kill:");
        foreach (var (state, n) in states.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {state}: {n}");
        }

        Assert.That(lastSteps.Keys, Has.Count.GreaterThanOrEqualTo(6), "kills should land between many different protocol steps");
    }

    private sealed record ChildRun(int ExitCode, List<string> Steps, string Stderr, TimeSpan FirstStep);

    private static async Task<ChildRun> RunChildAsync(string gomod, string main, string cache, string proxyUrl, TimeSpan? killAfter, string? killAtStep)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = main,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(gomod);
        psi.ArgumentList.Add("download");
        psi.ArgumentList.Add("-json");
        psi.Environment["GOMODCACHE"] = cache;
        psi.Environment["GOPROXY"] = proxyUrl;
        psi.Environment["GOSUMDB"] = "off";
        psi.Environment["GOFLAGS"] = "";
        psi.Environment["GOENV"] = "off";
        psi.Environment["GOMODULES_TRACE_CACHE"] = "1";
        psi.Environment["DOTNET_TieredPGO"] = "0";

        var started = Stopwatch.StartNew();
        var firstStep = TimeSpan.Zero;
        using var process = Process.Start(psi)!;
        var steps = new List<string>();
        var stderr = new System.Text.StringBuilder();
        var stepSeen = new TaskCompletionSource();
        var readErr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (steps)
                {
                    stderr.AppendLine(line);
                    if (line.StartsWith("gomod-trace: ", StringComparison.Ordinal))
                    {
                        var step = line["gomod-trace: ".Length..].Split(' ')[0];
                        if (steps.Count == 0)
                        {
                            firstStep = started.Elapsed;
                        }

                        steps.Add(step);
                        if (killAtStep is not null && step == killAtStep)
                        {
                            KillNow(process);
                            stepSeen.TrySetResult();
                        }
                    }
                }
            }
        });
        var readOut = process.StandardOutput.ReadToEndAsync();
        if (killAfter is { } delay)
        {
            await Task.WhenAny(Task.Delay(delay), process.WaitForExitAsync());
            KillNow(process);
        }

        await process.WaitForExitAsync();
        await readErr;
        await readOut;
        lock (steps)
        {
            return new ChildRun(process.ExitCode, [.. steps], stderr.ToString(), firstStep);
        }
    }

    private static void KillNow(Process process)
    {
        try
        {
            // Process.Kill sends SIGKILL on Unix.
            process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static List<Dictionary<string, string>> ParseRecords(string text)
    {
        var list = new List<Dictionary<string, string>>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                using var doc = JsonDocument.ParseValue(ref reader);
                list.Add(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString()));
            }
        }

        return list;
    }
}
