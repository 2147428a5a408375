using GoModules.Fetching;
using GoModules.Kernel;
using GoModules.Tests.Fetching;

namespace GoModules.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoEnvironmentTests
{
    private static GoEnvironment Unix(Dictionary<string, string?> variables, string? envFile = null)
        => GoEnvironment.FromVariablesCore(variables, envFile, HostPlatform.Unix);

    private static GoEnvironment Windows(Dictionary<string, string?> variables, string? envFile = null)
        => GoEnvironment.FromVariablesCore(variables, envFile, HostPlatform.Windows);

    private static Dictionary<string, string?> Vars(params (string Name, string? Value)[] pairs)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal) { ["HOME"] = "/home/u" };
        foreach (var (name, value) in pairs)
        {
            result[name] = value;
        }

        return result;
    }

    [Test]
    public void Defaults()
    {
        var env = Unix(Vars());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoProxy, Is.EqualTo("https://proxy.golang.org,direct"));
            Assert.That(env.GoSumDb, Is.EqualTo("sum.golang.org"));
            Assert.That(env.GoPrivate, Is.Empty);
            Assert.That(env.GoNoProxy, Is.Empty);
            Assert.That(env.GoNoSumDb, Is.Empty);
            Assert.That(env.GoInsecure, Is.Empty);
            Assert.That(env.GoAuth, Is.EqualTo("netrc"));
            Assert.That(env.GoPath, Is.EqualTo("/home/u/go"));
            Assert.That(env.GoPathList, Is.EqualTo(new[] { "/home/u/go" }));
            Assert.That(env.GoModCache, Is.EqualTo("/home/u/go/pkg/mod"));
            Assert.That(env.NetrcPath, Is.EqualTo("/home/u/.netrc"));
            Assert.That(env.GoFlags, Is.Empty);
            Assert.That(env.ModCacheReadWrite, Is.False);
            Assert.That(env.ModMode, Is.Null);
            Assert.That(env.GoFlagsError, Is.Null);
            Assert.That(env.EnvFile, Is.EqualTo("/home/u/.config/go/env"));
            Assert.That(ProxyChainTests.Describe(ProxyChain.FromEnvironment(env)), Is.EqualTo(new[] { "https://proxy.golang.org,", "direct" }));
            Assert.That(env.NoProxyPatterns.IsEmpty && env.NoSumDbPatterns.IsEmpty && env.PrivatePatterns.IsEmpty && env.InsecurePatterns.IsEmpty, Is.True);
        }
    }

    [Test]
    public void EmptyValuesMeanUnset()
    {
        var env = Unix(Vars(("GOPROXY", ""), ("GOSUMDB", ""), ("GOPATH", ""), ("GOMODCACHE", ""), ("GOAUTH", ""), ("NETRC", "")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoProxy, Is.EqualTo(ProxyChain.DefaultGoProxy));
            Assert.That(env.GoSumDb, Is.EqualTo(GoEnvironment.DefaultGoSumDb));
            Assert.That(env.GoPath, Is.EqualTo("/home/u/go"));
            Assert.That(env.GoModCache, Is.EqualTo("/home/u/go/pkg/mod"));
            Assert.That(env.GoAuth, Is.EqualTo(GoEnvironment.DefaultGoAuth));
            Assert.That(env.NetrcPath, Is.EqualTo("/home/u/.netrc"));
        }
    }

    [Test]
    public void GoPrivateIsTheDefaultOfGoNoProxyAndGoNoSumDb()
    {
        var env = Unix(Vars(("GOPRIVATE", "*.corp.example,rsc.io/private")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoNoProxy, Is.EqualTo("*.corp.example,rsc.io/private"));
            Assert.That(env.GoNoSumDb, Is.EqualTo("*.corp.example,rsc.io/private"));
            Assert.That(env.NoProxyPatterns.Matches("git.corp.example/repo"), Is.True);
            Assert.That(env.NoSumDbPatterns.Matches("rsc.io/private/x"), Is.True);
            Assert.That(env.PrivatePatterns.Matches("rsc.io/quote"), Is.False);
            Assert.That(ProxyChain.FromEnvironment(env).Entries[0].Kind, Is.EqualTo(ProxyChainEntryKind.NoProxy));
        }
    }

    [Test]
    public void EmptyGoNoProxyDoesNotTurnOffTheGoPrivateDefault()
    {
        var env = Unix(Vars(("GOPRIVATE", "corp.example"), ("GONOPROXY", ""), ("GONOSUMDB", "none")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoNoProxy, Is.EqualTo("corp.example"));
            Assert.That(env.GoNoSumDb, Is.EqualTo("none"));
            Assert.That(env.NoSumDbPatterns.Matches("corp.example/x"), Is.False);
        }
    }

    [Test]
    public void ProcessEnvironmentBeatsTheEnvFile_ButOnlyWhenNotEmpty()
    {
        const string file = "GOPROXY=https://file.example\nGONOPROXY=file.example\nGOSUMDB=file.sumdb.example\nGOFLAGS=-modcacherw\n";
        var env = Unix(Vars(("GOPROXY", "https://process.example"), ("GONOPROXY", ""), ("GOFLAGS", null)), file);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoProxy, Is.EqualTo("https://process.example"));
            Assert.That(env.GoNoProxy, Is.EqualTo("file.example"), "an empty variable falls through to the file");
            Assert.That(env.GoSumDb, Is.EqualTo("file.sumdb.example"));
            Assert.That(env.ModCacheReadWrite, Is.True);
        }
    }

    [Test]
    public void EnvFile_AsGoEnvWriteLeavesIt()
    {
        // go env -w GOPRIVATE=... GOPROXY=... writes sorted NAME=value lines without quoting.
        const string file = "GOPRIVATE=*.corp.example,github.com/org/*\nGOPROXY=https://goproxy.corp.example|https://proxy.golang.org,direct\n";
        var env = Unix(Vars(), file);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoPrivate, Is.EqualTo("*.corp.example,github.com/org/*"));
            Assert.That(ProxyChainTests.Describe(ProxyChain.FromEnvironment(env)),
                Is.EqualTo(new[] { "noproxy", "https://goproxy.corp.example|", "https://proxy.golang.org,", "direct" }));
        }
    }

    [Test]
    public void EnvFile_LineRules()
    {
        const string file = "# comment GOPROXY=x\n\nGOSUMDB=first\nGOSUMDB=last\ngoflags=-modcacherw\n GOINSECURE=indented\nGONOSUMDB = spaced\nGOPRIVATE=a=b\r\nGOMODCACHE\n=GOAUTH\nGOPATH=/from/file";
        var parsed = GoEnvironment.ParseEnvFile(file);
        var env = Unix(Vars(), file);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoSumDb, Is.EqualTo("last"), "the last line for a name wins");
            Assert.That(env.ModCacheReadWrite, Is.False, "names are case-sensitive");
            Assert.That(env.GoInsecure, Is.Empty, "a line must start with A-Z");
            Assert.That(parsed.ContainsKey("GONOSUMDB "), Is.True, "nothing is trimmed around '='");
            Assert.That(env.GoNoSumDb, Is.EqualTo("a=b\r"), "only the first '=' splits; a CR stays in the value");
            Assert.That(env.GoModCache, Is.EqualTo("/from/file/pkg/mod"), "a line without '=' is ignored");
            Assert.That(env.GoPath, Is.EqualTo("/from/file"), "the last line needs no newline");
            Assert.That(parsed.Keys, Is.EquivalentTo(new[] { "GOSUMDB", "GONOSUMDB ", "GOPRIVATE", "GOPATH" }));
        }
    }

    [Test]
    public void GoEnvOffIgnoresTheFile()
    {
        var env = Unix(Vars(("GOENV", "off")), "GOPROXY=https://file.example\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.EnvFile, Is.Null);
            Assert.That(env.GoProxy, Is.EqualTo(ProxyChain.DefaultGoProxy));
        }
    }

    [TestCase("/etc/goenv", null, "/etc/goenv")]
    [TestCase(null, "/xdg", "/xdg/go/env")]
    [TestCase("", "", "/home/u/.config/go/env")]
    [TestCase("off", "/xdg", null)]
    public void EnvFilePath_Unix(string? goEnv, string? xdg, string? expected)
    {
        var vars = Vars(("GOENV", goEnv), ("XDG_CONFIG_HOME", xdg));
        Assert.That(GoEnvironment.GetEnvFilePathCore(vars, HostPlatform.Unix), Is.EqualTo(expected));
    }

    [Test]
    public void EnvFilePath_NoHome()
    {
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(GoEnvironment.GetEnvFilePathCore(vars, HostPlatform.Unix), Is.Null);
            var env = GoEnvironment.FromVariablesCore(vars, "GOPROXY=https://ignored.example\n", HostPlatform.Unix);
            Assert.That(env.GoProxy, Is.EqualTo(ProxyChain.DefaultGoProxy), "no file location, no file");
            Assert.That(env.GoPath, Is.Empty);
            Assert.That(env.GoModCache, Is.Empty);
            Assert.That(env.NetrcPath, Is.Empty);
        }
    }

    [Test]
    public void EnvFilePath_MacOSAndWindows()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(GoEnvironment.GetEnvFilePathCore(Vars(), HostPlatform.MacOS), Is.EqualTo("/home/u/Library/Application Support/go/env"));
            Assert.That(GoEnvironment.GetEnvFilePathCore(Vars(("APPDATA", @"C:\Users\u\AppData\Roaming")), HostPlatform.Windows),
                Is.EqualTo(@"C:\Users\u\AppData\Roaming\go\env"), "Windows names are case-insensitive");
        }
    }

    [Test]
    public void Windows_HomeGoPathNetrcAndListSeparator()
    {
        var env = Windows(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["UserProfile"] = @"C:\Users\u",
            ["HOME"] = "/ignored",
            ["AppData"] = @"C:\Users\u\AppData\Roaming",
        });
        var withList = Windows(new Dictionary<string, string?>(StringComparer.Ordinal) { ["GOPATH"] = "\"D:\\a;b\";E:\\c" });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoPath, Is.EqualTo(@"C:\Users\u\go"));
            Assert.That(env.GoModCache, Is.EqualTo(@"C:\Users\u\go\pkg\mod"));
            Assert.That(env.NetrcPath, Is.EqualTo(@"C:\Users\u\_netrc"));
            Assert.That(withList.GoPathList, Is.EqualTo(new[] { @"D:\a;b", @"E:\c" }));
            Assert.That(withList.GoModCache, Is.EqualTo(@"D:\a;b\pkg\mod"));
        }
    }

    [Test]
    public void GoPath_ListAndCleaning()
    {
        var env = Unix(Vars(("GOPATH", "/a/../b//:/c")));
        var home = Unix(Vars(("HOME", "/x//y/")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoPath, Is.EqualTo("/a/../b//:/c"), "GOPATH is shown as set");
            Assert.That(env.GoPathList, Is.EqualTo(new[] { "/a/../b//", "/c" }));
            Assert.That(env.GoModCache, Is.EqualTo("/b/pkg/mod"), "the default GOMODCACHE is cleaned");
            Assert.That(home.GoPath, Is.EqualTo("/x/y/go"));
            Assert.That(Unix(Vars(("GOPATH", ":/c"))).GoModCache, Is.Empty, "an empty first GOPATH entry gives no default");
            Assert.That(Unix(Vars(("GOMODCACHE", "relative//cache"))).GoModCache, Is.EqualTo("relative//cache"), "an explicit GOMODCACHE is kept as written");
            Assert.That(Unix(Vars(("GOROOT", "/home/u/go/"))).GoPath, Is.Empty, "the default GOPATH is never GOROOT");
        }
    }

    [Test]
    public void Netrc_FromProcessEnvironmentOnly()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Unix(Vars(("NETRC", "/etc/netrc"))).NetrcPath, Is.EqualTo("/etc/netrc"));
            Assert.That(Unix(Vars(), "NETRC=/from/file\n").NetrcPath, Is.EqualTo("/home/u/.netrc"));
        }
    }

    [TestCase("-modcacherw", true, null)]
    [TestCase("--modcacherw", true, null)]
    [TestCase("-modcacherw=false", false, null)]
    [TestCase("-modcacherw=T -modcacherw=0", false, null)]
    [TestCase("-mod=mod", false, "mod")]
    [TestCase("  -mod=vendor\t-modcacherw  --mod=readonly ", true, "readonly")]
    [TestCase("-mod=mod -mod=", false, null)]
    [TestCase("-x -v=1 -ldflags=-s", false, null)]
    public void GoFlags(string goFlags, bool modCacheReadWrite, string? modMode)
    {
        var env = Unix(Vars(("GOFLAGS", goFlags)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoFlags, Is.EqualTo(goFlags));
            Assert.That(env.ModCacheReadWrite, Is.EqualTo(modCacheReadWrite));
            Assert.That(env.ModMode, Is.EqualTo(modMode));
            Assert.That(env.GoFlagsError, Is.Null);
        }
    }

    [TestCase("mod", "go: parsing $GOFLAGS: non-flag \"mod\"")]
    [TestCase("-mod=mod -", "go: parsing $GOFLAGS: non-flag \"-\"")]
    [TestCase("---mod=mod", "go: parsing $GOFLAGS: non-flag \"---mod=mod\"")]
    [TestCase("-=x", "go: parsing $GOFLAGS: non-flag \"-=x\"")]
    [TestCase("-modcacherw=yes", "go: invalid boolean value \"yes\" for flag -modcacherw (from $GOFLAGS)")]
    [TestCase("-mod", "go: flag needs an argument: -mod (from $GOFLAGS)")]
    public void GoFlags_Errors(string goFlags, string error)
        => Assert.That(Unix(Vars(("GOFLAGS", goFlags))).GoFlagsError, Is.EqualTo(error));

    [Test]
    public void InvalidGoProxy_IsReportedNotThrown()
    {
        var env = Unix(Vars(("GOPROXY", "ftp://proxy.example")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ChainOf(env), Is.Null);
            Assert.That(ProxyChainError(env)!.Message, Is.EqualTo("invalid proxy URL scheme (must be https, http, file): ftp://proxy.example"));
            Assert.That(() => ProxyChain.FromEnvironment(env), Throws.TypeOf<InvalidProxyListException>());
        }
    }

    [Test]
    public void GoProxyDirect_WithGoPrivate_HasNoImplicitNoProxy()
    {
        var env = Unix(Vars(("GOPROXY", "direct"), ("GOPRIVATE", "corp.example")));
        Assert.That(ProxyChainTests.Describe(ProxyChain.FromEnvironment(env)), Is.EqualTo(new[] { "direct" }));
    }

    [Test]
    public void Load_ReadsTheFileGoEnvNames()
    {
        var dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "goenv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "env");
            File.WriteAllText(file, "GOPROXY=https://from-file.example\n");
            var vars = new Dictionary<string, string?>(StringComparer.Ordinal) { ["GOENV"] = file, ["HOME"] = dir };
            var missing = new Dictionary<string, string?>(StringComparer.Ordinal) { ["GOENV"] = Path.Combine(dir, "missing"), ["HOME"] = dir };
            using (Assert.EnterMultipleScope())
            {
                Assert.That(GoEnvironment.Load(vars).GoProxy, Is.EqualTo("https://from-file.example"));
                Assert.That(GoEnvironment.Load(vars).EnvFile, Is.EqualTo(file));
                Assert.That(GoEnvironment.Load(missing).GoProxy, Is.EqualTo(ProxyChain.DefaultGoProxy), "a missing file is ignored");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void FromProcess_Works()
    {
        var env = GoEnvironment.FromProcess();
        Assert.That(env.GoProxy, Is.Not.Empty);
    }

    [Test]
    public void Arguments()
    {
        Assert.Throws<ArgumentNullException>(() => GoEnvironment.FromVariables(null!));
        Assert.Throws<ArgumentNullException>(() => GoEnvironment.Load(null!));
        Assert.Throws<ArgumentNullException>(() => GoEnvironment.GetEnvFilePath(null!));
    }

    private static ProxyChain? ChainOf(GoEnvironment env) => ProxyChain.TryFromEnvironment(env, out var chain, out _) ? chain : null;

    private static InvalidProxyListException? ProxyChainError(GoEnvironment env) => ProxyChain.TryFromEnvironment(env, out _, out var error) ? null : error;
}
