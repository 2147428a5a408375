using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Hashing;
using GoModules.Kernel;
using GoModules.Zip;

namespace GoModules.Tests.Caching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleCacheTests
{
    private static readonly ModuleVersion Lib = new(ModulePath.Parse("example.com/lib"), "v1.2.3");

    private static async Task<TestProxy> ProxyWithLibAsync(TempDirectory tmp)
    {
        var proxy = new TestProxy(tmp.Sub("proxy"));
        await proxy.AddAsync("example.com/lib", "v1.2.3", CacheFixtures.LibraryFiles("example.com/lib", "module example.com/lib\n\ngo 1.19\n"));
        return proxy;
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DownloadModule_FillsGoLayout_AndSecondCacheAnswersOffline()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var result = await cache.TryDownloadAsync(Lib);
        var expectedSum = await DirHash.HashZipAsync(Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.Sum, Is.EqualTo(expectedSum));
            Assert.That(result.GoModSum, Is.EqualTo(DirHash.HashGoMod("module example.com/lib\n\ngo 1.19\n"u8)));
            Assert.That(result.Dir, Is.EqualTo(Path.Combine(root, "example.com", "lib@v1.2.3")));
            Assert.That(File.ReadAllText(Path.Combine(root, "cache", "download", "example.com", "lib", "@v", "list")), Is.EqualTo("v1.2.3\n"));
            Assert.That(File.ReadAllText(result.Zip + "hash"), Is.EqualTo(expectedSum));
            Assert.That(File.ReadAllText(result.Info), Is.EqualTo("{\"Version\":\"v1.2.3\",\"Time\":\"2018-01-01T00:00:00Z\"}"));
            Assert.That(File.ReadAllText(Path.Combine(result.Dir, "lib.go")), Does.Contain("package lib"));
            Assert.That(cache.IsExtracted(Lib), Is.True);
        });

        var offline = CacheFixtures.NewCache(new FailingFetcher(), root);
        var again = await offline.TryDownloadAsync(Lib);
        Assert.Multiple(() =>
        {
            Assert.That(again.Error, Is.Empty);
            Assert.That(again.Sum, Is.EqualTo(result.Sum));
            Assert.That(again.Dir, Is.EqualTo(result.Dir));
        });
        Assert.That(await offline.VerifyAsync(Lib), Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task LockAndListFiles_AreCreatedWithMode0666LessUmask_AsGoCreatesThem()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        await CacheFixtures.NewCache(proxy.CreateFetcher(), root).TryDownloadAsync(Lib);

        // .NET creates new files with 0666 less the umask, as Go's os.OpenFile(..., 0666) does.
        var reference = Path.Combine(tmp.Path, "reference");
        await File.WriteAllBytesAsync(reference, []);
        var expected = File.GetUnixFileMode(reference);
        var dir = Path.Combine(root, "cache", "download", "example.com", "lib", "@v");
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(dir, "v1.2.3.lock")), Is.EqualTo(expected), "lock file");
            Assert.That(File.GetUnixFileMode(Path.Combine(dir, "list")), Is.EqualTo(expected), "list file");
            Assert.That(File.GetUnixFileMode(Path.Combine(dir, "v1.2.3.info")), Is.EqualTo(expected), ".info file");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_AreReadOnly_AndDirectoriesReadOnlyUnlessWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix modes");
        }

        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        foreach (var writable in new[] { false, true })
        {
            var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache-" + writable), writable);
            var dir = await cache.DownloadAsync(Lib);
            var dirMode = File.GetUnixFileMode(Path.Combine(dir, "p0"));
            Assert.Multiple(() =>
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(dir, "p0", "p0.go")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead));
                Assert.That((dirMode & UnixFileMode.UserWrite) != 0, Is.EqualTo(writable), $"writable={writable}");
                Assert.That((File.GetUnixFileMode(dir) & UnixFileMode.UserWrite) != 0, Is.EqualTo(writable));
            });
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ConcurrentRequests_ShareOneDownload()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var counting = new CountingFetcher(proxy.CreateFetcher());
        var cache = CacheFixtures.NewCache(counting, Path.Combine(tmp.Path, "cache"));
        var tasks = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.TryDownloadAsync(Lib))).ToList();
        var results = await Task.WhenAll(tasks);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Error), Is.All.Empty);
            Assert.That(counting.Zips, Is.EqualTo(1));
            Assert.That(counting.Infos, Is.EqualTo(1));
            Assert.That(counting.GoMods, Is.EqualTo(1));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ZipChecksumMismatch_LeavesNothingOfTheZip()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var goSum = GoSumFile.Parse("example.com/lib v1.2.3 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        var cache = new ModuleCache(proxy.CreateFetcher(), new ModuleCacheOptions { Root = root, GoSum = goSum });
        var ex = Assert.ThrowsAsync<ChecksumMismatchException>(() => cache.DownloadAsync(Lib));
        Assert.That(ex!.Message, Does.StartWith("verifying example.com/lib@v1.2.3: checksum mismatch"));
        var paths = cache.Paths;
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(paths.GetZipFile(Lib)), Is.False);
            Assert.That(File.Exists(paths.GetZipHashFile(Lib)), Is.False);
            Assert.That(Directory.Exists(paths.GetExtractedDirectory(Lib)), Is.False);
            Assert.That(Directory.EnumerateFileSystemEntries(paths.GetDownloadDirectory(Lib.Path), "*.tmp"), Is.Empty);
            Assert.That(Directory.EnumerateDirectories(Path.Combine(root, "example.com")), Is.Empty);
        });

        var result = await cache.TryDownloadAsync(Lib);
        Assert.That(result.Exception, Is.InstanceOf<ChecksumMismatchException>());
        Assert.That(result.Dir, Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task GoModMismatch_FailsBeforeAnythingIsWritten()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var goSum = GoSumFile.Parse("example.com/lib v1.2.3/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        var cache = new ModuleCache(proxy.CreateFetcher(), new ModuleCacheOptions { Root = root, GoSum = goSum });
        var ex = Assert.ThrowsAsync<ChecksumMismatchException>(() => cache.GetGoModAsync(Lib));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.IsGoMod, Is.True);
            Assert.That(File.Exists(cache.Paths.GetGoModFile(Lib)), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task PartialStates_LeftByAnInterruptedGo_AreRepaired()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        var dir = await cache.DownloadAsync(Lib);
        var hash = await cache.GetZipHashAsync(Lib);

        // 1. Go was killed while extracting in place: a .partial marker and half a tree.
        CacheFiles.RemoveAll(dir);
        Directory.CreateDirectory(Path.Combine(dir, "p0"));
        File.WriteAllText(Path.Combine(dir, "p0", "p0.go"), "truncated");
        File.WriteAllText(cache.Paths.GetPartialFile(Lib), "");
        var fresh = CacheFixtures.NewCache(new FailingFetcher(), root);
        Assert.That(fresh.IsExtracted(Lib), Is.False);
        await fresh.DownloadAsync(Lib);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(cache.Paths.GetPartialFile(Lib)), Is.False);
            Assert.That(fresh.IsExtracted(Lib), Is.True);
        });
        Assert.That(await DirHash.HashDirectoryAsync(dir, "example.com/lib@v1.2.3"), Is.EqualTo(hash));

        // 2. The .ziphash was lost: recomputed from the zip, without the network.
        File.Delete(cache.Paths.GetZipHashFile(Lib));
        fresh = CacheFixtures.NewCache(new FailingFetcher(), root);
        await fresh.DownloadAsync(Lib);
        Assert.That(File.ReadAllText(cache.Paths.GetZipHashFile(Lib)), Is.EqualTo(hash));

        // 3. A torn .ziphash (NUL bytes from an interrupted write) is not trusted and is rewritten.
        File.WriteAllBytes(cache.Paths.GetZipHashFile(Lib), new byte[47]);
        fresh = CacheFixtures.NewCache(new FailingFetcher(), root);
        Assert.That(await fresh.GetZipHashAsync(Lib), Is.Null);
        await fresh.DownloadAsync(Lib);
        Assert.That(File.ReadAllText(cache.Paths.GetZipHashFile(Lib)), Is.EqualTo(hash));

        // 4. Leftover temporary files and directories of dead writers are removed by the next download.
        var leftovers = new[]
        {
            cache.Paths.GetZipFile(Lib) + "12345.tmp",
        };
        File.WriteAllText(leftovers[0], "junk");
        File.Delete(cache.Paths.GetZipFile(Lib));
        Directory.CreateDirectory(dir + ".tmp-999");
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(dir)!, ".lib@v1.2.3.tmp-abc"));
        await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadZipAsync(Lib);
        CacheFiles.RemoveAll(dir);
        await CacheFixtures.NewCache(proxy.CreateFetcher(), root).DownloadAsync(Lib);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(leftovers[0]), Is.False);
            Assert.That(Directory.Exists(dir + ".tmp-999"), Is.False);
            Assert.That(Directory.EnumerateDirectories(Path.GetDirectoryName(dir)!).Select(Path.GetFileName), Is.EqualTo(new[] { "lib@v1.2.3" }));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ProxyThatFailsMidZip_FallsBackAndTheStreamRestarts()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var flaky = new FlakyFactory(new FileModuleProxyTransport(proxy.Url));
        var fetcher = new ProxyChainFetcher(ProxyChain.Parse("https://flaky.example|" + proxy.Url), transports: flaky);
        var cache = CacheFixtures.NewCache(fetcher, Path.Combine(tmp.Path, "cache"));
        var result = await cache.TryDownloadAsync(Lib);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Empty);
            Assert.That(flaky.PartialZips, Is.EqualTo(1));
        });
        Assert.That(await cache.VerifyAsync(Lib), Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ZipWithAForeignEntry_IsRejected_AndNothingIsKept()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var zipPath = Path.Combine(proxy.Root, "example.com", "lib", "@v", "v1.2.3.zip");
        using (var zip = new System.IO.Compression.ZipArchive(File.Open(zipPath, FileMode.Open), System.IO.Compression.ZipArchiveMode.Update))
        {
            zip.CreateEntry("example.com/other@v1.2.3/x.go");
        }

        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        Assert.ThrowsAsync<ModuleZipException>(() => cache.DownloadAsync(Lib));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(cache.Paths.GetZipFile(Lib)), Is.False);
            Assert.That(File.Exists(cache.Paths.GetZipHashFile(Lib)), Is.False);
            Assert.That(Directory.Exists(cache.Paths.GetExtractedDirectory(Lib)), Is.False);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Verify_ReportsModifiedZipAndDirectory_AndIgnoresAbsentModules()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), Path.Combine(tmp.Path, "cache"));
        Assert.That(await cache.VerifyAsync(Lib), Is.Empty, "never downloaded");
        var dir = await cache.DownloadAsync(Lib);
        CacheFiles.MakeTreeWritable(dir, (UnixFileMode)0x1FF);
        var file = Path.Combine(dir, "lib.go");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        File.AppendAllText(file, "// changed\n");
        File.Delete(cache.Paths.GetZipFile(Lib));
        await using (var zip = File.Create(cache.Paths.GetZipFile(Lib)))
        {
            (await ModuleZipWriter.CreateAsync(zip, "example.com/lib", "v1.2.3", [ModuleZipSourceFile.FromBytes("go.mod", "module example.com/lib\n"u8.ToArray())])).EnsureValid();
        }
        var errors = await cache.VerifyAsync(Lib);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(errors[0], Does.StartWith("example.com/lib v1.2.3: "));
            Assert.That(errors.Any(e => e.Contains("dir has been modified", StringComparison.Ordinal)), Is.True, string.Join("\n", errors));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Clean_RemovesReadOnlyTrees()
    {
        using var tmp = new TempDirectory();
        var proxy = await ProxyWithLibAsync(tmp);
        var root = Path.Combine(tmp.Path, "cache");
        var cache = CacheFixtures.NewCache(proxy.CreateFetcher(), root);
        await cache.DownloadAsync(Lib);
        await cache.CleanAsync();
        Assert.That(Directory.Exists(root), Is.False);
        Assert.That((await cache.TryDownloadAsync(Lib)).Error, Is.Empty, "usable again after cleaning");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DownloadAll_KeepsOrder_ReportsProgress_AndCapturesErrors()
    {
        using var tmp = new TempDirectory();
        var proxy = new TestProxy(tmp.Sub("proxy"));
        var deps = await CacheFixtures.AddDependencySetAsync(proxy, 6);
        var cache = new ModuleCache(proxy.CreateFetcher(), new ModuleCacheOptions { Root = Path.Combine(tmp.Path, "cache"), MaxParallelDownloads = 2 });
        var modules = deps.Select(p => new ModuleVersion(ModulePath.Parse(p), "v1.0.0")).Append(new ModuleVersion(ModulePath.Parse("example.com/missing"), "v1.0.0")).ToList();
        var reports = new List<ModuleDownloadProgress>();
        var progress = new SyncProgress(p => { lock (reports) { reports.Add(p); } });
        var results = await cache.TryDownloadAllAsync(modules, progress);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Path), Is.EqualTo(modules.Select(m => m.Path.Value)));
            Assert.That(results.Take(6).Select(r => r.Error), Is.All.Empty);
            Assert.That(results[6].Error, Does.StartWith("example.com/missing@v1.0.0"));
            Assert.That(results[6].Succeeded, Is.False);
            Assert.That(reports.Count(r => r.Result is not null), Is.EqualTo(7));
            Assert.That(reports.Max(r => r.Completed), Is.EqualTo(7));
        });
    }

    [Test]
    public void DownloadResult_ToJson_IsGoMarshalIndent()
    {
        var r = new ModuleDownloadResult("example.com/<a&b>", "v1.0.0") { Error = "bad \"thing\"\n" };
        Assert.That(r.ToJson(), Is.EqualTo("{\n\t\"Path\": \"example.com/\\u003ca\\u0026b\\u003e\",\n\t\"Version\": \"v1.0.0\",\n\t\"Error\": \"bad \\\"thing\\\"\\n\"\n}"));
    }

    [TestCase(0L, 0, "2018-01-01T00:00:00Z")]
    [TestCase(1_230_000L, 0, "2018-01-01T00:00:00.123Z")]
    [TestCase(1L, 120, "2018-01-01T00:00:00.0000001+02:00")]
    [TestCase(0L, -330, "2018-01-01T00:00:00-05:30")]
    public void FormatTime_IsRfc3339Nano(long ticks, int offsetMinutes, string expected)
    {
        var time = new DateTimeOffset(new DateTime(2018, 1, 1).AddTicks(ticks), TimeSpan.FromMinutes(offsetMinutes));
        Assert.That(GoJson.FormatTime(time), Is.EqualTo(expected));
    }

    [Test]
    public void Options_AreChecked()
    {
        var fetcher = new FailingFetcher();
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => _ = new ModuleCache(fetcher, new ModuleCacheOptions()));
            Assert.Throws<ArgumentException>(() => _ = new ModuleCache(fetcher, new ModuleCacheOptions { Root = "relative/dir" }));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ModuleCache(fetcher, new ModuleCacheOptions { Root = "/abs", MaxParallelDownloads = 0 }));
            Assert.Throws<ArgumentNullException>(() => _ = new ModuleCache(null!, new ModuleCacheOptions { Root = "/abs" }));
            Assert.Throws<InvalidModuleVersionException>(() => new ModuleCache(fetcher, new ModuleCacheOptions { Root = "/abs" }).DownloadAsync(new ModuleVersion(ModulePath.Parse("example.com/a"), "v1.0")));
        });
    }

    private sealed class SyncProgress(Action<ModuleDownloadProgress> report) : IProgress<ModuleDownloadProgress>
    {
        public void Report(ModuleDownloadProgress value) => report(value);
    }

    private sealed class CountingFetcher(IModuleFetcher inner) : IModuleFetcher
    {
        private int _zips;
        private int _infos;
        private int _goMods;

        public int Zips => _zips;

        public int Infos => _infos;

        public int GoMods => _goMods;

        public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(path, cancellationToken);

        public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => inner.QueryAsync(path, query, cancellationToken);

        public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _infos);
            return inner.GetInfoAsync(module, cancellationToken);
        }

        public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _goMods);
            return inner.GetGoModAsync(module, cancellationToken);
        }

        public async ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _zips);
            await Task.Delay(50, cancellationToken);
            await inner.CopyZipToAsync(module, destination, progress, cancellationToken);
        }
    }

    /// <summary>Serves half of every zip and then fails (a proxy that drops the connection), everything else normally.</summary>
    private sealed class FlakyFactory(IModuleProxyTransport good) : IModuleProxyTransportFactory
    {
        public int PartialZips;

        public IModuleProxyTransport Create(string proxyUrl) => proxyUrl.StartsWith("file:", StringComparison.Ordinal) ? good : new Flaky(good, this);

        private sealed class Flaky(IModuleProxyTransport good, FlakyFactory owner) : IModuleProxyTransport
        {
            public string RedactedBaseUrl => "https://flaky.example";

            public ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default) => good.ReadAsync(path, maxBytes, cancellationToken);

            public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
            {
                var all = await good.ReadAsync(path, maxBytes, cancellationToken);
                await destination.WriteAsync(all[..(all.Length / 2)], cancellationToken);
                Interlocked.Increment(ref owner.PartialZips);
                throw new ModuleFetchException("https://flaky.example/" + path + ": connection reset");
            }
        }
    }
}
