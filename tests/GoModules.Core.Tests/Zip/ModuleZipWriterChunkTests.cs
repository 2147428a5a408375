using System.IO.Compression;
using GoModules.Hashing;
using GoModules.Zip;
using GoModules.Zip.Internal;

namespace GoModules.Tests.Zip;

/// <summary>
/// Files over one piece (<see cref="ChunkedDeflater.ChunkSize"/>) are deflated in independent pieces on several cores
/// and concatenated into one deflate stream per entry. Sizes around the piece boundaries, a file shorter than
/// declared, cancellation in the middle of a file, and the newest go's Unzip (Go's own inflater and CRC check) on
/// the result.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ModuleZipWriterChunkTests
{
    private const string Module = "example.com/m";
    private const string Version = "v1.0.0";
    private const int Chunk = ChunkedDeflater.ChunkSize;

    private static readonly int[] Sizes = [0, 1, Chunk - 1, Chunk, Chunk + 1, 2 * Chunk, (2 * Chunk) + 1, (7 * Chunk) + 12345];

    [Test]
    [CancelAfter(120_000)]
    public async Task SizesAroundPieceBoundaries_RoundTripThroughBothReaders(CancellationToken ct)
    {
        var (files, contents) = Files();
        var zip = await CreateAsync(files, ct);
        using var tmp = new TempDirectory();
        var zipFile = Path.Combine(tmp.Path, "m.zip");
        await File.WriteAllBytesAsync(zipFile, zip, ct);
        var expected = DirHash.Hash1(contents.Keys.Select(k => Module + "@" + Version + "/" + k), n => new MemoryStream(contents[n[(Module.Length + Version.Length + 2)..]]));
        var streamed = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, cancellationToken: ct);
        var seeked = await ModuleZipReader.ReadFileAsync(zipFile, Module, Version, cancellationToken: ct);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(streamed.Hash, Is.EqualTo(expected));
            Assert.That(seeked.Hash, Is.EqualTo(expected));
            Assert.That(await DirHash.HashZipAsync(zipFile, cancellationToken: ct), Is.EqualTo(expected));
            Assert.That(streamed.UncompressedSize, Is.EqualTo(Sizes.Sum(s => (long)s)));
        }
    }

    [Test]
    public async Task EmptySource_WritesNothing_AndOnePieceEndsWithFlushAndFinalBlock()
    {
        var options = new ZLibCompressionOptions { CompressionLevel = 3 };
        var empty = new MemoryStream();
        var (crc0, size0) = await ChunkedDeflater.DeflateAsync(new MemoryStream(), 0, empty, options, () => new InvalidOperationException(), CancellationToken.None);
        var data = Text(5000, 1);
        var one = new MemoryStream();
        var (crc1, size1) = await ChunkedDeflater.DeflateAsync(new MemoryStream(data), data.Length, one, options, () => new InvalidOperationException(), CancellationToken.None);
        var bytes = one.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((crc0, size0, empty.Length), Is.EqualTo((0u, 0L, 0L)));
            Assert.That(size1, Is.EqualTo(data.Length));
            Assert.That(crc1, Is.EqualTo(System.IO.Hashing.Crc32.HashToUInt32(data)));

            // A sync flush (empty stored block 00 00 FF FF) then the empty final fixed block 03 00.
            Assert.That(bytes[^6..], Is.EqualTo(new byte[] { 0x00, 0x00, 0xFF, 0xFF, 0x03, 0x00 }));
            Assert.That(Inflate(bytes), Is.EqualTo(data));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ChunkedFileShorterOrLongerThanDeclared(CancellationToken ct)
    {
        var data = Text((3 * Chunk) / 2, 7);
        var shorter = new ModuleZipSourceFile("a.txt", ModuleZipFileType.RegularFile, 3L * Chunk, _ => ValueTask.FromResult<Stream>(new MemoryStream(data)));
        var zip = await CreateAsync([shorter], ct);
        var read = await ModuleZipReader.ReadAsync(new MemoryStream(zip), Module, Version, cancellationToken: ct);
        Assert.That(read.UncompressedSize, Is.EqualTo(data.Length));

        var longer = new ModuleZipSourceFile("b.txt", ModuleZipFileType.RegularFile, Chunk + 10, _ => ValueTask.FromResult<Stream>(new MemoryStream(data)));
        var ex = Assert.ThrowsAsync<ModuleZipException>(async () => await CreateAsync([longer], ct));
        Assert.That(ex!.Kind, Is.EqualTo(ModuleZipErrorKind.LargerThanDeclared));
    }

    /// <summary>Cancelled while a large file's pieces are in flight: the call fails with the cancellation, and once it has returned nothing more reaches the destination.</summary>
    [Test]
    [CancelAfter(60_000)]
    public async Task CancelledInTheMiddleOfAFile_StopsWritingBeforeReturning()
    {
        using var cts = new CancellationTokenSource();
        var data = Text(16 * Chunk, 3);
        var source = new CancellingStream(data, 5L * Chunk, cts);
        var file = new ModuleZipSourceFile("big.txt", ModuleZipFileType.RegularFile, data.Length, _ => ValueTask.FromResult<Stream>(source));
        var destination = new WatchedStream();
        Assert.CatchAsync<OperationCanceledException>(async () => await ModuleZipWriter.CreateAsync(destination, Module, Version, [file], cancellationToken: cts.Token));
        destination.Closed = true;
        var written = destination.Length;

        // Give any stray piece the chance to run; none may write any more.
        await Task.Delay(200);
        await Task.Yield();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(destination.WritesAfterClose, Is.Zero);
            Assert.That(destination.Length, Is.EqualTo(written));
            Assert.That(written, Is.LessThan(data.Length / 2), "stopped well before the end");
        }
    }

    /// <summary>The newest go's x/mod Unzip (compress/flate and its CRC-32 check, independent of zlib-ng) extracts the same bytes.</summary>
    [Test]
    [Category("Interop")]
    [CancelAfter(300_000)]
    public async Task NewestGoUnzip_InflatesTheSameBytes()
    {
        var probe = GoCommand.BuildProbe("unzipprobe");
        var (files, contents) = Files();
        using var tmp = new TempDirectory();
        var zipFile = Path.Combine(tmp.Path, "m.zip");
        await File.WriteAllBytesAsync(zipFile, await CreateAsync(files, CancellationToken.None));
        var target = Path.Combine(tmp.Path, "go");
        var result = GoCommand.Run(probe, tmp.Path, new Dictionary<string, string?>(), null, Module, Version, zipFile, target);
        Assert.That(result.Stdout.Trim(), Is.EqualTo("ok"), result.ToString());
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, data) in contents)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(target, name)), Is.EqualTo(data), name);
            }
        }

        Conformance.ZipOps.MakeWritable(tmp.Path);
    }

    private static (List<ModuleZipSourceFile> Files, Dictionary<string, byte[]> Contents) Files()
    {
        var files = new List<ModuleZipSourceFile>();
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < Sizes.Length; i++)
        {
            var name = $"f{i:D2}.txt";
            var data = Text(Sizes[i], i);
            contents[name] = data;
            files.Add(ModuleZipSourceFile.FromBytes(name, data));
        }

        return (files, contents);
    }

    private static async Task<byte[]> CreateAsync(List<ModuleZipSourceFile> files, CancellationToken ct)
    {
        var ms = new MemoryStream();
        await ModuleZipWriter.CreateAsync(ms, Module, Version, files, cancellationToken: ct);
        return ms.ToArray();
    }

    /// <summary>Compressible text with random words, so that each piece has real matches and literals.</summary>
    private static byte[] Text(int size, int seed)
    {
        var words = "func return err nil if for range struct interface package import type var const map chan go defer select case"u8.ToArray();
        var rng = new Random(seed);
        var data = new byte[size];
        for (var k = 0; k < size;)
        {
            var start = rng.Next(words.Length - 8);
            var n = Math.Min(rng.Next(2, 9), size - k);
            words.AsSpan(start, n).CopyTo(data.AsSpan(k));
            k += n;
            if (k < size)
            {
                data[k++] = rng.Next(12) == 0 ? (byte)'\n' : (byte)rng.Next(32, 127);
            }
        }

        return data;
    }

    private static byte[] Inflate(byte[] deflated)
    {
        using var inflate = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Delivers <c>data</c> and cancels the token once <c>cancelAt</c> bytes have been read.</summary>
    private sealed class CancellingStream(byte[] data, long cancelAt, CancellationTokenSource cts) : MemoryStream(data)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= cancelAt)
            {
                await cts.CancelAsync();
            }

            return await base.ReadAsync(buffer, cancellationToken);
        }
    }

    /// <summary>A destination that counts the writes made after <see cref="Closed"/> is set.</summary>
    private sealed class WatchedStream : MemoryStream
    {
        public volatile bool Closed;

        public int WritesAfterClose { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Count();
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count();
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Count()
        {
            if (Closed)
            {
                WritesAfterClose++;
            }
        }
    }
}
