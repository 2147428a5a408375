using System.Text;
using System.Text.Json;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Core.Tests.Caching;

/// <summary>
/// Issue 16 (the file-locking switch): gomod sets <c>System.IO.DisableFileLocking</c>; a library user does not need to.
/// This test process runs with .NET's implicit FileStream locks on (the switch unset), and our
/// <see cref="ModuleCache"/> and the newest go (<c>go mod download</c>) fill one GOMODCACHE at the same time, again and
/// again: both succeed, and every entry verifies for both. The cache takes Go's locks itself (LockedFile opens with
/// open(2), without FileStream's own non-blocking flock), so the implicit locks only cost system calls.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class FileLockingSwitchTests
{
    private const int Rounds = 3;
    private const int Modules = 16;
    private const int FilesPerModule = 150;

    private static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Test]
    [CancelAfter(600_000)]
    public async Task TheCacheAndARunningGoShareOneModCacheWithoutTheSwitch(CancellationToken ct)
    {
        Assert.That(AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled, Is.False, "this test runs with .NET's implicit file locks");
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : GoCommand.Require();
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var modules = new List<ModuleVersion>();
        for (var i = 0; i < Modules; i++)
        {
            var path = ModulePath.Parse("example.com/lock/m" + i);
            var version = "v1.0." + i;
            await writer.WriteVersionAsync(path, new ModuleInfo(version, Time), Encoding.UTF8.GetBytes("module " + path.Value + "\n"), await ZipAsync(path.Value, version, ct), ct);
            modules.Add(new ModuleVersion(path, version));
        }

        for (var round = 0; round < Rounds; round++)
        {
            var modCache = tmp.Sub("modcache" + round);
            var env = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HOME"] = tmp.Sub("home"),
                ["GOPATH"] = tmp.Sub("gopath"),
                ["GOMODCACHE"] = modCache,
                ["GOCACHE"] = GoCommand.BuildCache,
                ["GOPROXY"] = writer.Url,
                ["GOSUMDB"] = "off",
                ["GOFLAGS"] = "-modcacherw",
                ["GO111MODULE"] = "on",
                ["GOWORK"] = "off",
            };

            // Half the rounds start go first, half our cache, so either side may be the one that waits for the other's lock.
            var cache = new ModuleCache(ProxyChainFetcher.FromEnvironment(GoEnvironment.FromVariables(new Dictionary<string, string?> { ["GOPROXY"] = writer.Url })), new ModuleCacheOptions { Root = modCache, WritableDirectories = true });
            var order = round % 2 == 0 ? modules : Enumerable.Reverse(modules).ToList();
            var goRun = GoCommand.RunHermeticAsync(go, tmp.Sub("outside"), env, ["mod", "download", "-json", .. order.Select(m => m.ToString())]);
            var ours = Task.WhenAll(order.Select(m => cache.DownloadAsync(m, ct)));
            var (exit, stdout, stderr) = await goRun;
            var dirs = await ours;
            Assert.That(exit, Is.Zero, "round " + round + ": " + stdout + stderr);
            Assert.That(stdout, Does.Not.Contain("\"Error\""), "round " + round);
            Assert.That(dirs, Has.Length.EqualTo(Modules));

            foreach (var m in modules)
            {
                Assert.That(await cache.VerifyAsync(m, ct), Is.Empty, m + " verifies for us");
            }

            // go checks the entries the other side may have written: the zip against its .ziphash, the extracted tree.
            var verify = await GoCommand.RunHermeticAsync(go, tmp.Sub("outside"), env, ["mod", "download", "-json", .. modules.Select(m => m.ToString())]);
            Assert.That(verify.Exit, Is.Zero, verify.Stdout + verify.Stderr);
            using var json = JsonDocument.Parse("[" + verify.Stdout.Replace("}\n{", "},\n{", StringComparison.Ordinal) + "]");
            foreach (var item in json.RootElement.EnumerateArray())
            {
                Assert.That(item.TryGetProperty("Error", out _), Is.False, item.ToString());
                var path = item.GetProperty("Path").GetString()!;
                var version = item.GetProperty("Version").GetString()!;
                Assert.That(item.GetProperty("Sum").GetString(), Is.EqualTo(await cache.GetZipHashAsync(new ModuleVersion(ModulePath.Parse(path), version), ct)));
            }
        }
    }

    private static async Task<MemoryStream> ZipAsync(string path, string version, CancellationToken ct)
    {
        var zip = new MemoryStream();
        var files = new List<ModuleZipSourceFile> { ModuleZipSourceFile.FromBytes("go.mod", Encoding.UTF8.GetBytes("module " + path + "\n")) };
        for (var i = 0; i < FilesPerModule; i++)
        {
            files.Add(ModuleZipSourceFile.FromBytes("p" + (i % 5) + "/f" + i + ".go", Encoding.UTF8.GetBytes("package p\n\n// " + new string('x', 64 * i) + "\n")));
        }

        (await ModuleZipWriter.CreateAsync(zip, path, version, files, cancellationToken: ct)).EnsureValid();
        zip.Position = 0;
        return zip;
    }
}
