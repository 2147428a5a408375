using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using GoModules.Hashing;
using GoModules.Zip;
using GoModules.Kernel.Zip;
using GoModules.Zip.Internal;
using GoModules.Tests.Kernel.Zip;

namespace GoModules.Tests.Zip;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleZipReaderTests
{
    private const string Module = "example.com/m";
    private const string Version = "v1.0.0";

    private static List<ModuleZipSourceFile> SampleFiles()
    {
        var files = new List<ModuleZipSourceFile>
        {
            ModuleZipSourceFile.FromBytes("go.mod", Encoding.UTF8.GetBytes("module example.com/m\n\ngo 1.19\n")),
            ModuleZipSourceFile.FromBytes("empty.txt", Array.Empty<byte>()),
            ModuleZipSourceFile.FromBytes("random.bin", HostileZipTests.RandomBytes(700_000, 7)),
            ModuleZipSourceFile.FromBytes("zeros.bin", new byte[3_000_000]),
            ModuleZipSourceFile.FromBytes("日本/語.go", Encoding.UTF8.GetBytes("package 日本\n")),
        };
        var text = new StringBuilder();
        for (var i = 0; i < 40_000; i++)
        {
            text.Append("line ").Append(i % 977).Append(" of some source text\n");
        }

        files.Add(ModuleZipSourceFile.FromBytes("sub/text.go", Encoding.UTF8.GetBytes(text.ToString())));
        return files;
    }

