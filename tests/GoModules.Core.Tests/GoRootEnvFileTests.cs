using System.Text.Json;

namespace GoModules.Tests;

/// <summary>
/// The <c>$GOROOT/go.env</c> settings layer (Go 1.21): environment &gt; user go/env (GOENV) &gt; GOROOT/go.env &gt;
/// built-in defaults, with GOROOT from the settings or from a go found on PATH (symbolic links followed, nothing
/// run), and the built-in defaults on a host without a toolchain. The differential test runs the newest go.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GoRootEnvFileTests
{
    private const string RootEnv = "# defaults of this toolchain\nGOPROXY=https://root.example/proxy\nGOSUMDB=root.example\nGOPRIVATE=*.root.example\nGOINSECURE=insecure.root.example\ngotoolchain=ignored\n";

    [Test]
    public void Precedence_EnvironmentThenUserFileThenGoRootThenDefaults()
    {
        var env = GoEnvironment.FromVariables(
            new Dictionary<string, string?>
            {
                ["HOME"] = "/home/u",
                ["GOENV"] = "/home/u/goenv",
                ["GOROOT"] = "/opt/go",
                ["GOPROXY"] = "https://env.example",
                ["GOPRIVATE"] = "",
            },
            "GOSUMDB=user.example\nGOINSECURE=\n",
            RootEnv);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoRoot, Is.EqualTo("/opt/go"));
            Assert.That(env.GoRootEnvFile, Is.EqualTo("/opt/go/go.env"));
            Assert.That(env.GoProxy, Is.EqualTo("https://env.example"), "the environment wins");
            Assert.That(env.GoSumDb, Is.EqualTo("user.example"), "then the user's go/env");
            Assert.That(env.GoPrivate, Is.EqualTo("*.root.example"), "an empty environment value does not hide GOROOT/go.env");
            Assert.That(env.GoInsecure, Is.Empty, "a name in the user's go/env hides GOROOT/go.env, even empty");
            Assert.That(env.GoAuth, Is.EqualTo(GoEnvironment.DefaultGoAuth), "then the built-in default");
        }
    }

    [Test]
    public void WithoutAKnownGoRoot_TheBuiltInDefaultsApply()
    {
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["HOME"] = "/home/u", ["GOENV"] = "off" }, null, RootEnv);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoRoot, Is.Null);
            Assert.That(env.GoProxy, Is.EqualTo("https://proxy.golang.org,direct"));
            Assert.That(env.GoSumDb, Is.EqualTo(GoEnvironment.DefaultGoSumDb));
        }
    }

    [Test]
    public void GoRootInTheUserFile_NamesTheGoEnvFile()
    {
        var env = GoEnvironment.FromVariables(new Dictionary<string, string?> { ["HOME"] = "/home/u", ["GOENV"] = "/home/u/goenv", ["GOROOT"] = "/env/go" }, "GOROOT=/user/go/\n", RootEnv);
        Assert.That(env.GoRoot, Is.EqualTo("/user/go"), "the go command looks at the user file's GOROOT first");
    }

    /// <summary>A go on PATH that is a symbolic link into a toolchain: its root is found without running it.</summary>
    [Test]
    public void GoOnPath_ThroughASymlink_LeadsToItsGoEnv()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links on Unix");
        }

        using var tmp = new TempDirectory();
        var root = tmp.Sub("toolchain/go");
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Path.Combine(root, "pkg", "tool", "linux_amd64"));
        File.WriteAllText(Path.Combine(root, "bin", "go"), "not a real go; never run\n");
        File.WriteAllText(Path.Combine(root, "go.env"), RootEnv);
        var bin = tmp.Sub("usr/bin");
        File.CreateSymbolicLink(Path.Combine(bin, "go"), Path.Combine(root, "bin", "go"));

        var vars = new Dictionary<string, string?> { ["HOME"] = tmp.Sub("home"), ["GOENV"] = "off", ["PATH"] = tmp.Sub("empty") + ":" + bin };
        var env = GoEnvironment.Load(vars);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(env.GoRoot, Is.EqualTo(root));
            Assert.That(env.GoProxy, Is.EqualTo("https://root.example/proxy"));
            Assert.That(env.GoSumDb, Is.EqualTo("root.example"));
            Assert.That(env.GoNoProxy, Is.EqualTo("*.root.example"), "GONOPROXY defaults to the GOPRIVATE from go.env");
        }

        vars["PATH"] = tmp.Sub("empty");
        var toolchainless = GoEnvironment.Load(vars);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(toolchainless.GoRoot, Is.Null);
            Assert.That(toolchainless.GoProxy, Is.EqualTo("https://proxy.golang.org,direct"));
        }
    }

    /// <summary>
    /// The newest go with GOROOT naming a copy of its own root (links to the real one's folders, a go.env of our own)
    /// and a user go/env: <c>go env -json</c> and GoEnvironment give the same settings.
    /// </summary>
    [Test]
    [Category("Interop")]
    [CancelAfter(120_000)]
    public void NewestGo_ReadsTheSameLayers()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links on Unix");
        }

        var go = GoCommand.Require();
        var realRoot = Path.GetDirectoryName(Path.GetDirectoryName(new FileInfo(go).ResolveLinkTarget(true)?.FullName ?? go))!;
        using var tmp = new TempDirectory();
        var root = tmp.Sub("goroot");
        foreach (var entry in Directory.EnumerateFileSystemEntries(realRoot))
        {
            if (Path.GetFileName(entry) != "go.env")
            {
                if (Directory.Exists(entry))
                {
                    Directory.CreateSymbolicLink(Path.Combine(root, Path.GetFileName(entry)), entry);
                }
                else
                {
                    File.CreateSymbolicLink(Path.Combine(root, Path.GetFileName(entry)), entry);
                }
            }
        }

        File.WriteAllText(Path.Combine(root, "go.env"), RootEnv);
        var userEnv = Path.Combine(tmp.Path, "user-goenv");
        File.WriteAllText(userEnv, "GOSUMDB=user.example\nGOINSECURE=\n");
        var vars = new Dictionary<string, string?>
        {
            ["HOME"] = tmp.Sub("home"),
            ["GOENV"] = userEnv,
            ["GOROOT"] = root,
            ["GOPATH"] = tmp.Sub("gopath"),
            ["GOPROXY"] = null,
            ["GOSUMDB"] = null,
            ["GOPRIVATE"] = "",
            ["GONOPROXY"] = null,
            ["GONOSUMDB"] = null,
            ["GOINSECURE"] = null,
            ["GOFLAGS"] = null,
            ["GOAUTH"] = null,
            ["GOTOOLCHAIN"] = "local",
            ["XDG_CONFIG_HOME"] = GoInstalls.QuietConfigDir,
        };
        var result = GoCommand.Run(go, tmp.Path, vars, null, "env", "-json", "GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOROOT");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var goSays = JsonSerializer.Deserialize<Dictionary<string, string>>(result.Stdout)!;

        var ours = GoEnvironment.Load(vars);
        var oursSay = new Dictionary<string, string>
        {
            ["GOPROXY"] = ours.GoProxy,
            ["GOSUMDB"] = ours.GoSumDb,
            ["GOPRIVATE"] = ours.GoPrivate,
            ["GONOPROXY"] = ours.GoNoProxy,
            ["GONOSUMDB"] = ours.GoNoSumDb,
            ["GOINSECURE"] = ours.GoInsecure,
            ["GOROOT"] = ours.GoRoot ?? "",
        };
        Assert.That(oursSay, Is.EquivalentTo(goSays), result.Stdout);
    }
}
