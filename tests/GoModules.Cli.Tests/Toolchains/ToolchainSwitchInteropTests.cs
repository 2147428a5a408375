using System.Security.Cryptography;
using GoModules.Hashing;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Cli.Tests.Toolchains;

/// <summary>
/// Interop with the newest go's toolchain switch, offline: a trimmed toolchain module built from Debian's Go 1.19
/// GOROOT (its real bin/go, so that the switch can exec it), served from a file:// proxy, with a test checksum
/// database on 127.0.0.1. The newest go switches to it with GOTOOLCHAIN=go1.19.8; gomod downloads it with
/// <c>gomod toolchain download</c>; both must unpack the same tree (names, contents, modes) with the same h1, share
/// one cache either way round or at the same time, and refuse it with the same words when the database cannot vouch
/// for it (also with GOSUMDB=off and GONOSUMDB matching).
/// </summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class ToolchainSwitchInteropTests
{
    private const string SourceGoRoot = "/usr/lib/go-1.19";
    private const string DbName = "sumdb.gomodules.test";
    private static readonly Lazy<TestModule?> Toolchain = new(Build);
    private static string? _toolchainName;

    private static string ModuleVersion => $"v0.0.1-{_toolchainName}.{Toolchains.HostGoos}-{Toolchains.HostGoarch}";

    private static class Toolchains
    {
        public static string HostGoos => GoModules.Toolchains.GoToolchainDownloader.HostGoos;

        public static string HostGoarch => GoModules.Toolchains.GoToolchainDownloader.HostGoarch;
    }

    /// <summary>A trimmed toolchain: real bin/go and bin/gofmt, one pkg/tool binary, lib, VERSION and a few sources.</summary>
    private static TestModule? Build()
    {
        if (OperatingSystem.IsWindows() || !File.Exists(Path.Combine(SourceGoRoot, "bin", "go")) || !File.Exists(Path.Combine(SourceGoRoot, "VERSION")))
        {
            return null;
        }

        _toolchainName = File.ReadAllText(Path.Combine(SourceGoRoot, "VERSION")).Split('\n')[0].Trim();
        var m = new TestModule("golang.org/toolchain", ModuleVersion);
        m.Files.Clear();
        void Copy(string rel, string? asName = null) => m.Files[asName ?? rel] = File.ReadAllBytes(Path.Combine(SourceGoRoot, rel));
        Copy("VERSION");
        Copy("bin/go");
        Copy("bin/gofmt");
        Copy($"pkg/tool/{Toolchains.HostGoos}_{Toolchains.HostGoarch}/buildid");
        Copy("src/go.mod", "src/_go.mod");
        Copy("src/cmd/go.mod", "src/cmd/_go.mod");
        Copy("src/vendor/modules.txt");
        Copy("src/cmd/vendor/modules.txt");
        Copy("src/vendor/golang.org/x/net/idna/go118.go");
        Copy("src/fmt/print.go");
        Copy("src/fmt/doc.go");
        m.Files["lib/wasm/go_js_wasm_exec"] = "#!/usr/bin/env bash\nexec node \"$@\"\n"u8.ToArray();
        m.Files["lib/wasm/wasm_exec.js"] = "'use strict';\n"u8.ToArray();
        m.Files["misc/ios/go_ios_arm64_exec"] = "#!/bin/sh\n"u8.ToArray();
        return m;
    }

    private sealed class Sandbox : IDisposable
    {
        public Sandbox(TestModule module)
        {
            module.WriteProxy(Temp.Combine("proxy"));
            Directory.CreateDirectory(Temp.Combine("work"));
        }

        public TempDirectory Temp { get; } = new();

        public string Proxy => "file://" + Temp.Combine("proxy");

        public static string Dir(string modCache) => Path.Combine(modCache, "golang.org", "toolchain@" + ModuleVersion);

        public Dictionary<string, string> GoEnv(string cache, string goProxy, string goSumDb, string noSumDb) => new()
        {
            ["HOME"] = Temp.Path,
            ["GOENV"] = "off",
            ["GOPATH"] = Temp.Combine(cache + "-gopath"),
            ["GOMODCACHE"] = Temp.Combine(cache),
            ["GOCACHE"] = Temp.Combine("gocache"),
            ["GOPROXY"] = goProxy,
            ["GOSUMDB"] = goSumDb,
            ["GONOSUMDB"] = noSumDb,
            ["GOFLAGS"] = string.Empty,
            ["GOTOOLCHAIN"] = _toolchainName!,
        };

        public (int Exit, string Stdout, string Stderr) Go(string go, string cache, string goProxy, string goSumDb, string noSumDb = "")
            => GoCommand.RunIsolated(go, Temp.Combine("work"), GoEnv(cache, goProxy, goSumDb, noSumDb), TimeSpan.FromSeconds(120), "version");

        public Task<(int Exit, string Stdout, string Stderr)> GomodAsync(string cache, string goProxy, string goSumDb, string noSumDb = "")
        {
            var env = ProcessRunner.GomodEnvironment(Temp.Path, Temp.Combine(cache + "-gopath"), Temp.Combine(cache), goProxy, goSumDb);
            env["GONOSUMDB"] = noSumDb;
            return ProcessRunner.RunAsync(
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "toolchain", "download", "-json", _toolchainName!],
                Temp.Combine("work"),
                env);
        }

        public void Dispose() => Temp.Dispose();
    }

    private static (string Go, TestModule Module) Require()
    {
        var go = GoCommand.Require();
        var module = Toolchain.Value;
        if (module is null)
        {
            if (Environment.GetEnvironmentVariable("GOMODULES_REQUIRE_GO") == "1" && !OperatingSystem.IsWindows())
            {
                Assert.Fail($"Debian's Go 1.19 GOROOT ({SourceGoRoot}) is needed to build the test toolchain");
            }

            Assert.Ignore($"no Go 1.19 GOROOT at {SourceGoRoot} to build the test toolchain from");
        }

        return (go, module!);
    }

    private static TestChecksumDatabase Database(TestModule module, bool withRecord = true)
    {
        var db = new TestChecksumDatabase(DbName);
        db.AddFiller(20);
        if (withRecord)
        {
            db.AddModule(module.Path, module.Version, module.ZipHash, module.GoModHash);
        }

        db.AddFiller(3, "other.example/m");
        return db;
    }

    [Test]
    public async Task GoSwitchesToTheSameTreeGomodUnpacks()
    {
        var (go, module) = Require();
        var db = Database(module);
        await using var server = new LoopbackHttpServer(db.Serve);
        using var box = new Sandbox(module);
        var gosumdb = $"{db.Verifier.VerifierKey} {server.BaseUrl}";

        // ",off" keeps go from treating the file:// proxy as a local distribution test: the database is required,
        // and GONOSUMDB naming the module does not change that.
        var proxy = box.Proxy + ",off";
        var (exit, stdout, stderr) = box.Go(go, "gocache-mod", proxy, gosumdb, "golang.org/toolchain");
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith($"go version {_toolchainName} "), "the newest go ran the downloaded bin/go");
        Assert.That(stderr, Does.Contain($"go: downloading {_toolchainName} ({Toolchains.HostGoos}/{Toolchains.HostGoarch})"));

        var ours = await box.GomodAsync("gomod-mod", proxy, gosumdb, "golang.org/toolchain");
        Assert.That(ours.Exit, Is.Zero, ours.Stderr);
        Assert.That(ours.Stdout, Does.Contain($"\"Sum\": \"{module.ZipHash}\""));
        Assert.That(ours.Stdout, Does.Contain($"\"Dir\": \"{Sandbox.Dir(box.Temp.Combine("gomod-mod"))}\""));

        var theirDir = Sandbox.Dir(box.Temp.Combine("gocache-mod"));
        var ourDir = Sandbox.Dir(box.Temp.Combine("gomod-mod"));
        Assert.That(Snapshot(ourDir), Is.EqualTo(Snapshot(theirDir)), "same names, contents and modes");
        Assert.That(Snapshot(ourDir)["src/go.mod"], Does.StartWith("0444 "), "the _go.mod copies are read-only");
        Assert.That(Snapshot(ourDir)["bin/go"], Does.StartWith("0555 "));
        Assert.That(Snapshot(ourDir)["misc/ios/go_ios_arm64_exec"], Does.StartWith("0444 "), "only lib's exec wrappers get exec bits");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(box.Temp.Combine("gomod-mod"), "cache", "download", "golang.org", "toolchain", "@v", ModuleVersion + ".ziphash")), Is.EqualTo(module.ZipHash));
            Assert.That(File.ReadAllText(Path.Combine(box.Temp.Combine("gocache-mod"), "cache", "download", "golang.org", "toolchain", "@v", ModuleVersion + ".ziphash")), Is.EqualTo(module.ZipHash));
        });
        Assert.That(await DirHash.HashDirectoryAsync(ourDir, module.Path + "@" + module.Version), Is.EqualTo(await DirHash.HashDirectoryAsync(theirDir, module.Path + "@" + module.Version)));
    }

    [Test]
    public async Task OneCacheEitherWayRoundAndAtOnce()
    {
        var (go, module) = Require();
        var db = Database(module);
        await using var server = new LoopbackHttpServer(db.Serve);
        using var box = new Sandbox(module);
        var gosumdb = $"{db.Verifier.VerifierKey} {server.BaseUrl}";

        // gomod first; go then runs the toolchain gomod unpacked, with no proxy to download from.
        var ours = await box.GomodAsync("shared-a", box.Proxy, gosumdb);
        Assert.That(ours.Exit, Is.Zero, ours.Stderr);
        var (exit, stdout, stderr) = box.Go(go, "shared-a", "off", gosumdb);
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Does.StartWith($"go version {_toolchainName} "));
        Assert.That(stderr, Does.Not.Contain("downloading"));

        // go first; gomod then finds go's tree complete, without a proxy.
        (exit, _, stderr) = box.Go(go, "shared-b", box.Proxy, gosumdb);
        Assert.That(exit, Is.Zero, stderr);
        ours = await box.GomodAsync("shared-b", "off", gosumdb);
        Assert.That(ours.Exit, Is.Zero, ours.Stderr);
        Assert.That(ours.Stderr, Does.Not.Contain("downloading"));

        // Both at once on an empty cache: each waits for the other's lock or copies race-safely; both succeed.
        var goTask = Task.Run(() => box.Go(go, "shared-c", box.Proxy, gosumdb));
        var gomodTask = box.GomodAsync("shared-c", box.Proxy, gosumdb);
        var both = (await goTask, await gomodTask);
        Assert.That(both.Item1.Exit, Is.Zero, both.Item1.Stderr);
        Assert.That(both.Item2.Exit, Is.Zero, both.Item2.Stderr);
        Assert.That(Snapshot(Sandbox.Dir(box.Temp.Combine("shared-c"))), Is.EqualTo(Snapshot(Sandbox.Dir(box.Temp.Combine("shared-a")))));
        Assert.That(Snapshot(Sandbox.Dir(box.Temp.Combine("shared-b"))), Is.EqualTo(Snapshot(Sandbox.Dir(box.Temp.Combine("shared-a")))));
    }

    [TestCase("norecord", "golang.org")]
    [TestCase("off", "")]
    public async Task RefusedWithTheSameWords(string how, string noSumDb)
    {
        var (go, module) = Require();
        var db = Database(module, withRecord: false);
        await using var server = new LoopbackHttpServer(db.Serve);
        using var box = new Sandbox(module);
        var gosumdb = how == "off" ? "off" : $"{db.Verifier.VerifierKey} {server.BaseUrl}";
        var proxy = box.Proxy + ",off";

        var (exit, _, stderr) = box.Go(go, "go-mod", proxy, gosumdb, noSumDb);
        var ours = await box.GomodAsync("gomod-mod", proxy, gosumdb, noSumDb);
        Assert.That(exit, Is.EqualTo(1), stderr);
        Assert.That(ours.Exit, Is.EqualTo(1), ours.Stderr);
        var theirs = LastLine(stderr);
        var mine = LastLine(ours.Stderr);
        var prefix = $"go: download {_toolchainName}: golang.org/toolchain@{ModuleVersion}: verifying module: ";
        Assert.That(theirs, Does.StartWith(prefix));
        if (how == "off")
        {
            Assert.That(mine, Is.EqualTo(theirs));
        }
        else
        {
            // The lookup error's transport wording differs; what failed and where must not.
            Assert.That(theirs, Does.Contain("404"));
            Assert.That(mine, Does.StartWith(prefix + $"golang.org/toolchain@{ModuleVersion}: "));
            Assert.That(mine, Does.Contain("404"));
        }

        Assert.That(Directory.Exists(Sandbox.Dir(box.Temp.Combine("go-mod"))), Is.False);
        Assert.That(Directory.Exists(Sandbox.Dir(box.Temp.Combine("gomod-mod"))), Is.False);
    }

    private static string LastLine(string text)
    {
        // The go command's error is its first line after the "downloading" notice; a lookup error may add indented lines.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.FirstOrDefault(l => l.StartsWith("go: download ", StringComparison.Ordinal)) ?? text;
    }

    /// <summary>Relative path → "mode sha256" for files, "mode" for directories.</summary>
    private static SortedDictionary<string, string> Snapshot(string root)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (OperatingSystem.IsWindows())
        {
            return result;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(root, entry);
            var mode = Convert.ToString((int)(File.GetUnixFileMode(entry) & (UnixFileMode)0xFFF), 8).PadLeft(4, '0');
            result[Directory.Exists(entry) ? rel + "/" : rel] = Directory.Exists(entry) ? mode : mode + " " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)));
        }

        return result;
    }
}
