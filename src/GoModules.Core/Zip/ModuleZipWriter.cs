using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;
using GoModules.Kernel.Zip;
using GoModules.Zip.Internal;

namespace GoModules.Zip;

/// <summary>
/// Creates module zips from a list of files or from a directory, leaving out what the go command
/// leaves out, as golang.org/x/mod/zip's Create and CreateFromDir do.
/// </summary>
/// <remarks>
/// Entries are deflated, written in input order (directory walk order for a directory) with data
/// descriptors and no directory entries; timestamps are zero. The h1 hash of the result depends
/// only on names and contents. See <see cref="ModuleZipValidator"/> for the rules.
/// </remarks>
public static class ModuleZipWriter
{
    private const int CopyBufferSize = 64 * 1024;

    // Files up to this size are compressed ahead, in parallel, each whole into a pooled buffer; larger ones are
    // compressed when their turn comes, in pieces on several cores (ChunkedDeflater), straight into the archive.
    private const long ParallelThreshold = ChunkedDeflater.ChunkSize;

    // The declared sizes of the files compressed ahead and not yet written add up to at most this much, which
    // bounds the memory held by the data in flight.
    private const long InFlightBudget = 8L << 20;

    // A batch of small files compressed by one task holds at most this many files and (but for its first file) bytes.
    private const int BatchFiles = 64;
    private const long BatchBytes = 256 << 10;

    // Go's archive/zip deflates at compress/flate's level 5. zlib-ng's level 3 is the fastest level whose output
    // stays within 3 % of the size of Go's for the same tree (+2.5 % on the large text workload, +0.0 % on small
    // source files; level 2 is 8-16 % larger), at 1.6 times the speed of its level 5 (benchmarks/README.md, #18).
    private static readonly ZLibCompressionOptions Compression = new() { CompressionLevel = 3 };

    // A final fixed-Huffman block holding only end-of-block: the shortest empty deflate stream.
    private static readonly ReadOnlyMemory<byte> EmptyDeflate = new byte[] { 0x03, 0x00 };

