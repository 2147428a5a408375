using GoModules.Hashing;

namespace GoModules.Cli.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ZipCommandsTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.Commands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ZipCheckAndUnzipRoundTrip(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var tree = Path.Combine(dir.Path, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        Directory.CreateDirectory(Path.Combine(tree, ".git"));
        Directory.CreateDirectory(Path.Combine(tree, "nested"));
        await File.WriteAllTextAsync(Path.Combine(tree, "go.mod"), "module example.com/m\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "a.go"), "package sub\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(tree, ".git", "config"), "[core]\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(tree, "nested", "go.mod"), "module example.com/m/nested\n", cancellationToken);
        var zip = Path.Combine(dir.Path, "m.zip");
        var out1 = Path.Combine(dir.Path, "out");

        var zipped = await Run("zip", tree, "example.com/m@v1.0.0", zip);
        var checkedZip = await Run("check", zip, "example.com/m@v1.0.0");
        var checkedDir = await Run("check", tree, "example.com/m@v1.0.0");
        var unzipped = await Run("unzip", zip, "example.com/m@v1.0.0", out1);
        var again = await Run("unzip", zip, "example.com/m@v1.0.0", out1);
        var wrongModule = await Run("check", zip, "example.com/other@v1.0.0");
        var badArgs = await Run("unzip", zip);
        var dirHash = await DirHash.HashDirectoryAsync(out1, "example.com/m@v1.0.0", cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(zipped.Code, Is.EqualTo(0), zipped.Err);
            Assert.That(zipped.Out.Trim(), Is.EqualTo(dirHash));
            Assert.That(zipped.Err, Does.Contain(".git").And.Contain("nested"));
            Assert.That(checkedZip.Code, Is.EqualTo(0), checkedZip.Err);
            Assert.That(checkedZip.Out, Does.Contain("valid   example.com/m@v1.0.0/sub/a.go").And.Contain(dirHash));
            Assert.That(checkedDir.Out, Does.Contain("omitted").And.Contain("directory is a version control repository"));
            Assert.That(unzipped, Is.EqualTo((0, dirHash + Environment.NewLine, "")));
            Assert.That(again.Code, Is.EqualTo(1));
            Assert.That(again.Err, Does.Contain("exists and is not empty"));
            Assert.That(wrongModule.Code, Is.EqualTo(1));
            Assert.That(wrongModule.Out, Does.Contain("invalid"));
            Assert.That(badArgs.Code, Is.EqualTo(2));
            Assert.That(File.Exists(Path.Combine(out1, "sub", "a.go")), Is.True);
        }
    }
}
