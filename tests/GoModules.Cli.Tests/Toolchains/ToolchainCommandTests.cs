
namespace GoModules.Cli.Tests.Toolchains;

/// <summary><c>gomod toolchain select</c> and <c>download</c> as separate processes with a controlled environment.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed class ToolchainCommandTests
{
    private static Task<(int Exit, string Stdout, string Stderr)> Gomod(TempDirectory dir, Dictionary<string, string?> env, params string[] args)
        => ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), "toolchain", .. args],
            dir.Combine("work"),
            env);

    private static Dictionary<string, string?> Env(TempDirectory dir, string? gotoolchain)
    {
        var env = ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("gopath"), dir.Combine("gopath", "pkg", "mod"), "off", "off");
        env["GOTOOLCHAIN"] = gotoolchain;
        env["GOWORK"] = null;
        env["GO111MODULE"] = null;
        env["GOROOT"] = null;
        return env;
    }

    [Test]
    public async Task SelectPrintsWhatTheGoCommandWouldRun()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("work", "sub"));
        File.WriteAllText(dir.Combine("work", "go.mod"), "module m\n\ngo 1.22\ntoolchain go1.22.4\n");
        Directory.CreateDirectory(dir.Combine("goroot"));
        File.WriteAllText(dir.Combine("goroot", "go.env"), "GOTOOLCHAIN=auto\n");
        File.WriteAllText(dir.Combine("goroot", "VERSION"), "go1.21.0\ntime 2023-08-08T00:00:00Z\n");

        var r = await Gomod(dir, Env(dir, null), "select", "--goroot", dir.Combine("goroot"));
        Assert.That((r.Exit, r.Stdout), Is.EqualTo((0, "go1.22.4\n")), r.Stderr);

        r = await Gomod(dir, Env(dir, "auto"), "select", "-json", "--local", "go1.23.1");
        Assert.That(r.Exit, Is.Zero, r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\"Local\": true"));

        r = await Gomod(dir, Env(dir, "go1.21.0+auto"), "select", "-json");
        Assert.That(r.Exit, Is.Zero, r.Stderr);
        Assert.That(r.Stdout, Does.Contain("\"Toolchain\": \"go1.22.4\"").And.Contain("\"Reason\": \"ToolchainLine\"").And.Contain("\"Module\": \"golang.org/toolchain@v0.0.1-go1.22.4."));

        r = await Gomod(dir, Env(dir, "go1.21+x"), "select");
        Assert.That((r.Exit, r.Stderr), Is.EqualTo((1, "go: invalid GOTOOLCHAIN \"go1.21+x\": only version suffixes are +auto and +path\n")));
    }

    [Test]
    public async Task DownloadReportsAMissingToolchainLikeGo()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("work"));
        Directory.CreateDirectory(dir.Combine("proxy"));
        var env = Env(dir, null);
        env["GOPROXY"] = "file://" + dir.Combine("proxy");
        var r = await Gomod(dir, env, "download", "--goos", "linux", "--goarch", "amd64", "1.99.0");
        Assert.That(r.Exit, Is.EqualTo(1));
        Assert.That(r.Stderr, Is.EqualTo("go: downloading go1.99.0 (linux/amd64)\ngo: download go1.99.0 for linux/amd64: toolchain not available\n"));

        r = await Gomod(dir, env, "download", "bash");
        Assert.That(r.Exit, Is.EqualTo(2));
    }
}
