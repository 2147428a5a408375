using System.Text;
using GoModules.Zip;

namespace GoModules.Tests.Zip;

/// <summary>
/// A corpus of hostile archives, generated here: each must be rejected with a
/// <see cref="ModuleZipException"/> of the right kind naming the entry, by the streaming and the
/// seekable reader alike, with nothing left on disk.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostileZipTests
{
    private const string Module = "example.com/m";
    private const string Version = "v1.0.0";

    public static IEnumerable<TestCaseData> Corpus()
    {
        // The seekable reader reads the central directory first, so where the local header lies it
        // reports the disagreement (or the central directory's own view) instead.
        TestCaseData Case(string name, ModuleZipErrorKind kind, string? entry, Action<ZipBuilder> build, ModuleZipErrorKind? seekable = null)
        {
            var b = new ZipBuilder();
            b.AddFile("go.mod", "module example.com/m\n");
            build(b);
            return new TestCaseData(b.Build(), kind, entry, seekable ?? kind).SetName("Hostile_" + name);
        }

        const ModuleZipErrorKind Accepted = (ModuleZipErrorKind)(-1);

        // Zip bombs: more data than declared, or more than the limits allow.
        yield return Case("BombLargerThanDeclared", ModuleZipErrorKind.ZipFormat, "bomb", b =>
            b.Add(ZipBuilder.Prefix + "bomb", new byte[1 << 20], descriptor: false).LocalSize = 10, ModuleZipErrorKind.CentralDirectoryMismatch);
        yield return Case("BombGoModOverLimitStreamed", ModuleZipErrorKind.InvalidFiles, "go.mod", b =>
        {
            b.Entries.Clear();
            b.Add(ZipBuilder.Prefix + "go.mod", new byte[(16 << 20) + 1]);
        });
        // Over the total and over go.mod's own limit: the go command reports the total (ContentsTooLarge), and the
        // streaming reader does so from the local header, before reading any data.
        yield return Case("GoModDeclaredOverTotalLimit", ModuleZipErrorKind.ContentsTooLarge, "go.mod", b =>
        {
            b.Entries.Clear();
            var e = b.Add(ZipBuilder.Prefix + "go.mod", Encoding.ASCII.GetBytes("module example.com/m\n"), descriptor: false);
            e.LocalSize = 600L << 20;
            e.CentralSize = 600L << 20;
        });
        yield return Case("LicenseDeclaredOverLimit", ModuleZipErrorKind.InvalidFiles, "LICENSE", b =>
            b.Add(ZipBuilder.Prefix + "LICENSE", [1], descriptor: false).LocalSize = (16 << 20) + 1, ModuleZipErrorKind.CentralDirectoryMismatch);
        yield return Case("TotalDeclaredOver500MiB", ModuleZipErrorKind.ContentsTooLarge, "big", b =>
            b.Add(ZipBuilder.Prefix + "big", [1], descriptor: false).LocalSize = 501 << 20, ModuleZipErrorKind.CentralDirectoryMismatch);

        yield return Case("CentralDeclaresGoModOverLimit", ModuleZipErrorKind.InvalidFiles, "go.mod", b =>
        {
            b.Entries.Clear();
            b.AddFile("go.mod", "module example.com/m\n").CentralSize = (16 << 20) + 1;
        });
        yield return Case("CentralZip64SizeWithoutExtraField", ModuleZipErrorKind.ZipFormat, null, b => b.AddFile("z", "x").CentralCompressedSize = uint.MaxValue);
        yield return Case("CentralDeclaresOver500MiB", ModuleZipErrorKind.ContentsTooLarge, "big", b => b.AddFile("big", "x").CentralSize = 501 << 20);

        // Names.
        yield return Case("DotDot", ModuleZipErrorKind.InvalidFiles, "../x", b => b.Add(ZipBuilder.Prefix + "../x", [1]));
        yield return Case("DotDotBeforePrefix", ModuleZipErrorKind.InvalidFiles, "../example.com", b => b.Add("../" + ZipBuilder.Prefix + "x", [1]));
        yield return Case("AbsolutePath", ModuleZipErrorKind.InvalidFiles, "/etc/passwd", b => b.Add("/etc/passwd", [1]));
        yield return Case("AbsoluteAfterPrefix", ModuleZipErrorKind.InvalidFiles, "//etc", b => b.Add(ZipBuilder.Prefix + "/etc/passwd", [1]));
        yield return Case("DriveLetter", ModuleZipErrorKind.InvalidFiles, "C:", b => b.Add(ZipBuilder.Prefix + "C:/x", [1]));
        yield return Case("Backslash", ModuleZipErrorKind.InvalidFiles, "a\\..", b => b.Add(ZipBuilder.Prefix + "a\\..\\..\\b", [1]));
        yield return Case("InvalidUtf8Name", ModuleZipErrorKind.InvalidFiles, null, b => b.Add("x", [1]).Name = [.. Encoding.UTF8.GetBytes(ZipBuilder.Prefix), 0xFF, (byte)'x']);
        yield return Case("DuplicateName", ModuleZipErrorKind.InvalidFiles, "a.go", b =>
        {
            b.AddFile("a.go", "1");
            b.AddFile("a.go", "2");
        });
        yield return Case("CaseCollision", ModuleZipErrorKind.InvalidFiles, "A.go", b =>
        {
            b.AddFile("a.go", "1");
            b.AddFile("A.go", "2");
        });
        yield return Case("KelvinCollision", ModuleZipErrorKind.InvalidFiles, "\u212A", b =>
        {
            b.AddFile("k", "1");
            b.AddFile("\u212A", "2");
        });
        yield return Case("FileAndDirectory", ModuleZipErrorKind.InvalidFiles, "a/b", b =>
        {
            b.AddFile("a", "1");
            b.AddFile("a/b", "2");
        });
        yield return Case("NestedGoMod", ModuleZipErrorKind.InvalidFiles, "sub/go.mod", b => b.AddFile("sub/go.mod", "module x\n"));

        // Methods and flags.
        yield return Case("Encrypted", ModuleZipErrorKind.Encrypted, "secret", b => b.AddFile("secret", "x").Flags = 1);
        yield return Case("Bzip2Method", ModuleZipErrorKind.UnsupportedCompression, "bz", b =>
        {
            var e = b.AddFile("bz", "x", deflate: false);
            e.Method = 12;
        });
        yield return Case("StoredWithDescriptorAndNoSize", ModuleZipErrorKind.ZipFormat, "s", b => b.AddFile("s", "hello", deflate: false, descriptor: true), Accepted);
        yield return Case("CorruptDeflate", ModuleZipErrorKind.ZipFormat, "bad", b => b.AddFile("bad", "x").CompressedOverride = [0xFF, 0xFF, 0xFF, 0xFF]);
        yield return Case("ChecksumMismatch", ModuleZipErrorKind.ChecksumMismatch, "c", b => b.AddFile("c", "content", descriptor: false).CrcOverride = 12345);
        yield return Case("DescriptorChecksumMismatch", ModuleZipErrorKind.ChecksumMismatch, "c", b => b.AddFile("c", "content").DescriptorCrc = 12345);
        yield return Case("ShorterThanDeclared", ModuleZipErrorKind.UnexpectedEndOfData, "short", b => b.AddFile("short", "abc", descriptor: false).LocalSize = 10, ModuleZipErrorKind.CentralDirectoryMismatch);
        yield return Case("DescriptorSizeLies", ModuleZipErrorKind.CentralDirectoryMismatch, "d", b => b.AddFile("d", "abc").DescriptorSize = 2);

        // Local headers versus the central directory.
        yield return Case("CentralNameDiffers", ModuleZipErrorKind.CentralDirectoryMismatch, "a.go", b => b.AddFile("a.go", "x").CentralName = Encoding.UTF8.GetBytes(ZipBuilder.Prefix + "b.go"));
        yield return Case("CentralCrcDiffers", ModuleZipErrorKind.ChecksumMismatch, "a.go", b => b.AddFile("a.go", "x").CentralCrc = 1);
        yield return Case("CentralSizeDiffers", ModuleZipErrorKind.UnexpectedEndOfData, "a.go", b => b.AddFile("a.go", "x").CentralSize = 100);
        yield return Case("CentralSizeSmaller", ModuleZipErrorKind.ZipFormat, "a.go", b => b.AddFile("a.go", "xyz").CentralSize = 1);
        yield return Case("CentralCompressedSizeDiffers", ModuleZipErrorKind.CentralDirectoryMismatch, "a.go", b => b.AddFile("a.go", "x").CentralCompressedSize = 1, ModuleZipErrorKind.UnexpectedEndOfData);
        yield return Case("CentralOffsetDiffers", ModuleZipErrorKind.CentralDirectoryMismatch, "a.go", b => b.AddFile("a.go", "x").CentralOffset = 0);
        yield return Case("CentralOrderDiffers", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.AddFile("a.go", "x");
            b.CentralOrder = [1, 0];
        });
        yield return Case("CentralMissingEntry", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.AddFile("a.go", "x");
            b.CentralOrder = [0];
            b.EndCountOverride = 1;
        });
        yield return Case("CentralExtraEntry", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.AddFile("a.go", "x");
            b.CentralOrder = [0, 1, 1];
            b.EndCountOverride = 3;
        });
        yield return Case("EndCountWrong", ModuleZipErrorKind.CentralDirectoryMismatch, null, b => b.EndCountOverride = 5, ModuleZipErrorKind.ZipFormat);
        yield return Case("EndOffsetWrong", ModuleZipErrorKind.CentralDirectoryMismatch, null, b => b.EndOffsetOverride = 3, ModuleZipErrorKind.ZipFormat);
        yield return Case("OverlappingEntries", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.AddFile("a.go", "x");
            b.Entries[1].CentralOffset = 0;
        });

        // Bytes outside the entries.
        // Trailing bytes are ignored (GoAcceptedZipTests) unless another end record could be found in them, or the end
        // record would lie beyond where a reader searching from the back looks.
        yield return Case("TrailingEndSignature", ModuleZipErrorKind.CentralDirectoryMismatch, null, b => b.Trailing = [1, 0x50, 0x4b, 5, 6, 2, 3]);
        yield return Case("TrailingBeyondSearchWindow", ModuleZipErrorKind.CentralDirectoryMismatch, null, b => b.Trailing = new byte[70_000], ModuleZipErrorKind.ZipFormat);
        // Go follows a zip64 locator only for a one-disk archive; otherwise it reads the saturated 32-bit values and
        // fails. Neither reader may take the zip64 record Go would not have read.
        yield return Case("Zip64LocatorGoDoesNotFollow", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.Zip64End = true;
            b.Zip64LocatorDisks = 2;
        }, ModuleZipErrorKind.ZipFormat);
        yield return Case("LeadingGarbage", ModuleZipErrorKind.ZipFormat, null, b => b.Leading = Encoding.ASCII.GetBytes("#!/bin/sh\nexit 0\n"));
        yield return Case("GapBetweenEntries", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            b.Entries[0].After = new byte[7];
            b.AddFile("a.go", "x");
        });
        yield return Case("HiddenEntryBetweenRecords", ModuleZipErrorKind.CentralDirectoryMismatch, null, b =>
        {
            // A complete second local entry that the central directory does not list.
            var hidden = new ZipBuilder();
            hidden.AddFile("evil.go", "package evil");
            var bytes = hidden.Build();
            b.AddFile("a.go", "x");
            b.CentralOrder = [0, 1];
            b.Entries[1].After = bytes[..(int)(bytes.Length - 22 - 46 - hidden.Entries[0].Name.Length)];
        });
    }

    [TestCaseSource(nameof(Corpus))]
    [CancelAfter(60_000)]
    public async Task Rejected(byte[] zip, ModuleZipErrorKind kind, string? entry, ModuleZipErrorKind seekableKind)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-hostile-").FullName;
        try
        {
            var zipFile = Path.Combine(dir, "m.zip");
            await File.WriteAllBytesAsync(zipFile, zip);
            var streaming = Assert.ThrowsAsync<ModuleZipException>(async () =>
                await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, new ModuleZipReadOptions { ExtractTo = Path.Combine(dir, "a") }));
            ModuleZipException? seekable = null;
            try
            {
                await ModuleZipReader.ReadFileAsync(zipFile, Module, Version, new ModuleZipReadOptions { ExtractTo = Path.Combine(dir, "b") });
            }
            catch (ModuleZipException ex)
            {
                seekable = ex;
            }

            using (Assert.EnterMultipleScope())
            {
                Assert.That(streaming!.Kind, Is.EqualTo(kind), $"streaming: {streaming.Message}");
                if (entry is not null)
                {
                    Assert.That(streaming.Message, Does.Contain(entry), "streaming: the message names the entry");
                }

                if (seekableKind == (ModuleZipErrorKind)(-1))
                {
                    Assert.That(seekable, Is.Null, "the seekable reader accepts it");
                    Assert.That(Directory.Exists(Path.Combine(dir, "b")), Is.True);
                    Conformance.ZipOps.MakeWritable(Path.Combine(dir, "b"));
                    Directory.Delete(Path.Combine(dir, "b"), recursive: true);
                }
                else
                {
                    Assert.That(seekable, Is.Not.Null, "the seekable reader rejects it");
                    Assert.That(seekable!.Kind, Is.EqualTo(seekableKind), $"seekable: {seekable.Message}");
                    if (entry is not null && seekableKind == kind)
                    {
                        Assert.That(seekable.Message, Does.Contain(entry), "seekable: the message names the entry");
                    }
                }

                Assert.That(Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName), Is.EqualTo(new[] { "m.zip" }), "nothing left on disk");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BadNameIsRejectedBeforeItsDataIsRead()
    {
        var b = new ZipBuilder();
        b.AddFile("../evil", "x");
        b.Entries[0].CompressedOverride = ZipBuilder.Deflate(RandomBytes(4 << 20, 1), System.IO.Compression.CompressionLevel.NoCompression);
        var zip = b.Build();
        var counting = new CountingStream(new MemoryStream(zip));
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipReader.ReadAsync(counting, Module, Version));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.InvalidFiles));
            Assert.That(counting.BytesRead, Is.LessThan(256 * 1024), "stopped at the local header, not after the data");
        }

        await Task.CompletedTask;
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BombIsStoppedAsSoonAsItCrossesTheDeclaredSize()
    {
        var b = new ZipBuilder();
        var data = RandomBytes(2 << 20, 2);
        var e = b.Add(ZipBuilder.Prefix + "bomb", data, descriptor: false);
        e.CompressedOverride = ZipBuilder.Deflate(data, System.IO.Compression.CompressionLevel.NoCompression);
        e.LocalSize = 1000;
        var zip = b.Build();
        var counting = new CountingStream(new MemoryStream(zip));
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await ModuleZipReader.ReadAsync(counting, Module, Version));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.ZipFormat));
            Assert.That(ex.EntryName, Is.EqualTo(ZipBuilder.Prefix + "bomb"));
            Assert.That(counting.BytesRead, Is.LessThan(zip.Length), "did not inflate the whole bomb");
        }

        await Task.CompletedTask;
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task StreamedBombIsStoppedAtTheTotalLimitAndLeavesNothing(CancellationToken ct)
    {
        // 600 MiB of zeros in a data-descriptor entry (about 600 KB deflated): nothing declares its
        // size up front, so the streaming reader must stop when the bytes cross the 500 MiB budget.
        var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 600; i++)
            {
                deflate.Write(zeros);
            }
        }

        var b = new ZipBuilder();
        b.AddFile("go.mod", "module example.com/m\n");
        b.Add(ZipBuilder.Prefix + "bomb", [0], descriptor: true).CompressedOverride = compressed.ToArray();
        var zip = b.Build();
        var dir = Directory.CreateTempSubdirectory("gomod-bomb-").FullName;
        try
        {
            var target = Path.Combine(dir, "m@v1.0.0");
            var counting = new CountingStream(new MemoryStream(zip));
            var ex = Assert.ThrowsAsync<ModuleZipException>(async () =>
                await ModuleZipReader.ReadAsync(counting, Module, Version, new ModuleZipReadOptions { ExtractTo = target }, ct));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.ContentsTooLarge), ex.Message);
                Assert.That(ex.EntryName, Is.EqualTo(ZipBuilder.Prefix + "bomb"));
                Assert.That(counting.BytesRead, Is.LessThan(zip.Length), "stopped inside the bomb, before the central directory");
                Assert.That(Directory.EnumerateFileSystemEntries(dir), Is.Empty, "no target and no temporary directory");
            }
        }
        finally
        {
            Conformance.ZipOps.MakeWritable(dir);
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