    /// <summary>Writes the module zip of <paramref name="files"/> to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the zip goes; need not be seekable. Left open.</param>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="files">The files, in the order to write them.</param>
    /// <param name="vendorRule">Which form of the vendoring rule applies.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The check report of the files (what went in and what was left out).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ModuleZipException">The version is not canonical, the module path and
    /// version do not pass the module checks, a file is invalid, the files are too large, or a file
    /// delivered more bytes than its declared size.</exception>
    /// <exception cref="IOException">A file cannot be read or the destination cannot be written.</exception>
    public static async Task<ModuleZipCheckResult> CreateAsync(Stream destination, string modulePath, string version, IReadOnlyList<ModuleZipSourceFile> files, ModuleZipVendorRule vendorRule = ModuleZipVendorRule.Automatic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(files);
        var go124 = false;
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        if (moduleError is null)
        {
            go124 = await FileListChecker.UsesGo124VendorRuleAsync(files, vendorRule, cancellationToken).ConfigureAwait(false);
        }

        return await CreateCoreAsync(destination, modulePath, version, files, go124, moduleError, SR.ZipCreatePrefix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the module zip of the files under <paramref name="directory"/> to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the zip goes; need not be seekable. Left open.</param>
    /// <param name="modulePath">The module path.</param>
    /// <param name="version">The canonical version.</param>
    /// <param name="directory">The module root directory. VCS directories, nested modules, vendored
    /// packages, symbolic links and irregular files are left out.</param>
    /// <param name="vendorRule">Which form of the vendoring rule applies.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The check report of the files found (paths relative to the directory).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is empty.</exception>
    /// <exception cref="ModuleZipException">As for <see cref="CreateAsync"/>.</exception>
    /// <exception cref="IOException">The directory or a file cannot be read, or the destination cannot be written.</exception>
    public static async Task<ModuleZipCheckResult> CreateFromDirectoryAsync(Stream destination, string modulePath, string version, string directory, ModuleZipVendorRule vendorRule = ModuleZipVendorRule.Automatic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(modulePath);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var go124 = await ModuleDirectoryWalker.UsesGo124VendorRuleAsync(directory, vendorRule, cancellationToken).ConfigureAwait(false);
        var (files, omitted) = ModuleDirectoryWalker.List(directory, go124);
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        var result = await CreateCoreAsync(destination, modulePath, version, files, go124, moduleError, SRFormat.Format(SR.ZipCreateDirectoryPrefix, directory), cancellationToken).ConfigureAwait(false);
        var allOmitted = new List<ModuleZipFileError>(result.Omitted);
        allOmitted.AddRange(omitted);
        return new ModuleZipCheckResult(result.Valid, allOmitted, result.Invalid, result.SizeError);
    }

    private static async Task<ModuleZipCheckResult> CreateCoreAsync(Stream destination, string modulePath, string version, IReadOnlyList<ModuleZipSourceFile> files, bool go124, ModuleZipException? moduleError, string errorPrefix, CancellationToken cancellationToken)
    {
        if (moduleError is not null)
        {
            throw moduleError.WithPrefix(errorPrefix);
        }

        var validFiles = new List<ModuleZipSourceFile>(files.Count);
        var check = FileListChecker.Check(files, go124, validFiles);
        if (check.Error is not null)
        {
            throw check.Error.WithPrefix(errorPrefix);
        }

        var prefix = Encoding.UTF8.GetBytes(modulePath + "@" + version + "/");
        var entries = new List<WrittenEntry>(validFiles.Count);
        var output = new ZipOutput(destination);

        // Files up to ParallelThreshold are compressed ahead, in parallel, in batches of consecutive files (one task
        // each, so that thousands of small files cost tens of hand-offs between threads, not thousands), into pooled
        // buffers: at most MaxBatches batches and InFlightBudget declared bytes in flight. The archive is still
        // written strictly in input order. Larger files are compressed when their turn comes, in pieces on several
        // cores, straight into the archive; the batches after such a file start when it is done.
        var maxBatches = 2 * Environment.ProcessorCount;
        var batches = new Queue<Batch>(maxBatches);
        var next = 0;
        long inFlight = 0;
        await using (output.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                var i = 0;
                while (i < validFiles.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    while (batches.Count < maxBatches && next < validFiles.Count && validFiles[next].Size <= ParallelThreshold
                        && (inFlight == 0 || inFlight + validFiles[next].Size <= InFlightBudget))
                    {
                        var first = next;
                        long bytes = 0;
                        while (next < validFiles.Count && next - first < BatchFiles && validFiles[next].Size <= ParallelThreshold
                            && (next == first || bytes + validFiles[next].Size <= BatchBytes))
                        {
                            bytes += validFiles[next].Size;
                            next++;
                        }

                        inFlight += bytes;
                        var count = next - first;
                        batches.Enqueue(new Batch(first, count, bytes, Task.Run(() => CompressBatch(validFiles, first, count, bytes, errorPrefix, cancellationToken), cancellationToken)));
                    }

                    if (batches.Count > 0 && batches.Peek().First == i)
                    {
                        var batch = batches.Dequeue();
                        inFlight -= batch.Bytes;
                        using var compressed = await batch.Task.ConfigureAwait(false);
                        foreach (var c in compressed.Files)
                        {
                            entries.Add(await WriteCompressedEntryAsync(output, EntryName(prefix, validFiles[i++]), compressed.Data.Written.Slice(c.Offset, c.Length), c.Crc, c.Size, cancellationToken).ConfigureAwait(false));
                        }
                    }
                    else
                    {
                        // A large file (the batches stop before it).
                        var file = validFiles[i++];
                        next = i;
                        entries.Add(await WriteEntryAsync(output, file, EntryName(prefix, file), buffer, errorPrefix, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                while (batches.Count > 0)
                {
                    try
                    {
                        (await batches.Dequeue().Task.ConfigureAwait(false)).Dispose();
                    }
                    catch (Exception ex) when (ex is IOException or ModuleZipException or OperationCanceledException or UnauthorizedAccessException)
                    {
                        // The first failure in input order has already been thrown.
                    }
                }
            }

            await WriteCentralDirectoryAsync(output, entries, cancellationToken).ConfigureAwait(false);
            await output.FlushBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return check;
    }

    private static async Task<WrittenEntry> WriteEntryAsync(ZipOutput output, ModuleZipSourceFile file, byte[] name, byte[] buffer, string errorPrefix, CancellationToken cancellationToken)
    {
        var offset = output.Written;
        var flags = (ushort)(ZipRecords.FlagDataDescriptor | (Ascii.IsValid(name) ? 0 : ZipRecords.FlagUtf8));
        var header = await output.ReserveAsync(ZipRecords.LocalHeaderSize + name.Length, cancellationToken).ConfigureAwait(false);
        WriteLocalHeader(header.Span, flags, name);

        var compressedStart = output.Written;
        var (crc, size) = await DeflateFileAsync(file, output, buffer, errorPrefix, cancellationToken).ConfigureAwait(false);
        if (size == 0)
        {
            // An empty deflate stream: one final stored block of length zero would do, but the
            // shortest form is a final fixed-Huffman block holding only end-of-block.
            await output.WriteAsync(EmptyDeflate, cancellationToken).ConfigureAwait(false);
        }

        var compressed = output.Written - compressedStart;
        var descriptor = await output.ReserveAsync(16, cancellationToken).ConfigureAwait(false);
        WriteDescriptor(descriptor.Span, crc, compressed, size);
        return new WrittenEntry(name, flags, crc, compressed, size, offset);
    }

    private static byte[] EntryName(byte[] prefix, ModuleZipSourceFile file)
    {
        var name = new byte[prefix.Length + Encoding.UTF8.GetByteCount(file.Path)];
        prefix.CopyTo(name, 0);
        Encoding.UTF8.GetBytes(file.Path, name.AsSpan(prefix.Length));
        return name;
    }

    /// <summary>
    /// Compresses <paramref name="count"/> consecutive files, in order, one after the other into one pooled buffer (so
    /// that a batch holds one buffer, not one per file); on a failure nothing is kept and the failure is thrown.
    /// </summary>
    private static async Task<CompressedBatch> CompressBatch(List<ModuleZipSourceFile> files, int first, int count, long bytes, string errorPrefix, CancellationToken cancellationToken)
    {
        // Source text deflates to about a third.
        var batch = new CompressedBatch(new PooledBufferStream((int)Math.Min(bytes / 2, int.MaxValue / 2) + 1024), new CompressedFile[count]);
        byte[]? buffer = null;
        try
        {
            for (var k = 0; k < count; k++)
            {
                var file = files[first + k];
                var offset = (int)batch.Data.Length;
                uint crc;
                long size;
                if (file.FullPath is { } path && LinuxFiles.IsSupported)
                {
                    // A file of the directory walk: read whole with the plain system calls, deflated in one call.
                    var content = SmallFileReader.Read(path, file.Size, out var length, cancellationToken) ?? throw LargerThanDeclared(file, errorPrefix);
                    try
                    {
                        if (length > 0)
                        {
                            using var deflate = new DeflateStream(batch.Data, Compression, leaveOpen: true);
                            deflate.Write(content, 0, length);
                        }

                        (crc, size) = (Crc32.HashToUInt32(content.AsSpan(0, length)), length);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(content);
                    }
                }
                else
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(CopyBufferSize);
                    (crc, size) = await DeflateFileAsync(file, batch.Data, buffer, errorPrefix, cancellationToken).ConfigureAwait(false);
                }

                batch.Files[k] = new CompressedFile(offset, (int)batch.Data.Length - offset, crc, size);
            }

            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads a file (refusing more bytes than its declared size) and deflates it into <paramref name="destination"/>;
    /// an empty file writes nothing.
    /// </summary>
    private static async Task<(uint Crc, long Size)> DeflateFileAsync(ModuleZipSourceFile file, Stream destination, byte[] buffer, string errorPrefix, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        long size = 0;
        var source = await file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            if (file.Size > ParallelThreshold)
            {
                return await ChunkedDeflater.DeflateAsync(source, file.Size, destination, Compression, () => LargerThanDeclared(file, errorPrefix), cancellationToken).ConfigureAwait(false);
            }

            DeflateStream? deflate = null;
            try
            {
                var limit = file.Size + 1;
                while (true)
                {
                    var want = (int)Math.Min(buffer.Length, limit - size);
                    if (want <= 0)
                    {
                        break;
                    }

                    var n = await source.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    size += n;
                    if (size > file.Size)
                    {
                        throw LargerThanDeclared(file, errorPrefix);
                    }

                    crc.Append(buffer.AsSpan(0, n));
                    deflate ??= new DeflateStream(destination, Compression, leaveOpen: true);
                    await deflate.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (deflate is not null)
                {
                    await deflate.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        return (crc.GetCurrentHashAsUInt32(), size);
    }

    private static ModuleZipException LargerThanDeclared(ModuleZipSourceFile file, string errorPrefix)
        => new(ModuleZipErrorKind.LargerThanDeclared, SRFormat.Format(SR.ZipLargerThanDeclared, errorPrefix, GoQuote.Quote(file.Path.AsSpan())), file.Path);

    private static async Task<WrittenEntry> WriteCompressedEntryAsync(ZipOutput output, byte[] name, ReadOnlyMemory<byte> data, uint crc, long size, CancellationToken cancellationToken)
    {
        var offset = output.Written;
        var flags = (ushort)(ZipRecords.FlagDataDescriptor | (Ascii.IsValid(name) ? 0 : ZipRecords.FlagUtf8));
        var header = await output.ReserveAsync(ZipRecords.LocalHeaderSize + name.Length, cancellationToken).ConfigureAwait(false);
        WriteLocalHeader(header.Span, flags, name);
        if (data.IsEmpty)
        {
            data = EmptyDeflate;
        }

        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        var descriptor = await output.ReserveAsync(16, cancellationToken).ConfigureAwait(false);
        WriteDescriptor(descriptor.Span, crc, data.Length, size);
        return new WrittenEntry(name, flags, crc, data.Length, size, offset);
    }

    private static void WriteDescriptor(Span<byte> d, uint crc, long compressed, long size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(d, ZipRecords.DataDescriptorSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(d[4..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(d[12..], (uint)size);
    }

    private static void WriteLocalHeader(Span<byte> h, ushort flags, byte[] name)
    {
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, ZipRecords.LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Local.VersionNeeded..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Local.Flags..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Local.Method..], ZipRecords.MethodDeflated);
        BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Local.NameLength..], (ushort)name.Length);
        name.CopyTo(h[ZipRecords.LocalHeaderSize..]);
    }

    private static async ValueTask WriteCentralDirectoryAsync(ZipOutput output, List<WrittenEntry> entries, CancellationToken cancellationToken)
    {
        var start = output.Written;
        foreach (var e in entries)
        {
            var m = await output.ReserveAsync(ZipRecords.CentralHeaderSize + e.Name.Length, cancellationToken).ConfigureAwait(false);
            var h = m.Span;
            h.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(h, ZipRecords.CentralHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Central.VersionMadeBy..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Central.VersionNeeded..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Central.Flags..], e.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Central.Method..], ZipRecords.MethodDeflated);
            BinaryPrimitives.WriteUInt32LittleEndian(h[ZipRecords.Central.Crc32..], e.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(h[ZipRecords.Central.CompressedSize..], (uint)e.CompressedSize);
            BinaryPrimitives.WriteUInt32LittleEndian(h[ZipRecords.Central.UncompressedSize..], (uint)e.Size);
            BinaryPrimitives.WriteUInt16LittleEndian(h[ZipRecords.Central.NameLength..], (ushort)e.Name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h[ZipRecords.Central.LocalHeaderOffset..], (uint)e.Offset);
            e.Name.CopyTo(h[ZipRecords.CentralHeaderSize..]);
        }

        var size = output.Written - start;
        var end = await output.ReserveAsync(ZipRecords.EndOfCentralDirectorySize, cancellationToken).ConfigureAwait(false);
        var s = end.Span;
        s.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(s, ZipRecords.EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(s[ZipRecords.End.EntriesOnDisk..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(s[ZipRecords.End.EntriesTotal..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(s[ZipRecords.End.CentralDirectorySize..], (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(s[ZipRecords.End.CentralDirectoryOffset..], (uint)start);
    }

    private sealed class CompressedBatch(PooledBufferStream data, CompressedFile[] files) : IDisposable
    {
        public PooledBufferStream Data => data;

        public CompressedFile[] Files => files;

        public void Dispose() => data.Dispose();
    }

    private readonly record struct CompressedFile(int Offset, int Length, uint Crc, long Size);

    private readonly record struct Batch(int First, int Count, long Bytes, Task<CompressedBatch> Task);

    private readonly record struct WrittenEntry(byte[] Name, ushort Flags, uint Crc, long CompressedSize, long Size, long Offset);
}
