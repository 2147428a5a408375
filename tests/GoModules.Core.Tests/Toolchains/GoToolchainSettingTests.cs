using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoToolchainSettingTests
{
    [TestCase("auto", null, GoToolchainMode.Auto)]
    [TestCase("path", null, GoToolchainMode.Path)]
    [TestCase("local", null, GoToolchainMode.Fixed)]
    [TestCase("", null, GoToolchainMode.Fixed)]
    [TestCase("go1.22.1", "go1.22.1", GoToolchainMode.Fixed)]
    [TestCase("go1.22.1+auto", "go1.22.1", GoToolchainMode.Auto)]
    [TestCase("go1.22.1+path", "go1.22.1", GoToolchainMode.Path)]
    [TestCase("local+auto", null, GoToolchainMode.Auto)]
    [TestCase("local+path", null, GoToolchainMode.Path)]
    [TestCase("go1.21rc1", "go1.21rc1", GoToolchainMode.Fixed)]
    [TestCase("go1.22.1-custom+auto", "go1.22.1-custom", GoToolchainMode.Auto)]
    [TestCase("go1.2x", "go1.2x", GoToolchainMode.Fixed)]
    public void ParsesEveryForm(string value, string? minimum, GoToolchainMode mode)
    {
        var s = GoToolchainSetting.Parse(value);
        Assert.Multiple(() =>
        {
            Assert.That(s.Value, Is.EqualTo(value));
            Assert.That(s.MinimumToolchain, Is.EqualTo(minimum));
            Assert.That(s.MinimumVersion, Is.EqualTo(minimum is null ? string.Empty : GoVersion.FromToolchain(minimum)));
            Assert.That(s.Mode, Is.EqualTo(mode));
        });
    }

    // Messages as the go command prints them after "go: " (checked against the newest go in GoToolchainSelectorTests).
    [TestCase("foo", "invalid GOTOOLCHAIN \"foo\"")]
    [TestCase("go", "invalid GOTOOLCHAIN \"go\"")]
    [TestCase("1.22.1", "invalid GOTOOLCHAIN \"1.22.1\"")]
    [TestCase("go1.22/x", "invalid GOTOOLCHAIN \"go1.22/x\"")]
    [TestCase("Auto", "invalid GOTOOLCHAIN \"Auto\"")]
    [TestCase("foo+auto", "invalid GOTOOLCHAIN \"foo+auto\": invalid minimum toolchain \"foo\"")]
    [TestCase("+auto", "invalid GOTOOLCHAIN \"+auto\": invalid minimum toolchain \"\"")]
    [TestCase("auto+auto", "invalid GOTOOLCHAIN \"auto+auto\": invalid minimum toolchain \"auto\"")]
    [TestCase("go1.21+foo", "invalid GOTOOLCHAIN \"go1.21+foo\": only version suffixes are +auto and +path")]
    [TestCase("local+local", "invalid GOTOOLCHAIN \"local+local\": only version suffixes are +auto and +path")]
    [TestCase("go1.21+", "invalid GOTOOLCHAIN \"go1.21+\": only version suffixes are +auto and +path")]
    [TestCase("go1.21+auto+path", "invalid GOTOOLCHAIN \"go1.21+auto+path\": only version suffixes are +auto and +path")]
    [TestCase("foo+bar", "invalid GOTOOLCHAIN \"foo+bar\": invalid minimum toolchain \"foo\"")]
    public void InvalidSettingsReadLikeTheGoCommand(string value, string message)
    {
        var ex = Assert.Throws<InvalidGoToolchainException>(() => GoToolchainSetting.Parse(value));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void EnvironmentThenUserFileThenGoRootFile()
    {
        const string goEnv = "# defaults\nGOPROXY=https://proxy.golang.org,direct\nGOTOOLCHAIN=auto\n";
        Assert.Multiple(() =>
        {
            Assert.That(GoToolchainSetting.ResolveValue(new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "local" }, "GOTOOLCHAIN=path\n", goEnv), Is.EqualTo("local"));
            Assert.That(GoToolchainSetting.ResolveValue(new Dictionary<string, string?> { ["GOTOOLCHAIN"] = "" }, "GOTOOLCHAIN=path\n", goEnv), Is.EqualTo("path"), "an empty variable does not count");
            Assert.That(GoToolchainSetting.ResolveValue(new Dictionary<string, string?>(), null, goEnv), Is.EqualTo("auto"));
            Assert.That(GoToolchainSetting.ResolveValue(new Dictionary<string, string?>(), "GOTOOLCHAIN=\n", goEnv), Is.EqualTo(string.Empty), "the user's empty line hides go.env's");
            Assert.That(GoToolchainSetting.ResolveValue(new Dictionary<string, string?>(), null, null), Is.EqualTo(string.Empty));
        });
    }

    [Test]
    public void LoadReadsGoRootGoEnvAndTheUserFile()
    {
        var dir = Directory.CreateTempSubdirectory("gomodules-toolchain-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.env"), "GOTOOLCHAIN=auto\n");
            var user = Path.Combine(dir, "user.env");
            Assert.That(GoToolchainSetting.Load(new Dictionary<string, string?> { ["GOENV"] = user }, dir).Mode, Is.EqualTo(GoToolchainMode.Auto));
            File.WriteAllText(user, "GOTOOLCHAIN=go1.22.0+path\n");
            var s = GoToolchainSetting.Load(new Dictionary<string, string?> { ["GOENV"] = user }, dir);
            Assert.That((s.MinimumToolchain, s.Mode), Is.EqualTo(("go1.22.0", GoToolchainMode.Path)));
            Assert.That(GoToolchainSetting.Load(new Dictionary<string, string?> { ["GOENV"] = "off" }, dir).Value, Is.EqualTo("auto"), "GOENV=off leaves go.env");
            Assert.That(GoToolchainSetting.Load(new Dictionary<string, string?> { ["GOENV"] = "off" }, null).Value, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
