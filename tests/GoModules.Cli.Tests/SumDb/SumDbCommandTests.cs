using GoModules.Tests.SumDb.Support;

namespace GoModules.Cli.Tests.SumDb;

/// <summary>The <c>gomod sumdb lookup</c> command, run as a separate process against a test database on 127.0.0.1.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(120_000)]
public sealed class SumDbCommandTests
{
    private static Task<(int Exit, string Stdout, string Stderr)> RunGomodAsync(TempDirectory dir, string gosumdb, params string[] args)
        => ProcessRunner.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args],
            dir.Path,
            ProcessRunner.GomodEnvironment(dir.Path, dir.Combine("gopath"), dir.Combine("gopath", "pkg", "mod"), "off", gosumdb));

    [Test]
    public async Task PrintsTheProvenLinesAndKeepsGoLayout()
    {
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(40);
        db.AddModule("example.com/Hello", "v1.2.0", "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=", "h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=");
        await using var server = new LoopbackHttpServer(db.Serve);
        using var dir = new TempDirectory();

        var (exit, stdout, stderr) = await RunGomodAsync(dir, $"{db.Verifier.VerifierKey} {server.BaseUrl}", "sumdb", "lookup", "example.com/Hello@v1.2.0");
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.EqualTo(
            "example.com/Hello v1.2.0 h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=\n" +
            "example.com/Hello v1.2.0/go.mod h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=\n"));
        Assert.That(File.ReadAllBytes(dir.Combine("gopath", "pkg", "sumdb", "sumdb.gomodules.test", "latest")), Is.EqualTo(db.SignedTree()));
        Assert.That(File.Exists(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sumdb.gomodules.test", "lookup", "example.com", "!hello@v1.2.0")), Is.True);
    }

    [Test]
    public async Task WaitsForTheLockAGoProcessHoldsOnTheLatestTree()
    {
        // gomod turns off .NET's implicit FileStream locks (System.IO.DisableFileLocking), so the checksum database's
        // files must take Go's flock explicitly: while another process holds `latest`, the lookup waits.
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(10);
        db.AddModule("example.com/m", "v1.0.0", "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=", "h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=");
        await using var server = new LoopbackHttpServer(db.Serve);
        using var dir = new TempDirectory();
        var latest = dir.Combine("gopath", "pkg", "sumdb", "sumdb.gomodules.test", "latest");
        Directory.CreateDirectory(Path.GetDirectoryName(latest)!);

        var held = await GoModules.Kernel.LockedFile.OpenWriteAsync(latest, ModuleCacheLinkException.At, CancellationToken.None);
        var lookup = RunGomodAsync(dir, $"{db.Verifier.VerifierKey} {server.BaseUrl}", "sumdb", "lookup", "example.com/m@v1.0.0");
        var first = await Task.WhenAny(lookup, Task.Delay(3_000));
        held.Dispose();
        Assert.That(first, Is.Not.SameAs(lookup), "the lookup finished while `latest` was locked");

        var (exit, stdout, stderr) = await lookup;
        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.StartWith("example.com/m v1.0.0 h1:zip"));
        Assert.That(File.ReadAllBytes(latest), Is.EqualTo(db.SignedTree()));
    }

    [Test]
    public async Task TamperingIsASecurityError()
    {
        var db = new TestChecksumDatabase("sumdb.gomodules.test");
        db.AddFiller(10);
        db.AddModule("example.com/m", "v1.0.0", "h1:zipzipzipzipzipzipzipzipzipzipzipzipzipzipk=", "h1:modmodmodmodmodmodmodmodmodmodmodmodmodmodk=");
        await using var server = new LoopbackHttpServer(path =>
        {
            var (status, body) = db.Serve(path);
            return path.StartsWith("/tile/", StringComparison.Ordinal) ? (status, body.Select(b => (byte)~b).ToArray()) : (status, body);
        });
        using var dir = new TempDirectory();
        var (exit, stdout, stderr) = await RunGomodAsync(dir, $"{db.Verifier.VerifierKey} {server.BaseUrl}", "sumdb", "lookup", "example.com/m@v1.0.0");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("downloaded inconsistent tile"));
        Assert.That(Directory.Exists(dir.Combine("gopath", "pkg", "mod", "cache", "download", "sumdb", "sumdb.gomodules.test", "lookup")), Is.False);
    }

    [TestCase("off", "GOSUMDB=off")]
    [TestCase("a b c", "invalid GOSUMDB: too many fields")]
    public async Task UnusableSettings(string gosumdb, string message)
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await RunGomodAsync(dir, gosumdb, "sumdb", "lookup", "example.com/m@v1.0.0");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(message));
    }

    [Test]
    public async Task UsageErrors()
    {
        using var dir = new TempDirectory();
        Assert.That((await RunGomodAsync(dir, "off", "sumdb", "fetch", "example.com/m@v1.0.0")).Exit, Is.EqualTo(2));
        Assert.That((await RunGomodAsync(dir, "off", "sumdb", "lookup", "example.com/m@latest")).Exit, Is.EqualTo(2));
    }
}
