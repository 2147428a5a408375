using GoModules.SumDb;
using GoModules.SumDb.Internal;
using GoModules.Tests.SumDb.Support;

namespace GoModules.Tests.SumDb;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ChecksumDatabaseSettingTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("sum.golang.org")]
    public void DefaultIsSumGolangOrg(string? value)
    {
        var s = ChecksumDatabaseSetting.Parse(value);
        Assert.Multiple(() =>
        {
            Assert.That(s.IsOff, Is.False);
            Assert.That(s.Name, Is.EqualTo("sum.golang.org"));
            Assert.That(s.Verifier!.VerifierKey, Is.EqualTo(GoFacts.SumGolangOrgKey));
            Assert.That(s.Url, Is.Null);
            Assert.That(s.DirectUrl, Is.EqualTo(new Uri("https://sum.golang.org")));
        });
    }

    [Test]
    public void Off()
    {
        var s = ChecksumDatabaseSetting.Parse("off");
        Assert.That(s.IsOff, Is.True);
        Assert.That(s.Name, Is.Null);
        Assert.That(s.DirectUrl, Is.Null);
    }

    [Test]
    public void ChinaMirrorAlias()
    {
        var s = ChecksumDatabaseSetting.Parse("sum.golang.google.cn");
        Assert.That(s.Name, Is.EqualTo("sum.golang.org"));
        Assert.That(s.Url, Is.EqualTo(new Uri("https://sum.golang.google.cn")));
        Assert.That(() => ChecksumDatabaseSetting.Parse("sum.golang.google.cn https://x.example"), Throws.InstanceOf<InvalidChecksumDatabaseSettingException>(), "the alias is not a known key name");
    }

    [Test]
    public void KeyAndUrl()
    {
        var key = NoteSigner.Generate("sumdb.example.com/db").Verifier.VerifierKey;
        var s = ChecksumDatabaseSetting.Parse($"{key}   http://127.0.0.1:8080/base");
        Assert.That(s.Name, Is.EqualTo("sumdb.example.com/db"));
        Assert.That(s.Url, Is.EqualTo(new Uri("http://127.0.0.1:8080/base")));
        Assert.That(s.DirectUrl, Is.EqualTo(new Uri("https://sumdb.example.com/db")));
        Assert.That(ChecksumDatabaseSetting.Parse("sum.golang.org https://mirror.example").Url, Is.EqualTo(new Uri("https://mirror.example")));
        Assert.That(ChecksumDatabaseSetting.Parse(key).Url, Is.Null);
    }

    [TestCase("   ", "missing GOSUMDB")]
    [TestCase("a b c", "invalid GOSUMDB: too many fields")]
    [TestCase(" off", "invalid GOSUMDB: malformed verifier id")]
    [TestCase("OFF", "invalid GOSUMDB: malformed verifier id")]
    [TestCase("sum.example.com", "invalid GOSUMDB: malformed verifier id")]
    [TestCase("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9", "invalid GOSUMDB: invalid verifier hash")]
    [TestCase("sum.golang.org ftp://x.example", "invalid GOSUMDB URL: ftp://x.example")]
    [TestCase("sum.golang.org relative/path", "invalid GOSUMDB URL: relative/path")]
    public void Rejects(string value, string message)
    {
        var ex = Assert.Throws<InvalidChecksumDatabaseSettingException>(() => ChecksumDatabaseSetting.Parse(value));
        Assert.That(ex!.Message, Is.EqualTo(message));
        Assert.That(ex.Value, Is.EqualTo(value));
        Assert.That(ChecksumDatabaseSetting.TryParse(value, out _), Is.False);
    }

    /// <summary>Names and whether the go command accepts them as a database name (checked against Go below).</summary>
    private static readonly (string Name, bool Valid)[] Names =
    [
        ("sum.example.com", true),
        ("sum.example.com/path/to/db", true),
        ("sum.example.com:8443", true),
        ("sum.example.com:", true),
        ("sum.example.com//x", true),
        ("sum.example.com/a:b;c=d,e$f&g@h", true),
        ("ho_st.example", true),
        ("[::1]:80", true),
        ("sum.example.com/", false),
        ("user@sum.example.com", false),
        ("sum.example.com/a%41", false),
        ("sum.example.com/a!b", false),
        ("sum.example.com/a*b", false),
        ("sum.example.com?x", false),
        ("sum.example.com#x", false),
        ("sum.example.com:x", false),
        ("/path", false),
        ("sum.example.com/caf\u00e9", false),
    ];

    private static IEnumerable<TestCaseData> NameCases() => Names.Select(n => new TestCaseData(n.Name, n.Valid).SetName($"Name({n.Name})"));

    [TestCaseSource(nameof(NameCases))]
    public void DatabaseNameMustBeHostAndPath(string name, bool valid)
    {
        var key = NoteSigner.Generate(name).Verifier.VerifierKey;
        Assert.That(ChecksumDatabaseSetting.TryParse(key, out _), Is.EqualTo(valid), name);
        if (!valid)
        {
            Assert.That(Assert.Throws<InvalidChecksumDatabaseSettingException>(() => ChecksumDatabaseSetting.Parse(key))!.Message, Does.StartWith("invalid sumdb name (must be host[/path]): " + name));
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task GoAgreesOnNamesAndForms()
    {
        var go = GoCommand.Require();
        var module = new TestModule("example.com/hello", "v1.0.0");
        await using var server = new LoopbackHttpServer(_ => (404, "not found\n"u8.ToArray()));
        using var tmp = new TempDirectory();
        module.WriteProxy(tmp.Combine("proxy"));
        Directory.CreateDirectory(tmp.Combine("work"));

        var cases = Names.Select(n => ($"{NoteSigner.Generate(n.Name).Verifier.VerifierKey} {server.BaseUrl}", n.Valid)).ToList();
        cases.Add(("a b c", false));
        cases.Add((" off", false));
        cases.Add(("sum.example.com " + server.BaseUrl, false));
        cases.Add(($"sum.golang.org {server.BaseUrl}", true));
        foreach (var (gosumdb, valid) in cases)
        {
            var env = new Dictionary<string, string>
            {
                ["GOPATH"] = tmp.Combine("gopath"),
                ["GOMODCACHE"] = tmp.Combine("gopath", "pkg", "mod"),
                ["HOME"] = tmp.Combine("home"),
                ["GOCACHE"] = tmp.Combine("gocache"),
                ["GOPROXY"] = "file://" + tmp.Combine("proxy"),
                ["GOSUMDB"] = gosumdb,
                ["GOFLAGS"] = "-mod=mod",
                ["GO111MODULE"] = "on",
            };
            var (exit, stdout, stderr) = await GoCommand.RunHermeticAsync(go, tmp.Combine("work"), env, "mod", "download", "-json", "example.com/hello@v1.0.0");
            var output = stdout + stderr;
            Assert.That(exit, Is.Not.EqualTo(0), $"{gosumdb}: the database answers 404, so go must fail\n{output}");
            // Go 1.19 crashes (nil dereference while formatting its error) on a name url.Parse rejects, such as a bad port.
            var goSaysInvalid = output.Contains("invalid GOSUMDB", StringComparison.Ordinal) || output.Contains("invalid sumdb name", StringComparison.Ordinal)
                || output.Contains("missing GOSUMDB", StringComparison.Ordinal) || output.Contains("modfetch.dbDial", StringComparison.Ordinal);
            Assert.That(goSaysInvalid, Is.EqualTo(!valid), $"go with GOSUMDB=\"{gosumdb}\":\n{output}");
            Assert.That(ChecksumDatabaseSetting.TryParse(gosumdb, out _), Is.EqualTo(valid), $"ours with GOSUMDB=\"{gosumdb}\"");

            // Fresh cache per case, so that no lookup is answered from a previous run.
            new TempDirectoryCleaner(tmp.Combine("gopath")).Run();
        }
    }

    private sealed class TempDirectoryCleaner(string path)
    {
        public void Run()
        {
            if (!Directory.Exists(path))
            {
                return;
            }

            if (!OperatingSystem.IsWindows())
            {
                foreach (var d in Directory.EnumerateDirectories(path, "*", SearchOption.AllDirectories))
                {
                    File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(path, recursive: true);
        }
    }
}