    private static async Task<byte[]> CreateAsync(IReadOnlyList<ModuleZipSourceFile> files)
    {
        var ms = new MemoryStream();
        await ModuleZipWriter.CreateAsync(ms, Module, Version, files);
        return ms.ToArray();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task StreamingHashMatchesIndependentOracleWhateverTheChunking()
    {
        var large = await CreateAsync(SampleFiles());
        var small = await CreateAsync(SampleFiles().Where(f => f.Size < 100_000).ToList());
        foreach (var chunk in new[] { 1, 3, 7, 64, 4096, 1 << 20 })
        {
            var zip = chunk < 64 ? small : large;
            var expected = ZipTestKit.H1(zip);
            var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16));
            var feed = Task.Run(async () =>
            {
                for (var i = 0; i < zip.Length; i += chunk)
                {
                    await pipe.Writer.WriteAsync(zip.AsMemory(i, Math.Min(chunk, zip.Length - i)));
                }

                await pipe.Writer.CompleteAsync();
            });
            var result = await ModuleZipReader.ReadAsync(pipe.Reader, Module, Version);
            await feed;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.Hash, Is.EqualTo(expected), $"chunk {chunk}");
                Assert.That(result.EntryCount, Is.EqualTo(chunk < 64 ? 3 : 6));
                Assert.That(result.ZipSize, Is.EqualTo(zip.Length));
            }
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReadsZipsWrittenByOtherWriters()
    {
        // System.IO.Compression writes sizes in the local header on a seekable stream, and
        // stored entries for incompressible data.
        var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data, level) in new[]
            {
                ("go.mod", Encoding.UTF8.GetBytes("module example.com/m\n"), CompressionLevel.Optimal),
                ("a.go", Encoding.UTF8.GetBytes("package a\n"), CompressionLevel.NoCompression),
                ("big.bin", HostileZipTests.RandomBytes(300_000, 3), CompressionLevel.Fastest),
            })
            {
                var e = archive.CreateEntry(Module + "@" + Version + "/" + name, level);
                using var s = e.Open();
                s.Write(data);
            }
        }

        var zip = ms.ToArray();
        var result = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version);
        Assert.That(result.Hash, Is.EqualTo(ZipTestKit.H1(zip)));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task StreamingAndSeekableAgreeWithDirHash()
    {
        var zip = await CreateAsync(SampleFiles());
        var dir = Directory.CreateTempSubdirectory("gomod-reader-").FullName;
        try
        {
            var zipFile = Path.Combine(dir, "m.zip");
            await File.WriteAllBytesAsync(zipFile, zip);
            var streaming = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version);
            var seekable = await ModuleZipReader.ReadFileAsync(zipFile, Module, Version, new ModuleZipReadOptions { MaxDegreeOfParallelism = 3 });
            var dirHash = await DirHash.HashZipAsync(zipFile);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(streaming.Hash, Is.EqualTo(dirHash));
                Assert.That(seekable.Hash, Is.EqualTo(dirHash));
                Assert.That(seekable.FileCount, Is.EqualTo(6));
                Assert.That(seekable.UncompressedSize, Is.EqualTo(streaming.UncompressedSize));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Small archives are written on the reader's thread, larger ones switch to a writer thread part-way (after 1 MiB).
    [TestCase(false, TestName = "ExtractsAtomicallyWithGoPermissions(small: written inline)")]
    [TestCase(true, TestName = "ExtractsAtomicallyWithGoPermissions(4 MiB: switches to the writer thread)")]
    [CancelAfter(60_000)]
    public async Task ExtractsAtomicallyWithGoPermissions(bool large)
    {
        var files = SampleFiles().Where(f => large || f.Size < 100_000).ToList();
        if (!large)
        {
            files.Add(ModuleZipSourceFile.FromBytes("sub/small.go", Encoding.UTF8.GetBytes("package sub\n")));
        }

        var zip = await CreateAsync(files);
        var dir = Directory.CreateTempSubdirectory("gomod-extract-").FullName;
        try
        {
            var target = Path.Combine(dir, "example.com", "m@v1.0.0");
            var result = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = target });
            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.Hash, Is.EqualTo(await DirHash.HashDirectoryAsync(target, Module + "@" + Version)));
                foreach (var f in files)
                {
                    var path = Path.Combine(target, f.Path);
                    await using var s = await f.OpenAsync();
                    var ms = new MemoryStream();
                    await s.CopyToAsync(ms);
                    Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(ms.ToArray()), f.Path);
                    if (!OperatingSystem.IsWindows())
                    {
                        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead), f.Path);
                    }
                }

                if (!OperatingSystem.IsWindows())
                {
                    Assert.That(File.GetUnixFileMode(Path.Combine(target, "sub")) & UnixFileMode.UserWrite, Is.EqualTo((UnixFileMode)0));
                    Assert.That(File.GetUnixFileMode(target) & UnixFileMode.UserWrite, Is.EqualTo((UnixFileMode)0));
                }

                Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "example.com")).Select(Path.GetFileName), Is.EqualTo(new[] { "m@v1.0.0" }), "no temporary directory left");
            }

            // A second extraction onto the now non-empty target is refused.
            var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = target }));
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.TargetNotEmpty));
        }
        finally
        {
            Conformance.ZipOps.MakeWritable(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    // 50 files of 3,000 bytes are written on the reader's thread; 50 of 30,000 (1.5 MB) go through the writer thread.
    [TestCase(3000)]
    [TestCase(30_000)]
    public void AFileTheFileSystemRefusesFailsTheExtractionAndLeavesNothing(int size)
    {
        // Valid for the module rules, but longer than any Linux or Windows file name may be: the file
        // system refuses it after the files before it (or while they are still being written in the background).
        var builder = new ZipBuilder();
        for (var i = 0; i < 50; i++)
        {
            builder.AddFile("p/f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".go", new string('x', size));
        }

        builder.AddFile("p/" + new string('n', 300) + ".go", "package p\n");
        builder.AddFile("p/z.go", "package p\n");
        var zip = builder.Build();
        var dir = Directory.CreateTempSubdirectory("gomod-refused-").FullName;
        try
        {
            var target = Path.Combine(dir, "example.com", "m@v1.0.0");
            var ex = Assert.ThrowsAsync(Is.InstanceOf<IOException>().And.Not.InstanceOf<ModuleZipException>(), async () =>
                await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = target }));
            Assert.That(ex!.Message, Does.Contain(Path.Combine("p", new string('n', 300) + ".go")), "the message names the file");
            Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "example.com")), Is.Empty, "no target and no temporary directory");
        }
        finally
        {
            Conformance.ZipOps.MakeWritable(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CancellationMidwayLeavesNothingOnDisk()
    {
        var zip = await CreateAsync(SampleFiles());
        var dir = Directory.CreateTempSubdirectory("gomod-cancel-").FullName;
        try
        {
            using var cts = new CancellationTokenSource();
            var pipe = new Pipe();
            var target = Path.Combine(dir, "out");
            var read = ModuleZipReader.ReadAsync(pipe.Reader, Module, Version, new ModuleZipReadOptions { ExtractTo = target }, cts.Token).AsTask();
            await pipe.Writer.WriteAsync(zip.AsMemory(0, zip.Length / 2));
            await Task.Delay(100);
            Assert.That(Directory.EnumerateDirectories(dir), Is.Not.Empty, "extraction had started");
            await cts.CancelAsync();
            Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await read);
            Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.Empty, "nothing left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task SymlinkEntriesCanBeAllowedAndBecomeRegularFiles()
    {
        var b = new ZipBuilder();
        var e = b.AddFile("link", "target/path");
        e.MadeByUnix = true;
        e.ExternalAttributes = 0xA1FFu << 16;
        var zip = b.Build();
        var dir = Directory.CreateTempSubdirectory("gomod-link-").FullName;
        try
        {
            var target = Path.Combine(dir, "out");
            await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = target, AllowSymbolicLinkEntries = true });
            var info = new FileInfo(Path.Combine(target, "link"));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(info.LinkTarget, Is.Null);
                Assert.That(await File.ReadAllTextAsync(info.FullName), Is.EqualTo("target/path"));
            }
        }
        finally
        {
            Conformance.ZipOps.MakeWritable(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ReportsProgressUpToTheArchiveSize()
    {
        var zip = await CreateAsync(SampleFiles());
        var reports = new List<long>();
        var progress = new SyncProgress(reports.Add);
        await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { Progress = progress });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reports, Is.Ordered);
            Assert.That(reports.Count, Is.GreaterThan(1));
            Assert.That(reports[^1], Is.EqualTo(zip.Length));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Zip64EndRecordsAreAccepted()
    {
        var b = new ZipBuilder { Zip64End = true };
        b.AddFile("go.mod", "module example.com/m\n");
        b.AddFile("a.go", "package a\n");
        var zip = b.Build();
        var result = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version);
        Assert.That(result.Hash, Is.EqualTo(ZipTestKit.H1(zip)));
    }

    [Test]
    [CancelAfter(60_000)]
    public void Zip64LocatorForAnotherDiskCountIsNotAValidZipForTheHash()
    {
        // What Go's reader does with it (dirhash.HashZip fails): the hash of such an archive must fail too.
        var b = new ZipBuilder { Zip64End = true, Zip64LocatorDisks = 2 };
        b.AddFile("go.mod", "module example.com/m\n");
        var zip = b.Build();
        Assert.That(async () => await DirHash.HashZipAsync(new MemoryStream(zip)), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));
    }

    [Test]
    [TestCase(3)]
    [TestCase(100_000)]
    public void InflaterMatchesDeflateStreamWhateverTheInputPieces(int maxPiece)
    {
        var rng = new Random(11);
        foreach (var level in new[] { CompressionLevel.NoCompression, CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            var data = new byte[600_000];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(rng.Next(4) == 0 ? rng.Next(256) : 'a' + (i % 7));
            }

            var compressed = ZipBuilder.Deflate(data, level);
            using var inflater = new Inflater();
            var input = compressed.Concat(new byte[] { 0xAA, 0xBB, 0xCC }).ToArray();
            var (output, end, outcome) = InflaterFeed.Decode(inflater, input, maxPiece, rng.Next());
            using (Assert.EnterMultipleScope())
            {
                Assert.That(outcome, Is.EqualTo("done"), level.ToString());
                Assert.That(output, Is.EqualTo(data), level.ToString());
                Assert.That(end, Is.EqualTo(compressed.Length), $"{level}: exact end of the deflate data");
            }
        }
    }

    [Test]
    public void CaseFoldKeysFollowGo()
    {
        static string Key(string s)
        {
            var utf8 = Encoding.UTF8.GetBytes(s);
            var buffer = new byte[utf8.Length];
            return Encoding.UTF8.GetString(buffer, 0, CaseFoldTable.WriteFoldKey(utf8, buffer));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Key("\u212A"), Is.EqualTo(Key("k")), "KELVIN SIGN folds with k");
            Assert.That(Key("\u017F"), Is.EqualTo(Key("S")), "LONG S folds with s");
            Assert.That(Key("\u00DF"), Is.EqualTo(Key("\u1E9E")), "sharp s folds with capital sharp s");
            Assert.That(Key("\u03C2"), Is.EqualTo(Key("\u03A3")), "final sigma folds with capital sigma");
            Assert.That(Key("\u0131"), Is.Not.EqualTo(Key("i")), "dotless i does not fold with i");
            Assert.That(Key("\u0130"), Is.Not.EqualTo(Key("I")), "dotted capital I does not fold with I");
            Assert.That(Key("ABC.Go"), Is.EqualTo("abc.go"));
        }
    }

    [TestCase("a/b", true)]
    [TestCase("..", true)]
    [TestCase("../a", true)]
    [TestCase("/", true)]
    [TestCase("", false)]
    [TestCase("a/", false)]
    [TestCase("./a", false)]
    [TestCase("a//b", false)]
    [TestCase("a/../b", false)]
    [TestCase("a/.", false)]
    [TestCase("/..", false)]
    public void CleanPathsAsGoPathClean(string path, bool clean)
        => Assert.That(ZipPathRules.IsClean(Encoding.UTF8.GetBytes(path)), Is.EqualTo(clean));

    [TestCase("vendor/modules.txt", false, true)]
    [TestCase("vendor/a/b.go", true, true)]
    [TestCase("vendor/x.go", false, false)]
    [TestCase("pkg/vendor/vendor.go", true, false)]
    [TestCase("pkg/vendor/foo/foo.go", true, true)]
    [TestCase("vendorx/a.go", false, false)]
    [TestCase("a/vendor", false, false)]
    public void VendorRuleInBothForms(string path, bool legacy, bool go124)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ZipPathRules.IsVendored(Encoding.UTF8.GetBytes(path), go124Rule: false), Is.EqualTo(legacy), "v0.7.0");
            Assert.That(ZipPathRules.IsVendored(Encoding.UTF8.GetBytes(path), go124Rule: true), Is.EqualTo(go124), "go 1.24");
        }
    }

    [TestCase("module m\n\ngo 1.24\n", true)]
    [TestCase("module m\ngo 1.24.1 // comment\n", true)]
    [TestCase("module m\ngo 1.25rc1\n", true)]
    [TestCase("module m\ngo 2.0\n", true)]
    [TestCase("module m\ngo 1.23.9\n", false)]
    [TestCase("module m\ngo 1.9\n", false)]
    [TestCase("module m\n", false)]
    public void GoLineSelectsTheVendorRule(string goMod, bool go124)
        => Assert.That(ZipPathRules.GoVersionAtLeast124(Encoding.UTF8.GetBytes(goMod)), Is.EqualTo(go124));

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
