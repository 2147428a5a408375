using System.Runtime.InteropServices;
using System.Text.Json;
using GoModules.Hashing;
using GoModules.Tests.Caching;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Cli.Tests;

/// <summary>
/// The native (ahead-of-time compiled) <c>gomod</c>, the build the download benchmarks time and the native tool
/// packages ship: published once per run into a temporary directory, then run against a proxy and a checksum
/// database on 127.0.0.1, next to the JIT build. The trimming analyzers catch most of what would break such a
/// build at compile time; this catches the rest (code the trimmer removed, reflection that does not survive).
/// Needs clang (the native linker); without it the tests are ignored, unless GOMODULES_REQUIRE_NATIVE=1.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(900_000)]
public sealed class NativeGomodTests
{
    private const string RequireVariable = "GOMODULES_REQUIRE_NATIVE";
    private const string Module = "example.com/lib";
    private const string Version = "v1.2.3";

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    [Test]
    public async Task DownloadsOverHttpWithTheChecksumDatabase_AsTheJitBuildDoes()
    {
        var native = await RequireNativeAsync();
        using var dir = new TempDirectory();
        var (proxy, zipHash, modHash) = await CreateProxyAsync(dir);
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(20);
        db.AddModule(Module, Version, zipHash, modHash);
        await using var proxyServer = new LoopbackHttpServer(path => Serve(proxy, path));
        await using var sumdbServer = new LoopbackHttpServer(db.Serve);
        var gosumdb = $"{db.Verifier.VerifierKey} {sumdbServer.BaseUrl}";

        var results = new Dictionary<string, JsonElement>();
        foreach (var (name, file, prefix) in new[] { ("native", native, Array.Empty<string>()), ("jit", DotnetHost(), [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll")]) })
        {
            var (exit, stdout, stderr) = await RunAsync(file, dir, name, proxyServer.BaseUrl, gosumdb, [.. prefix, "download", "-json", Module + "@" + Version]);
            Assert.That(exit, Is.EqualTo(0), name + ": " + stderr);
            using var json = JsonDocument.Parse(stdout);
            results[name] = json.RootElement.Clone();
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, r) in results)
            {
                Assert.That(r.GetProperty("Sum").GetString(), Is.EqualTo(zipHash), name);
                Assert.That(r.GetProperty("GoModSum").GetString(), Is.EqualTo(modHash), name);
                Assert.That(r.TryGetProperty("Error", out _), Is.False, name);
                var extracted = r.GetProperty("Dir").GetString()!;
                Assert.That(await DirHash.HashDirectoryAsync(extracted, Module + "@" + Version), Is.EqualTo(zipHash), name + ": extracted tree");
                Assert.That(File.ReadAllText(r.GetProperty("Zip").GetString()! + "hash"), Is.EqualTo(zipHash), name + ": .ziphash");
            }
        }
    }

    [Test]
    public async Task RefusesAZipTheChecksumDatabaseDoesNotVouchFor_AndLeavesNoModule()
    {
        var native = await RequireNativeAsync();
        using var dir = new TempDirectory();
        var (proxy, _, modHash) = await CreateProxyAsync(dir);
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(5);
        db.AddModule(Module, Version, "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=", modHash);
        await using var proxyServer = new LoopbackHttpServer(path => Serve(proxy, path));
        await using var sumdbServer = new LoopbackHttpServer(db.Serve);

        var (exit, _, stderr) = await RunAsync(native, dir, "native", proxyServer.BaseUrl, $"{db.Verifier.VerifierKey} {sumdbServer.BaseUrl}", ["download", Module + "@" + Version]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain("SECURITY ERROR"));
            Assert.That(Directory.Exists(dir.Combine("native", "example.com", "lib@" + Version)), Is.False, "no extracted module");
            Assert.That(File.Exists(dir.Combine("native", "cache", "download", "example.com", "lib", "@v", Version + ".zip")), Is.False, "no cached zip");
        }
    }

    private static async Task<string> RequireNativeAsync()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            Assert.Ignore("the native build is checked on Linux x64 and Arm64");
        }

        if (FindOnPath("clang") is null)
        {
            var reason = $"clang (the native linker) is not on PATH; the native gomod is not checked (Debian: apt-get install clang lld; set {RequireVariable}=1 to make this a failure)";
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        return await Published.Value;
    }

    private static async Task<string> PublishAsync()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "GoModules.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("GoModules.sln not found above the test directory");
        }

        // Its own artifacts directory: nothing of the repository's bin/obj is touched by this build.
        var output = Directory.CreateTempSubdirectory("gomodules-native-").FullName;
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        var (exit, stdout, stderr) = await ProcessRunner.RunAsync(DotnetHost(), ["publish", Path.Combine(root, "src", "GoModules.Cli", "GoModules.Cli.csproj"), "-c", "Release", "-r", rid, "-p:PublishAot=true", "--artifacts-path", Path.Combine(output, "artifacts"), "-o", Path.Combine(output, "bin"), "-nologo"]);
        var binary = Path.Combine(output, "bin", "gomod");
        if (exit != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"dotnet publish -p:PublishAot=true failed ({exit}):\n{stdout}\n{stderr}");
        }

        return binary;
    }

    private static async Task<(string Proxy, string ZipHash, string ModHash)> CreateProxyAsync(TempDirectory dir)
    {
        var proxy = new TestProxy(dir.Combine("proxy"));
        await proxy.AddAsync(Module, Version, CacheFixtures.LibraryFiles(Module, "module example.com/lib\n\ngo 1.19\n"));
        var v = Path.Combine(proxy.Root, "example.com", "lib", "@v");
        return (proxy.Root, await DirHash.HashZipAsync(Path.Combine(v, Version + ".zip")), DirHash.HashGoMod(await File.ReadAllBytesAsync(Path.Combine(v, Version + ".mod"))));
    }

    private static (int Status, byte[] Body) Serve(string root, string path)
    {
        var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        return file.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(file)
            ? (200, File.ReadAllBytes(file))
            : (404, "not found"u8.ToArray());
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, TempDirectory dir, string cacheName, string proxyUrl, string gosumdb, string[] args)
        => ProcessRunner.RunAsync(file, args, dir.Path, ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("gopath-" + cacheName), dir.Combine(cacheName), proxyUrl, gosumdb));

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? FindOnPath("dotnet") ?? "dotnet";

    private static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
