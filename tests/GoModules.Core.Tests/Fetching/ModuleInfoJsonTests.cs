using System.Text;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Tests.Fetching;

/// <summary>
/// Issue 15 item 3 / issue 16: one writer of a version's metadata JSON (<see cref="ModuleInfo.ToJson"/>) for the
/// cache file, a transport's complete answer and gomod's listing, each checked against what the go command writes.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleInfoJsonTests
{
    private static readonly DateTimeOffset Time = new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1230000);

    private static readonly ModuleOrigin FullOrigin = new()
    {
        Vcs = "git", Url = "https://example.com/o&<>", Subdir = "sub", Hash = "abcdefabcdef0123456789abcdefabcdef012345",
        TagPrefix = "sub/", TagSum = "t1:abc=", Ref = "refs/tags/v1.0.0", RepoSum = "r1:xyz=",
    };

    [Test]
    public void Forms_WriteTheirFields_WithGoEscaping()
    {
        var info = new ModuleInfo("v1.0.0", Time) { Origin = FullOrigin, Name = "abcdef", Short = "abc" };
        const string Origin = "\"VCS\":\"git\",\"URL\":\"https://example.com/o\\u0026\\u003c\\u003e\",\"Subdir\":\"sub\",\"Hash\":\"abcdefabcdef0123456789abcdefabcdef012345\"";
        Assert.Multiple(() =>
        {
            Assert.That(info.ToJson(ModuleInfoJsonForm.CacheFile), Is.EqualTo(
                "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-02T03:04:05.123Z\",\"Origin\":{" + Origin + ",\"Ref\":\"refs/tags/v1.0.0\"}}"));
            Assert.That(info.ToJson(ModuleInfoJsonForm.CacheFile), Is.EqualTo(Encoding.UTF8.GetString(ProxyDirectoryWriter.FormatInfo(info))), "one writer");
            Assert.That(info.ToJson(ModuleInfoJsonForm.Complete), Is.EqualTo(
                "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-02T03:04:05.123Z\",\"Origin\":{" + Origin
                + ",\"TagPrefix\":\"sub/\",\"TagSum\":\"t1:abc=\",\"Ref\":\"refs/tags/v1.0.0\",\"RepoSum\":\"r1:xyz=\"},\"Name\":\"abcdef\",\"Short\":\"abc\"}"));
            Assert.That(new ModuleInfo("v1.0.0", Time).ToJson(ModuleInfoJsonForm.Listing, "example.com/o"), Is.EqualTo(
                "{\n\t\"Path\": \"example.com/o\",\n\t\"Version\": \"v1.0.0\",\n\t\"Time\": \"2023-01-02T03:04:05.123Z\"\n}"));
            Assert.That(info.ToJson(ModuleInfoJsonForm.Listing), Does.StartWith("{\n\t\"Version\": \"v1.0.0\",").And.Contain("\n\t\"Origin\": {\n\t\t\"VCS\": \"git\",\n").And.EndWith("\t\t\"RepoSum\": \"r1:xyz=\"\n\t}\n}"));
            Assert.That(() => info.ToJson((ModuleInfoJsonForm)7), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void CompleteForm_RoundTripsThroughTryParse()
    {
        var info = new ModuleInfo("v0.0.0-20230102030405-abcdefabcdef", Time) { Origin = FullOrigin, Name = "abcdef0123", Short = "abcdef012345" };
        Assert.That(ModuleInfo.TryParse(Encoding.UTF8.GetBytes(info.ToJson(ModuleInfoJsonForm.Complete)), out var back), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(back!.Version, Is.EqualTo(info.Version));
            Assert.That(back.Time, Is.EqualTo(info.Time));
            Assert.That(back.Name, Is.EqualTo(info.Name));
            Assert.That(back.Short, Is.EqualTo(info.Short));
            Assert.That(back.Origin!.TagSum, Is.EqualTo(FullOrigin.TagSum));
            Assert.That(back.Origin.RepoSum, Is.EqualTo(FullOrigin.RepoSum));
        });
    }

    /// <summary>
    /// The complete form is what a transport answers: the go command reads it (as the proxy answer) and writes the cache
    /// form into its cache, and <c>go list -m -json</c> prints the listing form (plus the GoMod file it downloaded).
    /// </summary>
    [Test]
    [Category("Interop")]
    [CancelAfter(120_000)]
    public async Task CompleteAndListingForms_AreWhatTheNewestGoReadsAndPrints(CancellationToken ct)
    {
        var go = Environment.GetEnvironmentVariable("GOMODULES_GO_NEWEST") is { Length: > 0 } g ? g : GoCommand.Require();
        using var tmp = new TempDirectory();
        var writer = new ProxyDirectoryWriter(tmp.Sub("proxy"));
        var path = ModulePath.Parse("example.com/o");
        var info = new ModuleInfo("v1.0.0", Time) { Origin = FullOrigin, Name = "abcdefabcdef0123456789abcdefabcdef012345", Short = "abcdefabcdef" };
        await writer.WriteVersionAsync(path, info, Encoding.UTF8.GetBytes("module example.com/o\n"), await ZipAsync(path.Value, info.Version, ct), ct);
        await File.WriteAllTextAsync(Path.Combine(writer.RootDirectory, "example.com", "o", "@v", "v1.0.0.info"), info.ToJson(ModuleInfoJsonForm.Complete), ct);

        var cache = Path.Combine(tmp.Path, "modcache");
        var env = new Dictionary<string, string?>(GoCommand.Environment_(tmp.Sub("gopath"), cache)) { ["GOPROXY"] = writer.Url, ["GOSUMDB"] = "off" };
        var list = GoCommand.Run(go, tmp.Sub("outside"), env, null, "list", "-m", "-json", "example.com/o@v1.0.0");
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        var cached = await File.ReadAllTextAsync(Path.Combine(cache, "cache", "download", "example.com", "o", "@v", "v1.0.0.info"), ct);
        Assert.That(cached, Is.EqualTo(info.ToJson(ModuleInfoJsonForm.CacheFile)), "go read the complete form and wrote the cache form");

        // go list prints the metadata as the proxy answered it (the whole Origin), with the go.mod file it downloaded;
        // without that line it is the listing form.
        var listed = string.Join('\n', list.Stdout.TrimEnd('\n').Split('\n').Where(l => !l.StartsWith("\t\"GoMod\": ", StringComparison.Ordinal)));
        Assert.That(listed, Is.EqualTo(info.ToJson(ModuleInfoJsonForm.Listing, path.Value)));
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
