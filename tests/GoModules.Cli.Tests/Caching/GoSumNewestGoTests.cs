using System.Text.Json;
using GoModules.Tests.Conformance;
using GoModules.Tests.Caching;

namespace GoModules.Cli.Tests.Caching;

/// <summary>
/// go.sum handling that changed after Go 1.19, compared with the newest go: a go.sum line without three fields is
/// fatal (Go ≥ 1.22), and a download that does not match go.sum stops <c>go mod download -json</c> with no JSON record,
/// the SECURITY ERROR text on stderr and exit status 1. gomod runs as a process, as a user runs it.
/// </summary>
[TestFixture]
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public sealed class GoSumNewestGoTests
{
    private const string Lib = "example.com/lib";

    private static string Gomod => Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll");

    private static async Task<TestProxy> ProxyAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync(Lib, "v1.0.0", CacheFixtures.LibraryFiles(Lib, $"module {Lib}\n\ngo 1.19\n", packages: 1, kb: 1));
        return proxy;
    }

    private static Dictionary<string, string?> GoEnv(TempDirectory tmp, string name, string proxy)
    {
        var env = GoCommand.Environment_(tmp.Sub(name + "-gopath"), Path.Combine(tmp.Path, name + "-modcache"));
        env["GOPROXY"] = proxy;
        env["GOFLAGS"] = "-mod=mod";
        return env;
    }

    private static Task<(int Exit, string Stdout, string Stderr)> GomodAsync(TempDirectory tmp, string name, string proxy, string workDir, params string[] args)
    {
        var env = ProcessRunner.GomodEnvironment(tmp.Sub(name + "-home"), tmp.Sub(name + "-gopath"), Path.Combine(tmp.Path, name + "-modcache"), proxy, "off");
        return ProcessRunner.RunAsync("dotnet", [Gomod, .. args], workDir, env);
    }

    private static string MainModule(TempDirectory tmp, string name, string goSum)
    {
        var dir = tmp.Sub(name);
        File.WriteAllText(Path.Combine(dir, "go.mod"), $"module example.com/main\n\ngo 1.21\n\nrequire {Lib} v1.0.0\n");
        File.WriteAllText(Path.Combine(dir, "go.sum"), goSum);
        return dir;
    }

    /// <summary>
    /// Every gosum conformance vector with a malformed line, as the go.sum of a main module: the newest go and gomod
    /// both refuse the whole file with the same message (the file's path, the line, the field count), and print nothing
    /// on stdout; the vector's <c>newest_go_error</c> says the same.
    /// </summary>
    [Test]
    [CancelAfter(600_000)]
    public async Task MalformedGoSumLine_IsFatal_AsInTheNewestGo()
    {
        GoCommand.Require();
        using var tmp = new TempDirectory();
        var proxy = await ProxyAsync(tmp);
        var vectors = new List<(string Id, string Text, JsonElement Newest)>();
        foreach (var line in File.ReadLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "conformance", "gosum.jsonl")))
        {
            var v = JsonDocument.Parse(line).RootElement;
            var expect = v.GetProperty("expect");
            if (Json.Opt(expect, "error") is not null && Json.Str(v.GetProperty("input"), "text") is { } text)
            {
                vectors.Add((v.GetProperty("id").GetString()!, text, Json.Opt(expect, "newest_go_error")!.Value));
            }
        }

        Assert.That(vectors, Is.Not.Empty);
        using var scope = Assert.EnterMultipleScope();
        foreach (var (id, text, newest) in vectors)
        {
            var goDir = MainModule(tmp, id + "-go", text);
            var ourDir = MainModule(tmp, id + "-ours", text);
            var go = GoCommand.Go(goDir, GoEnv(tmp, id, proxy.Url), "mod", "download", "-json");
            var ours = await GomodAsync(tmp, id, proxy.Url, ourDir, "download", "-json");
            var expected = $"malformed go.sum:\n{Path.Combine(goDir, "go.sum")}:{newest.GetProperty("line").GetInt32()}: wrong number of fields {newest.GetProperty("fields").GetInt32()}\n";
            Assert.That((go.ExitCode, go.Stdout, go.Stderr), Is.EqualTo((1, "", expected)), $"{id}: the newest go");
            Assert.That(
                (ours.Exit, ours.Stdout, ours.Stderr),
                Is.EqualTo((1, "", expected.Replace(goDir, ourDir, StringComparison.Ordinal))),
                $"{id}: gomod");
            Assert.That(File.ReadAllText(Path.Combine(ourDir, "go.sum")), Is.EqualTo(text), $"{id}: go.sum is left as it was");
        }
    }

    /// <summary>A go.sum with a wrong zip hash: no JSON record, SECURITY ERROR on stderr, exit 1, nothing kept — as the newest go.</summary>
    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(120_000)]
    public async Task GoSumMismatch_InDownloadJson_IsFatal_AsInTheNewestGo(bool explicitArgument)
    {
        GoCommand.Require();
        using var tmp = new TempDirectory();
        var proxy = await ProxyAsync(tmp);
        var other = "example.com/other";
        await proxy.AddAsync(other, "v1.0.0", CacheFixtures.LibraryFiles(other, $"module {other}\n", packages: 1, kb: 1));
        var zipHash = await GoModules.Hashing.DirHash.HashZipAsync(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.0.0.zip"));
        var goModHash = GoModules.Hashing.DirHash.HashGoMod(File.ReadAllBytes(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.0.0.mod")));
        const string Wrong = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        var goSum = $"{Lib} v1.0.0 {Wrong}\n{Lib} v1.0.0/go.mod {goModHash}\n";
        string[] args = explicitArgument ? ["mod", "download", "-json", Lib + "@v1.0.0", other + "@v1.0.0"] : ["mod", "download", "-json"];
        var goDir = MainModule(tmp, "go", goSum);
        var ourDir = MainModule(tmp, "ours", goSum);

        var go = GoCommand.Go(goDir, GoEnv(tmp, "go", proxy.Url), args);
        var ours = await GomodAsync(tmp, "ours", proxy.Url, ourDir, args[1..]);
        var mismatch = $"verifying {Lib}@v1.0.0: checksum mismatch\n\tdownloaded: {zipHash}\n\tgo.sum:     {Wrong}\n\nSECURITY ERROR\n";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(go.ExitCode, Is.EqualTo(1), $"the newest go: {go}");
            Assert.That(go.Stdout, Is.Empty, "the newest go prints no JSON record");
            Assert.That(go.Stderr, Does.StartWith(mismatch), "the newest go");
            Assert.That(ours.Exit, Is.EqualTo(1), ours.Stderr);
            Assert.That(ours.Stdout, Is.Empty, "no JSON record (before the fix: one with an Error field)");
            // gomod's own progress lines ("gomod: downloaded ...") aside, the same report: Go's first lines, then the
            // SECURITY ERROR explanation (in GoModules' own words).
            var report = string.Concat(ours.Stderr.Split('\n').Where(l => !l.StartsWith("gomod: ", StringComparison.Ordinal)).Select(l => l + "\n"));
            var goFirstLines = go.Stderr[..(go.Stderr.IndexOf("SECURITY ERROR\n", StringComparison.Ordinal) + "SECURITY ERROR\n".Length)];
            Assert.That(report, Does.StartWith(goFirstLines), "the same report");
            Assert.That(report, Does.Contain("go help module-auth"));
            Assert.That(File.ReadAllText(Path.Combine(ourDir, "go.sum")), Is.EqualTo(File.ReadAllText(Path.Combine(goDir, "go.sum"))), "go.sum");
            foreach (var name in new[] { "go", "ours" })
            {
                var modcache = Path.Combine(tmp.Path, name + "-modcache");
                Assert.That(Directory.Exists(Path.Combine(modcache, "example.com", "lib@v1.0.0")), Is.False, $"{name}: nothing extracted");
                Assert.That(File.Exists(Path.Combine(modcache, "cache", "download", "example.com", "lib", "@v", "v1.0.0.zip")), Is.False, $"{name}: no zip kept");
            }
        }
    }
}
