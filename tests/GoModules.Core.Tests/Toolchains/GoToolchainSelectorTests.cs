using System.Text.RegularExpressions;
using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

/// <summary>
/// The selection table: GOTOOLCHAIN × go/toolchain lines (go.mod, go.work) × local toolchain. Each row states the
/// answer for the local toolchain go1.27.3; when the newest go is installed, every row is also run through it
/// (<c>go version</c> in a directory holding the files, offline) and our answer must be what it did: run locally,
/// download a named toolchain, look for it in PATH, or fail with the same message.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed partial class GoToolchainSelectorTests
{
    private const string Local = "go1.27.3";

    // (GOTOOLCHAIN or null for go.env's "auto", go.mod text or null, go.work text or null, expected)
    // expected: "local", a toolchain to download, "path:<toolchain>", or "error:<message>".
    private static readonly object?[][] Table =
    [
        [null, "module m\n\ngo 1.21\n", null, "local"],
        ["auto", "module m\n\ngo 1.21\n", null, "local"],
        ["auto", "module m\n\ngo 1.27.3\n", null, "local"],
        ["auto", "module m\n\ngo 1.30\n", null, "go1.30.0"],
        [null, "module m\n\ngo 1.30\n", null, "go1.30.0"],
        ["auto", "module m\n\ngo 1.28.1\n", null, "go1.28.1"],
        ["auto", "module m\n\ngo 1.30rc1\n", null, "go1.30rc1"],
        ["auto", "module m\n\ngo 1.27\n", null, "local"],
        ["auto", "module m\n\ngo 1.21\ntoolchain go1.29.0\n", null, "go1.29.0"],
        ["auto", "module m\n\ngo 1.30\ntoolchain go1.29.0\n", null, "go1.30.0"],
        ["auto", "module m\n\ngo 1.21\ntoolchain go1.22.0\n", null, "local"],
        ["auto", "module m\n\ngo 1.30\ntoolchain default\n", null, "local"],
        ["auto", "module m\n\ngo 1.28\ntoolchain go1.28.0-custom\n", null, "go1.28.0-custom"],
        ["auto", "module m\n\ngo 1.21\ntoolchain bad\n", null, "error:invalid toolchain \"bad\" in go.mod"],
        ["auto", "module m\n\ngo 1.21\ntoolchain gccgo-go1.30\n", null, "error:invalid toolchain \"gccgo-go1.30\" in go.mod"],
        ["auto", "module m\n\ngo 1.21\ntoolchain go1.30/x\n", null, "error:invalid toolchain \"go1.30/x\" in go.mod"],
        ["auto", "module m\n", null, "local"],
        ["auto", "module m\n\n\tgo   1.30 // comment\n", null, "go1.30.0"],
        ["auto", "module m\n\ngo 1.30 //x\ngo 1.21\n", null, "go1.30.0"],
        ["auto", "module m\n\ngovet 1.30\n", null, "local"],
        ["auto", null, null, "local"],
        ["local", "module m\n\ngo 1.30\n", null, "local"],
        ["local+auto", "module m\n\ngo 1.29\n", null, "go1.29.0"],
        ["local+path", "module m\n\ngo 1.29\n", null, "path:go1.29.0"],
        ["path", "module m\n\ngo 1.21\n", null, "local"],
        ["path", "module m\n\ngo 1.30\n", null, "path:go1.30.0"],
        ["go1.22.0", "module m\n\ngo 1.30\n", null, "go1.22.0"],
        ["go1.22.0+auto", "module m\n\ngo 1.21\n", null, "go1.22.0"],
        ["go1.22.0+auto", "module m\n\ngo 1.23\n", null, "go1.23.0"],
        ["go1.22.0+auto", "module m\n\ngo 1.21\ntoolchain go1.22.5\n", null, "go1.22.5"],
        ["go1.30.0+auto", "module m\n\ngo 1.21\ntoolchain default\n", null, "go1.30.0"],
        ["go1.19+auto", "module m\n\ngo 1.20\n", null, "go1.20"],
        ["go1.19+auto", "module m\n\ngo 1.21\n", null, "go1.21.0"],
        ["go1.22.0+path", "module m\n\ngo 1.30\n", null, "path:go1.30.0"],
        ["go1.27.3", "module m\n\ngo 1.30\n", null, "local"],
        ["go1.27.3+auto", "module m\n\ngo 1.27.3\n", null, "local"],
        ["go1.2x", null, null, "go1.2x"],
        ["go2.0", null, null, "error:invalid GOTOOLCHAIN \"go2.0\""],
        ["foo", null, null, "error:invalid GOTOOLCHAIN \"foo\""],
        ["foo+auto", null, null, "error:invalid GOTOOLCHAIN \"foo+auto\": invalid minimum toolchain \"foo\""],
        ["go1.21+foo", null, null, "error:invalid GOTOOLCHAIN \"go1.21+foo\": only version suffixes are +auto and +path"],
        ["local+local", null, null, "error:invalid GOTOOLCHAIN \"local+local\": only version suffixes are +auto and +path"],
        ["auto", "module m\n\ngo 1.30\n", "go 1.29\n\nuse .\n", "go1.29.0"],
        ["auto", "module m\n\ngo 1.21\n", "go 1.22\ntoolchain go1.31.0\n\nuse .\n", "go1.31.0"],
        ["auto", "module m\n\ngo 1.30\n", "go 1.22\n\nuse .\n", "local"],
        ["auto", "module m\n\ngo 1.30\n", "use .\n", "local"],
        ["auto", "module m\n\ngo 1.21\n", "go 1.30\ntoolchain default\n\nuse .\n", "local"],
        ["go1.28.0+auto", "module m\n\ngo 1.21\n", "go 1.21\ntoolchain go1.29.1 // pinned\n\nuse .\n", "go1.29.1"],
    ];

    private static IEnumerable<TestCaseData> Rows()
    {
        var i = 0;
        foreach (var row in Table)
        {
            yield return new TestCaseData(row[0], row[1], row[2], row[3]).SetName($"Select_{i++:D2}({row[0] ?? "unset"}, {Describe(row[1] as string, row[2] as string)})");
        }
    }

    private static string Describe(string? goMod, string? goWork)
        => (goMod is null ? "no go.mod" : string.Join(' ', goMod.Split('\n').Where(l => l.Length != 0 && !l.StartsWith("module", StringComparison.Ordinal)).Select(l => l.Trim())))
            + (goWork is null ? string.Empty : " | work: " + string.Join(' ', goWork.Split('\n').Where(l => l.Length != 0 && !l.StartsWith("use", StringComparison.Ordinal))));

    [TestCaseSource(nameof(Rows))]
    public void Select(string? gotoolchain, string? goMod, string? goWork, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("gomodules-tcsel-").FullName;
        try
        {
            var work = Path.Combine(dir, "w");
            Directory.CreateDirectory(work);
            if (goMod is not null)
            {
                File.WriteAllText(Path.Combine(work, "go.mod"), goMod);
            }

            if (goWork is not null)
            {
                File.WriteAllText(Path.Combine(work, "go.work"), goWork);
            }

            var goRoot = Path.Combine(dir, "goroot");
            Directory.CreateDirectory(goRoot);
            File.WriteAllText(Path.Combine(goRoot, "go.env"), "GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n");

            // GOWORK names the file (or is off), so that a go.work above the temporary directory cannot interfere;
            // the upward search itself is covered by GoWorkSettingsAndTempDirectory.
            var goWorkSetting = goWork is null ? "off" : Path.Combine(work, "go.work");
            Assert.That(Ours(Variables(gotoolchain, goWorkSetting), goRoot, Local, work), Is.EqualTo(expected), "the table (local go1.27.3)");

            var go = GoInstalls.Find(GoRelease.Newest)?.Go;
            if (go is null)
            {
                return;
            }

            var env = new Dictionary<string, string>
            {
                ["HOME"] = dir,
                ["GOENV"] = "off",
                ["GOPATH"] = Path.Combine(dir, "gopath"),
                ["GOPROXY"] = "off",
                ["GOFLAGS"] = string.Empty,
                ["GOWORK"] = goWorkSetting,
            };
            if (gotoolchain is not null)
            {
                env["GOTOOLCHAIN"] = gotoolchain;
            }

            var (code, stdout, stderr) = GoCommand.RunIsolated(go, work, env, TimeSpan.FromSeconds(60), "version");
            var theirs = Interpret(code, stdout, stderr);
            var local = LocalToolchain(stdout, go, dir);
            var ours = Ours(Variables(gotoolchain, goWorkSetting), GoInstalls.GoRoot(go), local, work);
            Assert.That(ours, Is.EqualTo(theirs), $"the newest go ({local}) did: exit {code}\n{stdout}{stderr}");
        }
        finally
        {
            // Best effort: a go process may leave a child (its telemetry upload) writing under HOME for a moment.
            DeleteBestEffort(dir);
        }
    }

    [Test]
    public void ModulesOffMeansNoSwitch()
    {
        var dir = Directory.CreateTempSubdirectory("gomodules-tcsel-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module m\n\ngo 1.30\n");
            var vars = new Dictionary<string, string?> { ["GOENV"] = "off", ["GOTOOLCHAIN"] = "auto", ["GO111MODULE"] = "off" };
            Assert.That(GoToolchainSelector.SelectForDirectory(vars, null, Local, dir).IsLocal, Is.True);
            vars["GO111MODULE"] = "auto";
            Assert.That(GoToolchainSelector.SelectForDirectory(vars, null, Local, dir).Toolchain, Is.EqualTo("go1.30.0"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void LocalVersionIsAnInput()
    {
        var goMod = "module m\n\ngo 1.22\ntoolchain go1.22.4\n"u8.ToArray();
        var auto = GoToolchainSetting.Parse("auto");
        Assert.Multiple(() =>
        {
            Assert.That(GoToolchainSelector.Select(auto, "go1.21.0", "go.mod", goMod).Toolchain, Is.EqualTo("go1.22.4"));
            Assert.That(GoToolchainSelector.Select(auto, "go1.22.4", "go.mod", goMod).IsLocal, Is.True);
            Assert.That(GoToolchainSelector.Select(auto, "go1.22.10", "go.mod", goMod).IsLocal, Is.True);
            Assert.That(GoToolchainSelector.Select(auto, "go1.22rc1", "go.mod", goMod).Toolchain, Is.EqualTo("go1.22.4"));
            Assert.That(GoToolchainSelector.Select(auto, null, "go.mod", goMod).Toolchain, Is.EqualTo("go1.22.4"), "no local Go: every line needs a download");
            Assert.That(GoToolchainSelector.Select(auto, null, null, default).Toolchain, Is.EqualTo("local"));
            Assert.That(GoToolchainSelector.Select(auto, "go1.21.0", "go.mod", goMod).Reason, Is.EqualTo(GoToolchainSelectionReason.ToolchainLine));
            Assert.That(GoToolchainSelector.Select(auto, "go1.21.0", "go.mod", "go 1.23\n"u8).Reason, Is.EqualTo(GoToolchainSelectionReason.GoLine));
            Assert.That(GoToolchainSelector.Select(GoToolchainSetting.Parse(string.Empty), "go1.21.0", "go.mod", "go 1.23\n"u8).IsLocal, Is.True, "no GOTOOLCHAIN at all");
            Assert.That(GoToolchainSelection.GetToolchainModule("go1.22.4", "linux", "arm64").ToString(), Is.EqualTo("golang.org/toolchain@v0.0.1-go1.22.4.linux-arm64"));
        });
    }

    [Test]
    public void GoWorkSettingsAndTempDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("gomodules-tcsel-").FullName;
        try
        {
            var sub = Path.Combine(dir, "a", "b");
            Directory.CreateDirectory(sub);
            File.WriteAllText(Path.Combine(dir, "go.work"), "go 1.29\n");
            File.WriteAllText(Path.Combine(dir, "a", "go.mod"), "module m\n\ngo 1.30\n");
            Assert.Multiple(() =>
            {
                Assert.That(GoToolchainSelector.FindConfigFile(sub, null, null), Is.EqualTo(Path.Combine(dir, "go.work")));
                Assert.That(GoToolchainSelector.FindConfigFile(sub, "auto", null), Is.EqualTo(Path.Combine(dir, "go.work")));
                Assert.That(GoToolchainSelector.FindConfigFile(sub, "off", null), Is.EqualTo(Path.Combine(dir, "a", "go.mod")));
                Assert.That(GoToolchainSelector.FindConfigFile(sub, Path.Combine(dir, "missing.work"), null), Is.EqualTo(Path.Combine(dir, "a", "go.mod")));
                Assert.That(GoToolchainSelector.FindConfigFile(sub, null, Path.Combine(dir, "a")), Is.EqualTo(Path.Combine(dir, "a", "go.mod")), "go.work is not searched across GOROOT");
                var ex = Assert.Throws<GoModuleException>(() => GoToolchainSelector.FindConfigFile(sub, "rel/go.work", null));
                Assert.That(ex!.Message, Is.EqualTo("invalid GOWORK: not an absolute path"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void FindInPathAsTheGoCommandLooksBeforeDownloading()
    {
        var dir = Directory.CreateTempSubdirectory("gomodules-tcpath-").FullName;
        try
        {
            var a = Path.Combine(dir, "a");
            var b = Path.Combine(dir, "b");
            Directory.CreateDirectory(a);
            Directory.CreateDirectory(b);
            File.WriteAllText(Path.Combine(a, "go1.22.0"), "not executable");
            File.WriteAllText(Path.Combine(b, "go1.22.0"), "#!/bin/sh\n");
            File.SetUnixFileMode(Path.Combine(b, "go1.22.0"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var path = string.Join(Path.PathSeparator, "relative", a, b);
            Assert.Multiple(() =>
            {
                Assert.That(GoToolchainSelector.FindInPath("go1.22.0", path), Is.EqualTo(Path.Combine(b, "go1.22.0")));
                Assert.That(GoToolchainSelector.FindInPath("go1.22.1", path), Is.Null);
                Assert.That(GoToolchainSelector.FindInPath("b/go1.22.0", dir), Is.Null);
                Assert.That(GoToolchainSelector.FindInPath("go1.22.0", string.Empty), Is.Null);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void DeleteBestEffort(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static Dictionary<string, string?> Variables(string? gotoolchain, string goWork)
    {
        var vars = new Dictionary<string, string?> { ["GOENV"] = "off", ["GOWORK"] = goWork };
        if (gotoolchain is not null)
        {
            vars["GOTOOLCHAIN"] = gotoolchain;
        }

        return vars;
    }

    private static string Ours(Dictionary<string, string?> variables, string goRoot, string local, string work)
    {
        try
        {
            var s = GoToolchainSelector.SelectForDirectory(variables, goRoot, local, work);
            return s.IsLocal ? "local" : s.CanDownload ? s.Toolchain : "path:" + s.Toolchain;
        }
        catch (InvalidGoToolchainException ex)
        {
            // The go command names the file relative to the working directory.
            return "error:" + ex.Message.Replace(Path.Combine(work, "go.mod"), "go.mod", StringComparison.Ordinal).Replace(Path.Combine(work, "go.work"), "go.work", StringComparison.Ordinal);
        }
    }

    private static string Interpret(int code, string stdout, string stderr)
    {
        if (code == 0 && stdout.StartsWith("go version ", StringComparison.Ordinal))
        {
            return "local";
        }

        var download = DownloadingLine().Match(stderr);
        if (download.Success)
        {
            return download.Groups[1].Value;
        }

        var path = PathLine().Match(stderr);
        if (path.Success)
        {
            return "path:" + path.Groups[1].Value;
        }

        var first = stderr.Split('\n')[0];
        return first.StartsWith("go: ", StringComparison.Ordinal) ? "error:" + first["go: ".Length..] : "unexpected:" + stdout + stderr;
    }

    private static string LocalToolchain(string stdout, string go, string dir)
    {
        var m = VersionLine().Match(stdout);
        if (m.Success)
        {
            return m.Groups[1].Value;
        }

        var (_, o, _) = GoCommand.RunIsolated(go, dir, new Dictionary<string, string> { ["GOTOOLCHAIN"] = "local", ["HOME"] = dir, ["GOENV"] = "off" }, TimeSpan.FromSeconds(60), "env", "GOVERSION");
        return o.Trim();
    }

    [GeneratedRegex(@"go: downloading (\S+) \(")]
    private static partial Regex DownloadingLine();

    [GeneratedRegex("go: cannot find \"([^\"]+)\" in PATH")]
    private static partial Regex PathLine();

    [GeneratedRegex(@"^go version (\S+) ")]
    private static partial Regex VersionLine();
}
