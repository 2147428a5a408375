using System.IO.Compression;
using GoModules.Hashing;

namespace GoModules.Cli.Tests;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HashCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await Program.Commands.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task HashesZipsDirectoriesAndGoModFiles(CancellationToken cancellationToken)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-cli-");
        try
        {
            var tree = Path.Combine(dir.FullName, "tree");
            Directory.CreateDirectory(Path.Combine(tree, "sub"));
            var goMod = "module example.com/m\n"u8.ToArray();
            await File.WriteAllBytesAsync(Path.Combine(tree, "go.mod"), goMod, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(tree, "sub", "a.go"), "package sub\n", cancellationToken);
            var zipPath = Path.Combine(dir.FullName, "m.zip");
            using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(Path.Combine(tree, "go.mod"), "example.com/m@v1.0.0/go.mod");
                zip.CreateEntryFromFile(Path.Combine(tree, "sub", "a.go"), "example.com/m@v1.0.0/sub/a.go");
            }

            var dirHash = await DirHash.HashDirectoryAsync(tree, "example.com/m@v1.0.0", cancellationToken);
            var zipRun = await Run("hash", zipPath);
            var zipChecked = await Run("hash", zipPath, "--module", "example.com/m@v1.0.0");
            var zipWrongModule = await Run("hash", zipPath, "--module=example.com/other@v1.0.0");
            var dirRun = await Run("hash", tree, "--module", "example.com/m@v1.0.0");
            var dirNoModule = await Run("hash", tree);
            var goModRun = await Run("hash", "--gomod", Path.Combine(tree, "go.mod"));
            Assert.Multiple(() =>
            {
                Assert.That(zipRun, Is.EqualTo((0, dirHash + Environment.NewLine, "")));
                Assert.That(zipChecked.Out, Is.EqualTo(dirHash + Environment.NewLine));
                Assert.That(zipWrongModule.Code, Is.EqualTo(1));
                Assert.That(zipWrongModule.Err, Does.Contain("is not under example.com/other@v1.0.0/"));
                Assert.That(dirRun, Is.EqualTo((0, dirHash + Environment.NewLine, "")));
                Assert.That(dirNoModule.Code, Is.EqualTo(2));
                Assert.That(goModRun.Out, Is.EqualTo(DirHash.HashGoMod(goMod) + Environment.NewLine));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public async Task UsageErrorsAndHelp()
    {
        var none = await Run();
        var unknown = await Run("frobnicate");
        var help = await Run("help");
        var hashHelp = await Run("hash", "--help");
        var badOption = await Run("hash", "--bogus");
        var twoTargets = await Run("hash", "a", "b");
        var badModule = await Run("hash", ".", "--module", "nomodule");
        var missing = await Run("hash", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"));
        Assert.Multiple(() =>
        {
            Assert.That(none.Code, Is.EqualTo(2));
            Assert.That(none.Err, Does.Contain("hash"));
            Assert.That(unknown.Code, Is.EqualTo(2));
            Assert.That(unknown.Err, Does.Contain("unknown command"));
            Assert.That(help.Code, Is.Zero);
            Assert.That(help.Out, Does.Contain("hash"));
            Assert.That(hashHelp.Out, Does.StartWith("usage: gomod hash"));
            Assert.That(badOption.Code, Is.EqualTo(2));
            Assert.That(twoTargets.Code, Is.EqualTo(2));
            Assert.That(badModule.Code, Is.EqualTo(2));
            Assert.That(missing.Code, Is.EqualTo(1));
            Assert.That(missing.Err, Does.Contain("no such file or directory"));
        });
    }
}
