using System.Text;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Tests.Fetching;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyDirectoryWriterTests
{
    private static readonly DateTimeOffset Time = new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);

    [TestCase("v1.2.3", "2023-01-02T03:04:05Z")]
    [TestCase("v1.2.3", "2023-01-02T03:04:05.5Z")]
    [TestCase("v0.0.0-20230102030405-abcdefabcdef", "2023-01-02T03:04:05.1234567Z")]
    public void FormatInfo_IsGoJsonMarshal(string version, string time)
    {
        var info = new ModuleInfo(version, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(Encoding.UTF8.GetString(ProxyDirectoryWriter.FormatInfo(info)), Is.EqualTo("{\"Version\":\"" + version + "\",\"Time\":\"" + time + "\"}"));
    }

    [Test]
    public void FormatInfo_CleansOriginAsWriteDiskStat()
    {
        var origin = new ModuleOrigin { Vcs = "git", Url = "https://x/<r>", Subdir = "sub", Hash = "abc", TagPrefix = "sub/", TagSum = "t1:x", Ref = "refs/tags/v1.0.0", RepoSum = "r1:y" };
        var release = new ModuleInfo("v1.0.0", Time) { Origin = origin, Name = "abc", Short = "abc" };
        var pseudo = new ModuleInfo("v0.0.0-20230102030405-abcdefabcdef", Time) { Origin = origin };
        Assert.That(Encoding.UTF8.GetString(ProxyDirectoryWriter.FormatInfo(release)), Is.EqualTo(
            "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-02T03:04:05.123456Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://x/\\u003cr\\u003e\",\"Subdir\":\"sub\",\"Hash\":\"abc\",\"Ref\":\"refs/tags/v1.0.0\"}}"));
        Assert.That(Encoding.UTF8.GetString(ProxyDirectoryWriter.FormatInfo(pseudo)), Does.EndWith("\"Hash\":\"abc\"}}"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task WriteVersion_LaysOutEscapedTree_ServedByFileTransport(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var path = ModulePath.Parse("example.com/Upper/m");
        var zip = await ZipAsync(path.Value, "v1.0.0-Pre", ct);
        await writer.WriteVersionAsync(path, new ModuleInfo("v1.0.0-Pre", Time), Encoding.UTF8.GetBytes("module example.com/Upper/m\n"), zip, ct);
        await writer.WriteLatestAsync(path, new ModuleInfo("v1.0.0-Pre", Time), ct);

        var dir = Path.Combine(writer.RootDirectory, "example.com", "!upper", "m");
        Assert.That(File.Exists(Path.Combine(dir, "@v", "v1.0.0-!pre.info")));
        Assert.That(File.Exists(Path.Combine(dir, "@v", "v1.0.0-!pre.mod")));
        Assert.That(File.Exists(Path.Combine(dir, "@v", "v1.0.0-!pre.zip")));
        Assert.That(File.ReadAllText(Path.Combine(dir, "@latest")), Is.EqualTo("{\"Version\":\"v1.0.0-Pre\",\"Time\":\"2023-01-02T03:04:05.123456Z\"}"));
        Assert.That(Directory.GetFiles(dir, "*.tmp", SearchOption.AllDirectories), Is.Empty);

        var fetcher = new ProxyChainFetcher(ProxyChain.Parse(writer.Url));
        var info = await fetcher.GetInfoAsync(new ModuleVersion(path, "v1.0.0-Pre"), ct);
        Assert.That(info.Time, Is.EqualTo(Time));
        Assert.That(await fetcher.ListVersionsAsync(path, ct), Is.EqualTo(new[] { "v1.0.0-Pre" }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AddToList_KeepsGoSemverOrder_AndDeduplicates(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Path);
        var path = ModulePath.Parse("example.com/m");
        string[] order = ["v1.10.0", "v1.2.0", "v1.2.0-rc.1", "v2.0.0+incompatible", "v1.2.0-beta.10", "v0.0.0-20230101000000-abcdefabcdef", "v1.2.0-beta.2", "v1.2.0", "v1.10.0"];
        foreach (var v in order)
        {
            await writer.AddToListAsync(new ModuleVersion(path, v), ct);
        }

        var list = await File.ReadAllTextAsync(Path.Combine(tmp.Path, "example.com", "m", "@v", "list"), ct);
        Assert.That(list, Is.EqualTo("v0.0.0-20230101000000-abcdefabcdef\nv1.2.0-beta.2\nv1.2.0-beta.10\nv1.2.0-rc.1\nv1.2.0\nv1.10.0\nv2.0.0+incompatible\n"));
        Assert.That(() => writer.AddToListAsync(new ModuleVersion(path, "v1.2"), ct), Throws.ArgumentException);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ConcurrentWriters_LoseNoVersion(CancellationToken ct)
    {
        using var tmp = new TempDirectory();
        var path = ModulePath.Parse("example.com/m");
        const int Count = 40;

        // Separate writer instances, as separate processes would have: only the lock file serializes them.
        var tasks = Enumerable.Range(0, Count).Select(i => Task.Run(
            () => new ProxyDirectoryWriter(tmp.Path).WriteVersionAsync(path, new ModuleInfo("v1.0." + i, Time), Encoding.UTF8.GetBytes("module example.com/m\n"), null, ct),
            ct));
        await Task.WhenAll(tasks);

        var lines = (await File.ReadAllTextAsync(Path.Combine(tmp.Path, "example.com", "m", "@v", "list"), ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.EqualTo(Enumerable.Range(0, Count).Select(i => "v1.0." + i)));
        Assert.That(Directory.GetFiles(tmp.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    [Category("Interop")]
    [CancelAfter(120_000)]
    public async Task InfoAndList_AreByteForByteWhatGoWritesIntoItsCache(CancellationToken ct)
    {
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : GoCommand.Require();
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var path = ModulePath.Parse("example.com/Upper/m");
        (string Version, DateTimeOffset Time)[] versions =
        [
            ("v1.0.0", new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            ("v1.1.0-Pre", Time),
            ("v0.0.0-20230102030405-abcdefabcdef", new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(5_000_000)),
        ];
        foreach (var (version, time) in versions)
        {
            var zip = await ZipAsync(path.Value, version, ct);
            await writer.WriteVersionAsync(path, new ModuleInfo(version, time), Encoding.UTF8.GetBytes("module example.com/Upper/m\n"), zip, ct);
        }

        var cache = Path.Combine(tmp.Path, "modcache");
        var env = new Dictionary<string, string?>(GoCommand.Environment_(tmp.Sub("gopath"), cache)) { ["GOPROXY"] = writer.Url, ["GOSUMDB"] = "off" };
        var args = new List<string> { "mod", "download", "-json" };
        args.AddRange(versions.Select(v => path.Value + "@" + v.Version));
        var run = GoCommand.Run(go, tmp.Sub("outside"), env, null, [.. args]);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());

        var ours = Path.Combine(writer.RootDirectory, "example.com", "!upper", "m", "@v");
        var theirs = Path.Combine(cache, "cache", "download", "example.com", "!upper", "m", "@v");
        foreach (var name in new[] { "v1.0.0.info", "v1.1.0-!pre.info", "v0.0.0-20230102030405-abcdefabcdef.info", "v1.0.0.mod" })
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(ours, name), ct), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(theirs, name), ct)), name);
        }

        Assert.That(File.ReadAllText(Path.Combine(theirs, "v1.1.0-!pre.info")), Does.Contain("03:04:05.123456Z"));

        // The go command rebuilds its cache list from the .mod file names and keeps only names that are canonical
        // versions, so a version that needs escaping never appears there; a proxy list must name it. Apart from that
        // line the lists are the same bytes.
        var ourList = await File.ReadAllTextAsync(Path.Combine(ours, "list"), ct);
        Assert.That(ourList, Is.EqualTo("v0.0.0-20230102030405-abcdefabcdef\nv1.0.0\nv1.1.0-Pre\n"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(theirs, "list"), ct), Is.EqualTo(ourList.Replace("v1.1.0-Pre\n", string.Empty, StringComparison.Ordinal)));
    }

    [Test]
    [Category("Interop")]
    [CancelAfter(120_000)]
    public async Task FormatInfo_WithOrigin_IsWhatGoWritesIntoItsCache(CancellationToken ct)
    {
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : GoCommand.Require();
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var path = ModulePath.Parse("example.com/o");
        const string Pseudo = "v0.0.0-20230102030405-abcdefabcdef";
        var origin = new ModuleOrigin { Vcs = "git", Url = "https://example.com/o&<>", Subdir = "sub", Hash = "abcdefabcdef0123456789abcdefabcdef012345", TagPrefix = "sub/", TagSum = "t1:abc=", Ref = "refs/tags/v1.0.0", RepoSum = "r1:xyz=" };
        var release = new ModuleInfo("v1.0.0", Time) { Origin = origin };
        var pseudo = new ModuleInfo(Pseudo, Time) { Origin = origin };
        foreach (var info in new[] { release, pseudo })
        {
            var zip = await ZipAsync(path.Value, info.Version, ct);
            await writer.WriteVersionAsync(path, info, Encoding.UTF8.GetBytes("module example.com/o\n"), zip, ct);

            // The proxy answers with every Origin field (as a VCS-backed proxy may); the go command cleans them.
            var raw = "{\"Version\":\"" + info.Version + "\",\"Time\":\"2023-01-02T03:04:05.123456Z\",\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://example.com/o\u0026\u003c\u003e\",\"Subdir\":\"sub\",\"Hash\":\"abcdefabcdef0123456789abcdefabcdef012345\",\"TagPrefix\":\"sub/\",\"TagSum\":\"t1:abc=\",\"Ref\":\"refs/tags/v1.0.0\",\"RepoSum\":\"r1:xyz=\"}}";
            await File.WriteAllTextAsync(Path.Combine(writer.RootDirectory, "example.com", "o", "@v", info.Version + ".info"), raw, ct);
        }

        var cache = Path.Combine(tmp.Path, "modcache");
        var env = new Dictionary<string, string?>(GoCommand.Environment_(tmp.Sub("gopath"), cache)) { ["GOPROXY"] = writer.Url, ["GOSUMDB"] = "off" };
        var run = GoCommand.Run(go, tmp.Sub("outside"), env, null, "mod", "download", "-json", path.Value + "@v1.0.0", path.Value + "@" + Pseudo);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var theirs = Path.Combine(cache, "cache", "download", "example.com", "o", "@v");
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(theirs, "v1.0.0.info"), ct), Is.EqualTo(ProxyDirectoryWriter.FormatInfo(release)));
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(theirs, Pseudo + ".info"), ct), Is.EqualTo(ProxyDirectoryWriter.FormatInfo(pseudo)));
    }

    private static async Task<MemoryStream> ZipAsync(string path, string version, CancellationToken ct)
    {
        var zip = new MemoryStream();
        var files = new[] { ModuleZipSourceFile.FromBytes("go.mod", Encoding.UTF8.GetBytes("module " + path + "\n")), ModuleZipSourceFile.FromBytes("a.go", Encoding.UTF8.GetBytes("package m\n")) };
        var check = await ModuleZipWriter.CreateAsync(zip, path, version, files, cancellationToken: ct);
        check.EnsureValid();
        zip.Position = 0;
        return zip;
    }
}
