using System.Runtime.InteropServices;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.Zip;

namespace GoModules.Http.Tests.Samples;

/// <summary>
/// Issue 16 (done when): samples/GoModules.Sample.Host builds and runs offline against a file:// GOPROXY made from
/// samples/modules (the proxy of the README's first command), printing the module's h1 and the GoModules meter's
/// counters; and its native AOT publish has no warnings (slow: only with GOMODULES_SAMPLE_AOT=1 or
/// GOMODULES_REQUIRE_NATIVE=1, and clang on PATH).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SampleHostTests
{
    private const string Module = "example.com/greetings";
    private const string Version = "v1.2.0";

    private static string RepoRoot()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "GoModules.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("GoModules.sln not found above the test directory");
        }

        return root;
    }

    private static string Project(string root) => Path.Combine(root, "samples", "GoModules.Sample.Host", "GoModules.Sample.Host.csproj");

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The proxy directory of samples/modules' greetings module, and the zip's h1.</summary>
    private static async Task<(string Proxy, string ZipHash)> CreateProxyAsync(string root, string work, CancellationToken ct)
    {
        var source = Path.Combine(root, "samples", "modules", Module + "@" + Version);
        var module = new ModuleVersion(ModulePath.Parse(Module), Version);
        var zip = new MemoryStream();
        (await ModuleZipWriter.CreateFromDirectoryAsync(zip, Module, Version, source, cancellationToken: ct)).EnsureValid();
        zip.Position = 0;
        var hash = await DirHash.HashZipAsync(zip, ct);
        zip.Position = 0;
        var proxyDir = Path.Combine(work, "proxy");
        await new ProxyDirectoryWriter(proxyDir).WriteVersionAsync(module.Path, new ModuleInfo(Version, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)), await File.ReadAllBytesAsync(Path.Combine(source, "go.mod"), ct), zip, ct);
        return (new Uri(proxyDir).AbsoluteUri, hash);
    }

    [Test]
    [CancelAfter(900_000)]
    public async Task TheSampleHostBuildsAndDownloadsAModuleOfflineWithMetrics(CancellationToken ct)
    {
        var root = RepoRoot();
        var work = Directory.CreateTempSubdirectory("gomodules-sample-host-").FullName;
        try
        {
            var (proxy, zipHash) = await CreateProxyAsync(root, work, ct);
            var build = await ProcessRunner.RunAsync(DotnetHost(), ["build", Project(root), "--artifacts-path", Path.Combine(work, "artifacts"), "-o", Path.Combine(work, "bin"), "-nologo"], timeout: TimeSpan.FromMinutes(14));
            Assert.That(build.Exit, Is.Zero, build.Stdout + build.Stderr);

            // Offline: the only GOPROXY is the directory, the checksum database is off (the module is in none).
            var run = await ProcessRunner.RunAsync(
                DotnetHost(),
                [Path.Combine(work, "bin", "GoModules.Sample.Host.dll"), "--GoModules:GoProxy=" + proxy, "--GoModules:GoSumDb=off", "--GoModules:GoPath=" + Path.Combine(work, "gopath"), "--Sample:ModCache=" + Path.Combine(work, "modcache"), "--Sample:Module=" + Module + "@" + Version],
                work,
                timeout: TimeSpan.FromMinutes(2));
            Assert.That(run.Exit, Is.Zero, run.Stdout + run.Stderr);
            Assert.That(run.Stdout, Does.Contain(Module + " " + Version + " " + zipHash + "\n"));
            Assert.That(run.Stdout, Does.Contain(Module + " " + Version + "/go.mod h1:"));
            Assert.That(run.Stdout, Does.Contain("metric " + GoModulesDiagnostics.CacheLookupCountName + " "), "the MeterListener saw the GoModules meter");
            Assert.That(File.Exists(Path.Combine(work, "modcache", "cache", "download", Module, "@v", Version + ".zip")), Is.True);

            // Options are validated at start: an invalid setting stops the host with the setting's name.
            var invalid = await ProcessRunner.RunAsync(DotnetHost(), [Path.Combine(work, "bin", "GoModules.Sample.Host.dll"), "--GoModules:GoProxy=" + proxy, "--GoModules:MaxConnectionsPerServer=0"], work, timeout: TimeSpan.FromMinutes(2));
            Assert.That(invalid.Exit, Is.Not.Zero);
            Assert.That(invalid.Stderr, Does.Contain("MaxConnectionsPerServer"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Warnings raised by the source-link targets about the clone the build runs in (no remote, a remote that is a local
    /// path, no commit information): they describe the checkout, not the sample, and are not trimming or AOT warnings.
    /// </summary>
    private static bool IsSourceControlNoise(string line) =>
        line.Contains("Microsoft.Build.Tasks.Git", StringComparison.Ordinal) || line.Contains("Microsoft.SourceLink", StringComparison.Ordinal);

    [Test]
    [CancelAfter(1_800_000)]
    public async Task TheSampleHostPublishesWithNativeAotWithoutWarnings()
    {
        if (Environment.GetEnvironmentVariable("GOMODULES_SAMPLE_AOT") != "1" && Environment.GetEnvironmentVariable("GOMODULES_REQUIRE_NATIVE") != "1")
        {
            Assert.Ignore("slow: set GOMODULES_SAMPLE_AOT=1 (or GOMODULES_REQUIRE_NATIVE=1) to publish the sample host with native AOT");
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            Assert.Ignore("the native build is checked on Linux x64 and Arm64");
        }

        var root = RepoRoot();
        var work = Directory.CreateTempSubdirectory("gomodules-sample-aot-").FullName;
        try
        {
            var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
            var (exit, stdout, stderr) = await ProcessRunner.RunAsync(DotnetHost(), ["publish", Project(root), "-c", "Release", "-r", rid, "-p:PublishAot=true", "--artifacts-path", Path.Combine(work, "artifacts"), "-o", Path.Combine(work, "bin"), "-nologo", "-clp:NoSummary"]);
            Assert.That(exit, Is.Zero, stdout + stderr);
            Assert.That((stdout + stderr).Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase) && !IsSourceControlNoise(l)), Is.Empty);
            Assert.That(File.Exists(Path.Combine(work, "bin", "GoModules.Sample.Host")), Is.True);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
