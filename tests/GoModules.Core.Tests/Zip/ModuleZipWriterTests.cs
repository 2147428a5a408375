using System.Diagnostics;
using System.Text;
using GoModules.Zip;

namespace GoModules.Tests.Zip;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleZipWriterTests
{
    private const string Module = "example.com/m";
    private const string Version = "v1.0.0";

    private static ModuleZipSourceFile Text(string path, string text) => ModuleZipSourceFile.FromBytes(path, Encoding.UTF8.GetBytes(text));

    [TestCase("go 1.24", true)]
    [TestCase("go 1.23", false)]
    public async Task AutomaticVendorRuleFollowsTheGoLine(string goLine, bool newer)
    {
        var files = new List<ModuleZipSourceFile>
        {
            Text("go.mod", "module example.com/m\n\n" + goLine + "\n"),
            Text("vendor/modules.txt", "# m\n"),
            Text("pkg/vendor/vendor.go", "package vendor\n"),
            Text("pkg/vendor/foo/foo.go", "package foo\n"),
        };
        var ms = new MemoryStream();
        var automatic = await ModuleZipWriter.CreateAsync(ms, Module, Version, files);
        var legacy = await ModuleZipValidator.CheckFilesAsync(files, ModuleZipVendorRule.Legacy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(legacy.Valid, Is.EqualTo(new[] { "go.mod", "vendor/modules.txt" }));
            Assert.That(automatic.Valid, Is.EqualTo(newer ? new[] { "go.mod", "pkg/vendor/vendor.go" } : new[] { "go.mod", "vendor/modules.txt" }));
            Assert.That(ZipTestKit.EntryNames(ms.ToArray()), Is.EqualTo(automatic.Valid.Select(v => Module + "@" + Version + "/" + v)));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task FilesOfEverySizeKeepTheirOrderAndContent(CancellationToken ct)
    {
        // Small files, files compressed ahead until the in-flight budget is reached, and a file over
        // the parallel threshold that streams straight through: all in input order, all intact.
        var sizes = new List<int> { 1, 0, 5000 };
        sizes.AddRange(Enumerable.Repeat(20 << 20, 6));
        sizes.Add(300);
        sizes.Add(65 << 20);
        sizes.AddRange(Enumerable.Range(0, 40).Select(i => 100 + (i * 997)));
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var files = new List<ModuleZipSourceFile>();
        for (var i = 0; i < sizes.Count; i++)
        {
            var data = new byte[sizes[i]];
            var rng = new Random(i);
            for (var k = 0; k < data.Length; k++)
            {
                data[k] = (k % 61) == 0 ? (byte)rng.Next(256) : (byte)('a' + (k % 23));
            }

            var name = "d" + (i % 3) + "/f" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + ".txt";
            contents[name] = data;
            files.Add(ModuleZipSourceFile.FromBytes(name, data));
        }

        // Not sorted: the archive must follow the input order, not name order.
        files.Reverse();
        var ms = new MemoryStream();
        var check = await ModuleZipWriter.CreateAsync(ms, Module, Version, files, cancellationToken: ct);
        Assert.That(check.Valid, Has.Count.EqualTo(files.Count));
        Assert.That(ZipTestKit.EntryNames(ms.ToArray()), Is.EqualTo(files.Select(f => Module + "@" + Version + "/" + f.Path)));

        var read = await ModuleZipReader.ReadAsync(new MemoryStream(ms.ToArray()), Module, Version, cancellationToken: ct);
        var expected = GoModules.Hashing.DirHash.Hash1(
            contents.Keys.Select(k => Module + "@" + Version + "/" + k),
            n => new MemoryStream(contents[n[(Module.Length + Version.Length + 2)..]]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Hash, Is.EqualTo(expected));
            Assert.That(read.UncompressedSize, Is.EqualTo(sizes.Sum(x => (long)x)));
        }
    }

    [Test]
    public void FileLargerThanDeclaredIsRejected()
    {
        var file = new ModuleZipSourceFile("a.go", ModuleZipFileType.RegularFile, 3, _ => ValueTask.FromResult<Stream>(new MemoryStream(new byte[10])));
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipWriter.CreateAsync(new MemoryStream(), Module, Version, [file]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.LargerThanDeclared));
            Assert.That(ex.Message, Does.StartWith("create zip: file \"a.go\""));
        }
    }

    [Test]
    public async Task FileShorterThanDeclaredIsAcceptedAsIs()
    {
        var file = new ModuleZipSourceFile("a.go", ModuleZipFileType.RegularFile, 100, _ => ValueTask.FromResult<Stream>(new MemoryStream(new byte[10])));
        var ms = new MemoryStream();
        await ModuleZipWriter.CreateAsync(ms, Module, Version, [file]);
        var result = await ModuleZipReader.ReadAsync(new MemoryStream(ms.ToArray()), Module, Version);
        Assert.That(result.UncompressedSize, Is.EqualTo(10));
    }

    [Test]
    public void NonCanonicalVersionIsRejectedBeforeAnythingIsWritten()
    {
        var ms = new MemoryStream();
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipWriter.CreateAsync(ms, Module, "v1.0.0+meta", [Text("a.go", "x")]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.VersionNotCanonical));
            Assert.That(ms.Length, Is.Zero);
        }
    }

    [Test]
    public async Task DirectoryWalkLeavesOutLinksFifosVcsAndNestedModules()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links and FIFOs need POSIX");
        }

        var dir = Directory.CreateTempSubdirectory("gomod-walk-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/m\n");
            File.WriteAllText(Path.Combine(dir, "a.go"), "package a\n");
            File.CreateSymbolicLink(Path.Combine(dir, "link.go"), "a.go");
            Directory.CreateDirectory(Path.Combine(dir, ".hg"));
            File.WriteAllText(Path.Combine(dir, ".hg", "x"), "x");
            Directory.CreateDirectory(Path.Combine(dir, "linked"));
            File.CreateSymbolicLink(Path.Combine(dir, "linked", "go.mod"), Path.Combine(dir, "go.mod"));
            File.WriteAllText(Path.Combine(dir, "linked", "b.go"), "package b\n");
            using (var mkfifo = Process.Start("mkfifo", Path.Combine(dir, "pipe")))
            {
                await mkfifo.WaitForExitAsync();
            }

            var check = await ModuleZipValidator.CheckDirectoryAsync(dir);
            var omitted = check.Omitted.Select(e => $"{Path.GetRelativePath(dir, e.Path)} {e.Kind}").ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(check.Valid.Select(p => Path.GetRelativePath(dir, p)), Is.EqualTo(new[] { "a.go", "go.mod" }));
                Assert.That(omitted, Does.Contain(".hg VcsDirectory"));
                Assert.That(omitted, Does.Contain("link.go NotRegular"));
                Assert.That(omitted, Does.Contain("pipe NotRegular"));
                Assert.That(omitted, Does.Contain("linked SubmoduleDirectory"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
