using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using GoModules.Hashing;

namespace GoModules.Tests.Hashing;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DirHashTests
{
    private static MemoryStream Open(Dictionary<string, byte[]> files, string name) => new MemoryStream(files[name], writable: false);

    [Test]
    public void EmptyListHashesTheEmptySummary()
    {
        // SHA-256 of the empty string, in base64 (spec §7.1).
        Assert.That(DirHash.Hash1([], _ => throw new AssertionException("nothing to open")), Is.EqualTo("h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    }

    [Test]
    public void SortsNamesByUtf8BytesNotUtf16CodeUnits()
    {
        // U+FF21 is EF BC A1 in UTF-8 and sorts before U+10400 (F0 90 90 80); in UTF-16 it is FF21,
        // which sorts after the surrogate D801.
        var files = new Dictionary<string, byte[]>
        {
            ["m@v1.0.0/\uFF21"] = [1],
            ["m@v1.0.0/\U00010400"] = [2],
            ["m@v1.0.0/a"] = [3],
        };
        Assert.That(string.CompareOrdinal("\uFF21", "\U00010400"), Is.GreaterThan(0), "precondition: .NET ordinal order differs");
        var expected = ReferenceHash.Hash1(files.Select(f => (f.Key, f.Value)));
        Assert.That(DirHash.Hash1(files.Keys, n => Open(files, n)), Is.EqualTo(expected));
    }

    [Test]
    public void ResultDoesNotDependOnInputOrder()
    {
        var files = Enumerable.Range(0, 50).ToDictionary(i => $"m@v1/f{i}", i => ReferenceHash.Bytes(i * 7, i));
        var forward = DirHash.Hash1(files.Keys, n => Open(files, n));
        var backward = DirHash.Hash1(files.Keys.Reverse(), n => Open(files, n));
        Assert.That(backward, Is.EqualTo(forward));
        Assert.That(forward, Is.EqualTo(ReferenceHash.Hash1(files.Select(f => (f.Key, f.Value)))));
    }

    [Test]
    public void DuplicateNamesEachGetALineAndEachIsOpened()
    {
        var opened = new ConcurrentBag<string>();
        var content = new byte[] { 42 };
        var hash = DirHash.Hash1(["x", "x", "y"], n =>
        {
            opened.Add(n);
            return new MemoryStream(content);
        });
        Assert.That(opened.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "x", "x", "y" }));
        Assert.That(hash, Is.EqualTo(ReferenceHash.Hash1([("x", content), ("x", content), ("y", content)])));
    }

    [Test]
    public void NamesAreUsedExactlyAsGiven()
    {
        string[] names = ["a/./b", "a//c", " d", "e\r", "f\t"];
        var hash = DirHash.Hash1(names, _ => new MemoryStream());
        Assert.That(hash, Is.EqualTo(ReferenceHash.Hash1(names.Select(n => (n, Array.Empty<byte>())))));
    }

    [Test]
    public void NewlineInANameFailsAfterOpeningOnlyTheNamesBeforeIt()
    {
        var opened = new ConcurrentBag<string>();
        var ex = Assert.Throws<NotSupportedException>(() => DirHash.Hash1(["c", "a", "b\nx", "d"], n =>
        {
            opened.Add(n);
            return new MemoryStream();
        }));
        Assert.That(ex!.Message, Does.StartWith("dirhash: filenames with newlines are not supported"));
        Assert.That(opened.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void AnErrorOpeningAnEarlierNameWinsOverTheNewline()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => DirHash.Hash1(["b\n", "a"], n => throw new FileNotFoundException(n)));
        Assert.That(ex!.Message, Is.EqualTo("a"));
    }

    [Test]
    public void TheErrorOfTheFirstFailingNameInSortedOrderIsReported()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"n{i:D3}").ToList();
        var ex = Assert.Throws<IOException>(() => DirHash.Hash1(names, n =>
            string.CompareOrdinal(n, "n150") >= 0 || n == "n077" ? throw new IOException(n) : new MemoryStream(new byte[100_000])));
        Assert.That(ex!.Message, Is.EqualTo("n077"));
    }

    [Test]
    public void NullArgumentsAndNullStreamsAreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DirHash.Hash1(null!, _ => Stream.Null), Throws.ArgumentNullException);
            Assert.That(() => DirHash.Hash1(["a"], null!), Throws.ArgumentNullException);
            Assert.That(() => DirHash.Hash1(["a", null!], _ => Stream.Null), Throws.ArgumentNullException);
            Assert.That(() => DirHash.Hash1(["a"], _ => null!), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void ContentLargerThanTheReadBufferIsHashedWhole()
    {
        var big = ReferenceHash.Bytes((3 * 256 * 1024) + 17, 1);
        var files = new Dictionary<string, byte[]> { ["m@v1/big"] = big, ["m@v1/small"] = [1, 2, 3] };
        Assert.That(DirHash.Hash1(files.Keys, n => Open(files, n)), Is.EqualTo(ReferenceHash.Hash1(files.Select(f => (f.Key, f.Value)))));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Hash1AsyncMatchesHash1(CancellationToken cancellationToken)
    {
        var files = Enumerable.Range(0, 40).ToDictionary(i => $"m@v1/dir{i % 3}/f{i}", i => ReferenceHash.Bytes(i * 1000, i));
        var sync = DirHash.Hash1(files.Keys, n => Open(files, n));
        var async = await DirHash.Hash1Async(files.Keys, (n, _) => ValueTask.FromResult<Stream>(Open(files, n)), cancellationToken);
        Assert.That(async, Is.EqualTo(sync));
    }

    [Test]
    public void Hash1AsyncObservesCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(async () => await DirHash.Hash1Async(["a"], (_, _) => ValueTask.FromResult<Stream>(new MemoryStream()), cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void GoModHashIsHash1OfTheSingleNameGoMod()
    {
        var content = "module example.com/m\n\ngo 1.19\n"u8.ToArray();
        Assert.That(DirHash.HashGoMod(content), Is.EqualTo(DirHash.Hash1(["go.mod"], _ => new MemoryStream(content))));
        Assert.That(DirHash.HashGoMod([]), Is.EqualTo(GoSumFile.EmptyGoModHash));
    }

    [Test]
    public void HashesAreFortySevenCharactersWithThePrefix()
    {
        var h = DirHash.HashGoMod("x"u8);
        Assert.That(h, Has.Length.EqualTo(47).And.StartWith(DirHash.H1Prefix));
    }

    // ---- HashDirectoryAsync ----

    private static DirectoryInfo WriteTree(Dictionary<string, byte[]> files)
    {
        var dir = Directory.CreateTempSubdirectory("gomod-dirhash-test-");
        foreach (var (path, data) in files)
        {
            var full = Path.Combine(dir.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, data);
        }

        return dir;
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task DirectoryHashNamesFilesPrefixSlashRelativePath(CancellationToken cancellationToken)
    {
        // Enough data to go parallel, with hidden files, nested and empty directories.
        var files = new Dictionary<string, byte[]>
        {
            ["go.mod"] = "module example.com/m\n"u8.ToArray(),
            [".hidden"] = [1],
            ["a/b/c/deep.go"] = ReferenceHash.Bytes(300_000, 2),
            ["a/x.go"] = ReferenceHash.Bytes(5000, 3),
            ["\u00e9t\u00e9/\U00010400.txt"] = ReferenceHash.Bytes(10, 4),
        };
        for (var i = 0; i < 30; i++)
        {
            files[$"pkg/f{i}.go"] = ReferenceHash.Bytes(i * 999, i);
        }

        var dir = WriteTree(files);
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "empty", "dirs"));
            var expected = ReferenceHash.Hash1(files.Select(f => ("example.com/m@v1.0.0/" + f.Key, f.Value)));
            Assert.That(await DirHash.HashDirectoryAsync(dir.FullName, "example.com/m@v1.0.0", cancellationToken), Is.EqualTo(expected));

            // Go names files filepath.Join(prefix, rel): a trailing slash changes nothing, an empty prefix
            // gives bare paths. It opens filepath.Join(dir, TrimPrefix(name, prefix)), so a prefix that
            // cleaning changes otherwise ("./m") makes it look for files that are not there.
            Assert.That(await DirHash.HashDirectoryAsync(dir.FullName + "/", "example.com/m@v1.0.0/", cancellationToken), Is.EqualTo(expected));
            Assert.That(await DirHash.HashDirectoryAsync(dir.FullName, "", cancellationToken), Is.EqualTo(ReferenceHash.Hash1(files.Select(f => (f.Key, f.Value)))));
            Assert.That(async () => await DirHash.HashDirectoryAsync(dir.FullName, "./example.com/m@v1.0.0", cancellationToken), Throws.InstanceOf<IOException>());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    [CancelAfter(10_000)]
    public async Task SymlinkToAFileIsListedAndReadThrough(CancellationToken cancellationToken)
    {
        var dir = WriteTree(new Dictionary<string, byte[]> { ["target.txt"] = [7, 7] });
        try
        {
            File.CreateSymbolicLink(Path.Combine(dir.FullName, "link"), "target.txt");
            var expected = ReferenceHash.Hash1([("m@v1/link", new byte[] { 7, 7 }), ("m@v1/target.txt", new byte[] { 7, 7 })]);
            Assert.That(await DirHash.HashDirectoryAsync(dir.FullName, "m@v1", cancellationToken), Is.EqualTo(expected));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void SymlinkToADirectoryMakesHashingFail()
    {
        var dir = WriteTree(new Dictionary<string, byte[]> { ["sub/a.txt"] = [1] });
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(dir.FullName, "link"), "sub");
            Assert.That(async () => await DirHash.HashDirectoryAsync(dir.FullName, "m@v1"), Throws.InstanceOf<UnauthorizedAccessException>().Or.InstanceOf<IOException>());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void DirectoryThatIsAFileOrMissingFails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gomod-notadir-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, [1]);
        try
        {
            Assert.That(async () => await DirHash.HashDirectoryAsync(file, "m@v1"), Throws.InstanceOf<IOException>().With.Message.Contains("is not a directory"));
            Assert.That(async () => await DirHash.HashDirectoryAsync(file + ".missing", "m@v1"), Throws.InstanceOf<DirectoryNotFoundException>());
            Assert.That(() => DirHash.HashDirectoryAsync("", "m@v1"), Throws.ArgumentException);
            Assert.That(() => DirHash.HashDirectoryAsync(file, null!), Throws.ArgumentNullException);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // ---- HashZipAsync ----

    private static byte[] MakeZip(IEnumerable<(string Name, byte[] Data)> entries, CompressionLevel level = CompressionLevel.Optimal, Encoding? names = null, bool forwardOnly = false)
    {
        var ms = new MemoryStream();
        Stream target = forwardOnly ? new ForwardOnly(ms) : ms;
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: names))
        {
            foreach (var (name, data) in entries)
            {
                var entry = zip.CreateEntry(name, level);
                using var s = entry.Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    private static Task<string> HashZipBytes(byte[] zip) => DirHash.HashZipAsync(new MemoryStream(zip, 0, zip.Length, writable: false, publiclyVisible: true));

    [TestCase(CompressionLevel.Optimal, false)]
    [TestCase(CompressionLevel.NoCompression, false)]
    [TestCase(CompressionLevel.Fastest, true)]
    public async Task ZipHashMatchesTheReferenceWhateverTheCompression(CompressionLevel level, bool forwardOnly)
    {
        var entries = new List<(string, byte[])>
        {
            ("m@v1/go.mod", "module m\n"u8.ToArray()),
            ("m@v1/big.bin", ReferenceHash.Bytes(700_000, 9)),
            ("m@v1/zeros", new byte[1_000_000]),
            ("m@v1/empty", []),
        };
        var zip = MakeZip(entries, level, forwardOnly: forwardOnly);
        Assert.That(await HashZipBytes(zip), Is.EqualTo(ReferenceHash.Hash1(entries)));
    }

    [Test]
    public async Task ZipReadFromAFileOrAGenericStreamGivesTheSameHash()
    {
        var entries = Enumerable.Range(0, 20).Select(i => ($"m@v1/f{i}", ReferenceHash.Bytes(i * 5000, i))).ToList();
        var zip = MakeZip(entries);
        var expected = ReferenceHash.Hash1(entries);
        var path = Path.Combine(Path.GetTempPath(), $"gomod-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(path, zip);
        try
        {
            Assert.That(await DirHash.HashZipAsync(path), Is.EqualTo(expected));
            await using var fs = File.OpenRead(path);
            Assert.That(await DirHash.HashZipAsync(fs), Is.EqualTo(expected));
            await using var buffered = new BufferedStream(new MemoryStream(zip));
            Assert.That(await DirHash.HashZipAsync(buffered), Is.EqualTo(expected));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task DirectoryEntriesCountInTheZipHash()
    {
        var zip = MakeZip([("m@v1/dir/", []), ("m@v1/dir/a", [1])]);
        Assert.That(await HashZipBytes(zip), Is.EqualTo(ReferenceHash.Hash1([("m@v1/dir/", Array.Empty<byte>()), ("m@v1/dir/a", new byte[] { 1 })])));
    }

    [Test]
    public async Task DuplicateEntriesAllUseTheContentOfTheLast()
    {
        var zip = MakeZip([("m@v1/a", [1]), ("m@v1/b", [2]), ("m@v1/a", [3])]);
        Assert.That(await HashZipBytes(zip), Is.EqualTo(ReferenceHash.Hash1([("m@v1/a", new byte[] { 3 }), ("m@v1/a", new byte[] { 3 }), ("m@v1/b", new byte[] { 2 })])));
    }

    [Test]
    public async Task EntryNamesAreHashedAsRawBytes()
    {
        // Latin-1 name bytes are not valid UTF-8; Go hashes the bytes as stored.
        var zip = MakeZip([("m@v1/caf\u00e9", [1])], names: Encoding.Latin1);
        var name = Encoding.Latin1.GetBytes("m@v1/caf\u00e9");
        Assert.That(await HashZipBytes(zip), Is.EqualTo(ReferenceHash.Hash1([(name, new byte[] { 1 })])));
    }

    [Test]
    public async Task BytesBeforeTheArchiveAreTolerated()
    {
        var entries = new List<(string, byte[])> { ("m@v1/a", [1, 2, 3]) };
        var zip = MakeZip(entries);
        var prefixed = new byte[100].Concat(zip).ToArray();
        Assert.That(await HashZipBytes(prefixed), Is.EqualTo(ReferenceHash.Hash1(entries)));
    }

    [Test]
    public void NewlineInAnEntryNameFails()
    {
        var zip = MakeZip([("m@v1/a\nb", [1])]);
        Assert.That(() => HashZipBytes(zip), Throws.InstanceOf<NotSupportedException>());
    }

    [Test]
    public void CorruptArchivesFailWithInvalidData()
    {
        var entries = new List<(string, byte[])> { ("m@v1/file", ReferenceHash.Bytes(1000, 5)) };
        var stored = MakeZip(entries, CompressionLevel.NoCompression);
        var dataOffset = 30 + "m@v1/file".Length;

        var badCrc = (byte[])stored.Clone();
        badCrc[dataOffset + 10] ^= 0xFF;

        var badMethod = (byte[])stored.Clone();
        var central = IndexOf(badMethod, [0x50, 0x4b, 0x01, 0x02]);
        badMethod[central + 10] = 99;

        var badLocal = (byte[])stored.Clone();
        badLocal[0] = (byte)'X';

        Assert.Multiple(() =>
        {
            Assert.That(() => HashZipBytes(badCrc), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: checksum error"));
            Assert.That(() => HashZipBytes(badMethod), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: unsupported compression algorithm"));
            Assert.That(() => HashZipBytes(badLocal), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));
            Assert.That(() => HashZipBytes("not a zip at all"u8.ToArray()), Throws.InstanceOf<InvalidDataException>());
            Assert.That(() => HashZipBytes([]), Throws.InstanceOf<InvalidDataException>());
            Assert.That(() => HashZipBytes(stored[..(stored.Length / 2)]), Throws.InstanceOf<InvalidDataException>());
        });
    }

    [Test]
    public void DeclaredSizesMustMatchTheData()
    {
        var stored = MakeZip([("m@v1/f", ReferenceHash.Bytes(100, 1))], CompressionLevel.NoCompression);
        var central = IndexOf(stored, [0x50, 0x4b, 0x01, 0x02]);

        var tooSmall = (byte[])stored.Clone();
        tooSmall[central + 24] = 99; // uncompressed size 99 < 100 bytes of data
        var tooLarge = (byte[])stored.Clone();
        tooLarge[central + 24] = 101;

        Assert.Multiple(() =>
        {
            Assert.That(() => HashZipBytes(tooSmall), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));
            Assert.That(() => HashZipBytes(tooLarge), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("unexpected EOF"));
        });
    }

    [Test]
    public void ZipArgumentsAreChecked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DirHash.HashZipAsync((string)null!), Throws.ArgumentNullException);
            Assert.That(() => DirHash.HashZipAsync(""), Throws.ArgumentException);
            Assert.That(() => DirHash.HashZipAsync((Stream)null!), Throws.ArgumentNullException);
            Assert.That(() => DirHash.HashZipAsync(new ForwardOnly(new MemoryStream())), Throws.ArgumentException);
            Assert.That(() => DirHash.HashZipAsync(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.zip")), Throws.InstanceOf<FileNotFoundException>());
        });
    }

    [Test]
    public async Task ZipOfATreeHashesLikeTheTree()
    {
        var files = Enumerable.Range(0, 25).ToDictionary(i => $"p{i % 4}/f{i}.go", i => ReferenceHash.Bytes(i * 3000, i));
        var dir = WriteTree(files);
        try
        {
            var zip = MakeZip(files.Select(f => ("example.com/m@v1.2.3/" + f.Key, f.Value)));
            Assert.That(await HashZipBytes(zip), Is.EqualTo(await DirHash.HashDirectoryAsync(dir.FullName, "example.com/m@v1.2.3")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
