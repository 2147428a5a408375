using System.Security.Cryptography;
using GoModules.Hashing;
using GoModules.Hashing.Internal;

namespace GoModules.Tests.Hashing;

/// <summary>
/// Large files are hashed from a mapping of the page cache under a read lease (Linux); these tests pin that the
/// bytes hashed are exactly the file's, whatever its size relative to the buffer, the threshold and the chunks,
/// and that a writer arriving while a file is mapped neither crashes the process nor goes unseen.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MappedFileHashingTests
{
    private const int Buffer = HashWorker.BufferSize;
    private const int Chunk = HashWorker.MappedChunkSize;
    private const long Threshold = HashWorker.MappedThreshold;

    [Test]
    [CancelAfter(60_000)]
    public async Task EveryFileSizeAroundTheBufferThresholdAndChunksHashesWhole(CancellationToken cancellationToken)
    {
        int[] sizes =
        [
            0, 1, Buffer - 1, Buffer, Buffer + 1, (int)(Buffer + Threshold) - 1, (int)(Buffer + Threshold),
            Buffer + Chunk, Buffer + Chunk + 1, (2 * Chunk) + 4097,
        ];
        using var dir = new TempDirectory();
        var files = new List<(string Name, byte[] Content)>();
        for (var i = 0; i < sizes.Length; i++)
        {
            var content = ReferenceHash.Bytes(sizes[i], i);
            File.WriteAllBytes(dir.Combine($"f{i}"), content);
            files.Add(($"m@v1/f{i}", content));
        }

        Assert.That(await DirHash.HashDirectoryAsync(dir.Path, "m@v1", cancellationToken), Is.EqualTo(ReferenceHash.Hash1(files)));
        Assert.That(await DirHash.HashDirectoryAsync(dir.Path, "m@v1", new DirHashOptions { MaxDegreeOfParallelism = 1 }, cancellationToken), Is.EqualTo(ReferenceHash.Hash1(files)));
    }

    [Test]
    public void EmptyAndShortFilesAreNeverMapped()
    {
        using var dir = new TempDirectory();
        var empty = dir.Combine("empty");
        File.WriteAllBytes(empty, []);
        var small = dir.Combine("small");
        File.WriteAllBytes(small, ReferenceHash.Bytes(100, 1));
        using var emptyHandle = File.OpenHandle(empty);
        using var smallHandle = File.OpenHandle(small);
        Assert.That(LeasedFileMapping.TryLease(emptyHandle, 0), Is.Null);
        Assert.That(LeasedFileMapping.TryLease(smallHandle, 101), Is.Null);
        using var worker = new HashWorker();
        var digest = new byte[HashWorker.DigestSize];
        worker.HashFile(emptyHandle, digest, CancellationToken.None);
        Assert.That(digest, Is.EqualTo(SHA256.HashData(ReadOnlySpan<byte>.Empty)));
    }

    [Test]
    [Platform(Include = "Linux")]
    public void AWindowOfALeasedFileIsItsBytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f");
        var content = ReferenceHash.Bytes((3 * Environment.SystemPageSize) + 5, 2);
        File.WriteAllBytes(path, content);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var lease = LeasedFileMapping.TryLease(handle, 1);
        Assert.That(lease, Is.Not.Null, "a file nobody writes can be leased by its owner");
        Assert.That(lease!.Length, Is.EqualTo(content.Length));
        Assert.That(lease.IsIntact, Is.True);
        Assert.That(lease.Map(Environment.SystemPageSize, (2 * Environment.SystemPageSize) + 5).ToArray(), Is.EqualTo(content[Environment.SystemPageSize..]));
        Assert.That(lease.Map(0, 10).ToArray(), Is.EqualTo(content[..10]));
        Assert.That(lease.Map(1, 10).IsEmpty, Is.True, "offsets must be page-aligned");
    }

    [Test]
    [Platform(Include = "Linux")]
    public void AFileOpenForWritingIsReadNotMapped()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f");
        var content = ReferenceHash.Bytes(Buffer + (int)Threshold + Chunk, 3);
        File.WriteAllBytes(path, content);
        using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.That(LeasedFileMapping.TryLease(handle, 1), Is.Null, "no read lease while the file is open for writing");
        using var worker = new HashWorker();
        var digest = new byte[HashWorker.DigestSize];
        worker.HashFile(handle, digest, CancellationToken.None);
        Assert.That(digest, Is.EqualTo(SHA256.HashData(content)));
    }

    [Test]
    [Platform(Include = "Linux")]
    [CancelAfter(30_000)]
    public async Task AWriterWaitsForTheLeaseAndTheHolderSeesItWaiting(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f");
        File.WriteAllBytes(path, ReferenceHash.Bytes(Chunk, 4));
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lease = LeasedFileMapping.TryLease(handle, 1);
        Assert.That(lease, Is.Not.Null);
        try
        {
            _ = lease!.Map(0, Chunk);

            // Truncating the file must wait until the lease is given up: the mapped pages stay valid (a
            // truncation under a mapping would end the process with SIGBUS), and the break sends no signal that
            // could end it either.
            var truncate = Task.Run(
                () =>
                {
                    using var file = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
                    file.Write([1, 2, 3]);
                },
                cancellationToken);
            while (lease.IsIntact)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Delay(10, cancellationToken);
            }

            Assert.That(truncate.IsCompleted, Is.False, "the writer waits while the lease is held");
            lease.Dispose();
            await truncate.WaitAsync(cancellationToken);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }));
        }
        finally
        {
            lease?.Dispose();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task FilesCutAndRewrittenWhileHashedNeverCrashAndEndUpHashedRight(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("big");
        var content = ReferenceHash.Bytes((3 * Chunk) + 17, 5);
        File.WriteAllBytes(path, content);
        var expected = ReferenceHash.Hash1([("m@v1/big", content)]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(
            () =>
            {
                for (var i = 0; i < 40 && !stop.IsCancellationRequested; i++)
                {
                    using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                    file.SetLength(i % 2 == 0 ? 0 : Chunk / 3);
                    file.Position = 0;
                    file.Write(content);
                }
            },
            cancellationToken);
        var hashed = 0;
        while (!writer.IsCompleted && hashed < 200)
        {
            var h1 = await DirHash.HashDirectoryAsync(dir.Path, "m@v1", cancellationToken);
            Assert.That(h1, Has.Length.EqualTo(47).And.StartWith("h1:"));
            hashed++;
        }

        await stop.CancelAsync();
        await writer;
        Assert.That(await DirHash.HashDirectoryAsync(dir.Path, "m@v1", cancellationToken), Is.EqualTo(expected));
    }

    [Test]
    public void CancellationStopsALargeFileBetweenChunks()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("f");
        File.WriteAllBytes(path, ReferenceHash.Bytes(Buffer + (int)Threshold + Chunk, 6));
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var worker = new HashWorker();
        var digest = new byte[HashWorker.DigestSize];
        Assert.That(() => worker.HashFile(handle, digest, new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());

        // The worker is usable afterwards: its incremental hash starts over.
        worker.HashFile(handle, digest, CancellationToken.None);
        Assert.That(digest, Is.EqualTo(SHA256.HashData(File.ReadAllBytes(path))));
    }
}
