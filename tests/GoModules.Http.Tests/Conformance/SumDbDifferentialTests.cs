using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GoModules.Http.Tests.Conformance;

/// <summary>
/// Differential checks of the checksum-database rules that the shared recordings do not cover: each case is a variant
/// of a recorded scenario (the same fake proxies, other settings and answers), run first with the real go command and
/// then replayed with the library, and the two must make the same requests and end the same way. The variants never let
/// either client fall back to the real sum.golang.org. Runs the newest go (GOMODULES_GO_NEWEST); ignored when it is missing, unless GOMODULES_REQUIRE_GO=1.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SumDbDifferentialTests
{
    private const string Template = "i-sumdb-probe-comma";

    private static IEnumerable<TestCaseData> Variants()
    {
        // name, GOPROXY, extra env, A's routes, B's routes (path -> status; "" body)
        yield return Case("probe-500-comma", "{A},{B}", [], new() { ["/sumdb/sum.golang.org/supported"] = 500 }, []);
        yield return Case("probe-500-pipe", "{A}|{B}", [], new() { ["/sumdb/sum.golang.org/supported"] = 500 }, new() { ["/sumdb/sum.golang.org/supported"] = 200 });
        yield return Case("probe-410-then-lookup-404", "{A},{B}", [], new() { ["/sumdb/sum.golang.org/supported"] = 410 }, new() { ["/sumdb/sum.golang.org/supported"] = 200, ["/sumdb/sum.golang.org/lookup/127.0.0.1/mod/a@v1.0.0"] = 404 });
        yield return Case("lookup-500-pipe", "{A}|{B}", [], new() { ["/sumdb/sum.golang.org/supported"] = 200, ["/sumdb/sum.golang.org/lookup/127.0.0.1/mod/a@v1.0.0"] = 500 }, new() { ["/sumdb/sum.golang.org/supported"] = 200 });
        yield return Case("off-ends-the-list", "off,{A}", [], new() { ["/sumdb/sum.golang.org/supported"] = 200 }, []);
        yield return Case("noproxy-entry-in-probe", "{A}", new() { ["GONOPROXY"] = "example.com/private" }, new() { ["/sumdb/sum.golang.org/supported"] = 200, ["/sumdb/sum.golang.org/lookup/127.0.0.1/mod/a@v1.0.0"] = 503 }, []);
        yield return Case("probe-503-pipe-then-404", "{A}|{B}", [], new() { ["/sumdb/sum.golang.org/supported"] = 503 }, new() { ["/sumdb/sum.golang.org/supported"] = 404 });
        yield return Case("gonosumdb-glob", "{A}", new() { ["GONOSUMDB"] = "127.0.0.*/m?d" }, new() { ["/sumdb/sum.golang.org/supported"] = 500 }, []);
        yield return Case("gonosumdb-trailing-slash", "{A}", new() { ["GONOSUMDB"] = "127.0.0.1/mod/" }, new() { ["/sumdb/sum.golang.org/supported"] = 500 }, []);
        yield return Case("goprivate-implies-gonosumdb", "{A}", new() { ["GOPRIVATE"] = "127.0.0.1/mod", ["GONOPROXY"] = "none" }, new() { ["/sumdb/sum.golang.org/supported"] = 500 }, []);
        yield return Case("gonosumdb-other-path", "{A}", new() { ["GONOSUMDB"] = "127.0.0.1/other" }, new() { ["/sumdb/sum.golang.org/supported"] = 500 }, []);
        yield return Case("goinsecure-changes-nothing", "{A}", new() { ["GOINSECURE"] = "127.0.0.1" }, new() { ["/sumdb/sum.golang.org/supported"] = 200, ["/sumdb/sum.golang.org/lookup/127.0.0.1/mod/a@v1.0.0"] = 500 }, []);
        yield return Case("gosumdb-unknown-name", "{A}", new() { ["GOSUMDB"] = "sum.example.com" }, [], []);
        yield return Case("gosumdb-too-many-fields", "{A}", new() { ["GOSUMDB"] = "a b c" }, [], []);
        yield return Case("gosumdb-key-and-url", "{A}", new() { ["GOSUMDB"] = "sum.golang.org {B}/db" }, new() { ["/sumdb/sum.golang.org/supported"] = 200 }, new() { ["/db/lookup/127.0.0.1/mod/a@v1.0.0"] = 500 });
    }

    private static TestCaseData Case(string name, string goproxy, Dictionary<string, string> env, Dictionary<string, int> a, Dictionary<string, int> b)
        => new TestCaseData(name, goproxy, env, a, b).SetName("sumdb-diff-" + name);

    [TestCaseSource(nameof(Variants))]
    [CancelAfter(120_000)]
    public async Task GoAndLibraryAgree(string name, string goproxy, Dictionary<string, string> env, Dictionary<string, int> a, Dictionary<string, int> b, CancellationToken cancellationToken)
    {
        var go = FindGo();
        var scenario = MakeVariant(name, goproxy, env, a, b);

        // The go command first.
        string[] goRequests;
        bool goSucceeded;
        string goOutput;
        string[] goReportedBy;
        await using (var run = ScenarioRun.Start(scenario))
        {
            var work = Path.Combine(run.Home, "work");
            Directory.CreateDirectory(work);
            var psi = new ProcessStartInfo(go) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "mod", "download", "-json", "127.0.0.1/mod/a@v1.0.0" })
            {
                psi.ArgumentList.Add(arg);
            }

            psi.Environment.Clear();
            psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            psi.Environment["GOCACHE"] = Path.Combine(run.Home, "gocache");
            psi.Environment["GOTOOLCHAIN"] = "local";
            foreach (var (k, v) in run.Environment())
            {
                psi.Environment[k] = v ?? string.Empty;
            }

            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
            await p.WaitForExitAsync(cancellationToken);
            goOutput = await stdout + await stderr;
            goSucceeded = p.ExitCode == 0;
            goRequests = run.Log.Snapshot().Select(r => r.Server + " " + r.Path).ToArray();
            goReportedBy = run.Servers.Where(s => goOutput.Contains(s.Value.HostPort, StringComparison.Ordinal)).OrderBy(s => goOutput.IndexOf(s.Value.HostPort, StringComparison.Ordinal)).Select(s => s.Key).ToArray();
        }

        // Then the library, against fresh servers with the same behaviour.
        await using (var run = ScenarioRun.Start(scenario))
        {
            var outcome = await run.ExecuteAsync(cancellationToken);
            var ours = run.Log.Snapshot().Select(r => r.Server + " " + r.Path).ToArray();
            var detail = $"go said:\n{goOutput}\nwe said: {outcome.Error?.GetType().Name}: {outcome.Error?.Message}";
            TestContext.Out.WriteLine(string.Join("\n", goRequests) + "\n" + detail);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(outcome.Succeeded, Is.EqualTo(goSucceeded), detail);
                Assert.That(ours, Is.EqualTo(goRequests), "requests; " + detail);
                if (!goSucceeded && outcome.Error is { } error)
                {
                    var oursReported = run.Servers.Where(s => error.Message.Contains(s.Value.HostPort, StringComparison.Ordinal)).OrderBy(s => error.Message.IndexOf(s.Value.HostPort, StringComparison.Ordinal)).Select(s => s.Key).ToArray();
                    Assert.That(oursReported, Is.EqualTo(goReportedBy), "servers named by the error; " + detail);
                    Assert.That(FallbackScenarioTests.ErrorClass(error), Is.Not.EqualTo("other"), detail);
                }
            }
        }
    }

    private static FallbackScenario MakeVariant(string name, string goproxy, Dictionary<string, string> env, Dictionary<string, int> a, Dictionary<string, int> b)
    {
        var file = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "conformance", "fallback-scenarios.json");
        var root = JsonNode.Parse(File.ReadAllBytes(file))!.AsObject();
        var template = root["scenarios"]!.AsArray().First(s => s!["id"]!.GetValue<string>() == Template)!.DeepClone().AsObject();
        template["id"] = "sumdb-diff-" + name;
        var envNode = template["env"]!.AsObject();
        envNode["GOPROXY"] = goproxy;
        foreach (var (k, v) in env)
        {
            envNode[k] = v;
        }

        foreach (var (server, routes) in new[] { ("A", a), ("B", b) })
        {
            var r = template["servers"]![server]!["routes"]!.AsObject();
            r.Remove("/sumdb/sum.golang.org/supported");
            r.Remove("/sumdb/sum.golang.org/lookup/127.0.0.1/mod/a@v1.0.0");
            foreach (var (path, status) in routes)
            {
                r[path] = new JsonObject { ["status"] = status, ["body"] = status == 200 ? string.Empty : "status " + status + "\n" };
            }
        }

        var doc = new JsonObject
        {
            ["format"] = root["format"]!.DeepClone(),
            ["fixtures"] = root["fixtures"]!.DeepClone(),
            ["scenarios"] = new JsonArray(template),
        };
        var temp = Path.Combine(TestContext.CurrentContext.WorkDirectory, "sumdb-diff-" + name + ".json");
        File.WriteAllText(temp, doc.ToJsonString());
        return FallbackScenario.Load(temp, "sumdb-diff").Single();
    }

    private static string FindGo() => GoInstalls.Require(GoRelease.Newest).Go;
}
