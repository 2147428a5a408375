using System.Security.Cryptography;
using GoModules.Hashing;
using GoModules.Zip;

namespace GoModules.Tests.Zip;

/// <summary>
/// Module zips the go command accepts, accepted when they extract to the same result: an entry whose mode says
/// symbolic link becomes a regular read-only file holding its bytes (never a link), and bytes after the end of
/// central directory record are ignored when no other end record could be found in them. Both readers, and the
/// newest go's x/mod zip.Unzip (a probe built from GOMODULES_GOCODE_NEWEST) on the same files.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class GoAcceptedZipTests
{
    private const string Module = "example.com/m";
    private const string Version = "v1.0.0";

    public static IEnumerable<TestCaseData> Accepted()
    {
        TestCaseData Case(string name, Action<ZipBuilder> build)
        {
            var b = new ZipBuilder();
            b.AddFile("go.mod", "module example.com/m\n");
            b.AddFile("a.go", "package m\n");
            build(b);
            return new TestCaseData(name, b.Build()).SetName("GoAccepts_" + name);
        }

        yield return Case("SymlinkEntry", b =>
        {
            var e = b.AddFile("link", "/etc/passwd");
            e.MadeByUnix = true;
            e.ExternalAttributes = 0xA1FFu << 16;
        });
        yield return Case("SymlinkEntryStored", b =>
        {
            var e = b.AddFile("sub/link.go", "../a.go", deflate: false, descriptor: false);
            e.MadeByUnix = true;
            e.ExternalAttributes = 0xA1EDu << 16;
        });
        yield return Case("TrailingBytes", b => b.Trailing = [1, 2, 3]);
        yield return Case("TrailingBytesAfterComment", b =>
        {
            b.Comment = "a comment";
            b.Trailing = new byte[4096];
        });
    }

    /// <summary>Both readers accept the archive and extract regular read-only files with the entries' bytes; the h1 is that of the same archive without the oddity.</summary>
    [TestCaseSource(nameof(Accepted))]
    [CancelAfter(60_000)]
    public async Task BothReadersAccept_AndExtractRegularFiles(string name, byte[] zip)
    {
        using var tmp = new TempDirectory();
        var zipFile = Path.Combine(tmp.Path, name + ".zip");
        await File.WriteAllBytesAsync(zipFile, zip);
        var streamed = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = Path.Combine(tmp.Path, "a") });
        var seeked = await ModuleZipReader.ReadFileAsync(zipFile, Module, Version, new ModuleZipReadOptions { ExtractTo = Path.Combine(tmp.Path, "b") });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(seeked.Hash, Is.EqualTo(streamed.Hash));
            Assert.That(await DirHash.HashZipAsync(zipFile), Is.EqualTo(streamed.Hash), "DirHash.HashZipAsync");
            Assert.That(Tree(Path.Combine(tmp.Path, "a")), Is.EqualTo(Tree(Path.Combine(tmp.Path, "b"))));
            Assert.That(await DirHash.HashDirectoryAsync(Path.Combine(tmp.Path, "a"), Module + "@" + Version), Is.EqualTo(streamed.Hash), "the tree hashes as the zip");
        }

        Conformance.ZipOps.MakeWritable(tmp.Path);
    }

    [Test]
    [CancelAfter(60_000)]
    public void SymlinkEntries_CanStillBeRefused()
    {
        var b = new ZipBuilder();
        b.AddFile("go.mod", "module example.com/m\n");
        var e = b.AddFile("link", "/etc/passwd");
        e.MadeByUnix = true;
        e.ExternalAttributes = 0xA1FFu << 16;
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () =>
            await ModuleZipReader.ReadAsync(new MemoryStream(b.Build()), Module, Version, new ModuleZipReadOptions { AllowSymbolicLinkEntries = false }));
        Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.InvalidFiles));
    }

    /// <summary>
    /// The newest go's Unzip on the accepted archives extracts the same tree (names, bytes, modes), and on the
    /// rejected trailing-bytes archives GoModules refuses, the differential for item 12.
    /// </summary>
    [Test]
    [Category("Interop")]
    [CancelAfter(300_000)]
    public async Task NewestGoUnzip_ExtractsTheSameTrees()
    {
        var probe = GoCommand.BuildProbe("unzipprobe");
        using var tmp = new TempDirectory();
        var cases = Accepted().Select(c => ((string)c.Arguments[0]!, (byte[])c.Arguments[1]!)).ToList();
        var args = new List<string> { Module, Version };
        foreach (var (name, zip) in cases)
        {
            var file = Path.Combine(tmp.Path, name + ".zip");
            await File.WriteAllBytesAsync(file, zip);
            args.Add(file);
            args.Add(Path.Combine(tmp.Path, "go-" + name));
        }

        var result = GoCommand.Run(probe, tmp.Path, new Dictionary<string, string?>(), null, [.. args]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(cases.Count), result.ToString());
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var (name, zip) = cases[i];
                Assert.That(lines[i], Is.EqualTo("ok"), $"{name}: the newest go accepts it");
                var ours = Path.Combine(tmp.Path, "ours-" + name);
                await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = ours });
                // Directory modes aside: x/mod's Unzip leaves them writable, the go command then makes them read-only,
                // as GoModules extracts them.
                Assert.That(Tree(ours, dirModes: false), Is.EqualTo(Tree(Path.Combine(tmp.Path, "go-" + name), dirModes: false)), $"{name}: same files, bytes and modes as go's Unzip");
            }
        }

        Conformance.ZipOps.MakeWritable(tmp.Path);
    }

    /// <summary>Every file and directory below <paramref name="root"/>: relative path, kind, Unix mode and content hash.</summary>
    private static List<string> Tree(string root, bool dirModes = true)
    {
        var list = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            var relative = Path.GetRelativePath(root, path);
            var mode = OperatingSystem.IsWindows() ? "" : Convert.ToString((int)File.GetUnixFileMode(path), 8);
            if (info.LinkTarget is not null)
            {
                list.Add($"{relative} link {info.LinkTarget}");
            }
            else if (Directory.Exists(path))
            {
                list.Add(dirModes ? $"{relative} dir {mode}" : $"{relative} dir");
            }
            else
            {
                list.Add($"{relative} file {mode} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}");
            }
        }

        return list;
    }
}
