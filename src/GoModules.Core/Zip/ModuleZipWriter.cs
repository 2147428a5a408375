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

        // Files up to ParallelThreshold are compressed ahead, in parallel, into pooled buffers (at most `window`
        // files and InFlightBudget declared bytes in flight); the archive is still written strictly in input order.
        // Larger files are compressed when their turn comes, in pieces on several cores, straight into the archive.
        var window = 2 * Environment.ProcessorCount;
        var pending = new Task<CompressedFile>?[validFiles.Count];
        var started = 0;
        long inFlight = 0;
        await using (output.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                for (var i = 0; i < validFiles.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (; started < validFiles.Count && started < i + window; started++)
                    {
                        var f = validFiles[started];
                        if (f.Size > ParallelThreshold)
                        {
                            continue;
                        }

                        if (inFlight != 0 && inFlight + f.Size > InFlightBudget)
                        {
                            break;
                        }

                        inFlight += f.Size;
                        pending[started] = Task.Run(() => CompressAsync(f, errorPrefix, cancellationToken), cancellationToken);
                    }

                    var file = validFiles[i];
                    var name = new byte[prefix.Length + Encoding.UTF8.GetByteCount(file.Path)];
                    prefix.CopyTo(name, 0);
                    Encoding.UTF8.GetBytes(file.Path, name.AsSpan(prefix.Length));
                    if (pending[i] is { } task)
                    {
                        pending[i] = null;
                        inFlight -= file.Size;
                        using var compressed = await task.ConfigureAwait(false);
                        entries.Add(await WriteCompressedEntryAsync(output, name, compressed, cancellationToken).ConfigureAwait(false));
                    }
                    else
                    {
                        entries.Add(await WriteEntryAsync(output, file, name, buffer, errorPrefix, cancellationToken).ConfigureAwait(false));
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                foreach (var task in pending)
                {
                    if (task is not null)
                    {
                        try
                        {
                            (await task.ConfigureAwait(false)).Dispose();
                        }
                        catch (Exception ex) when (ex is IOException or ModuleZipException or OperationCanceledException or UnauthorizedAccessException)
                        {
                            // The first failure in input order has already been thrown.
                        }
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

    private static async Task<CompressedFile> CompressAsync(ModuleZipSourceFile file, string errorPrefix, CancellationToken cancellationToken)
    {
        var data = new PooledBufferStream();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var (crc, size) = await DeflateFileAsync(file, data, buffer, errorPrefix, cancellationToken).ConfigureAwait(false);
            return new CompressedFile(data, crc, size);
        }
        catch
        {
            data.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    private static async Task<WrittenEntry> WriteCompressedEntryAsync(ZipOutput output, byte[] name, CompressedFile compressed, CancellationToken cancellationToken)
    {
        var offset = output.Written;
        var flags = (ushort)(ZipRecords.FlagDataDescriptor | (Ascii.IsValid(name) ? 0 : ZipRecords.FlagUtf8));
        var header = await output.ReserveAsync(ZipRecords.LocalHeaderSize + name.Length, cancellationToken).ConfigureAwait(false);
        WriteLocalHeader(header.Span, flags, name);
        var data = compressed.Data.Written;
        if (data.IsEmpty)
        {
            data = EmptyDeflate;
        }

        await output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        var descriptor = await output.ReserveAsync(16, cancellationToken).ConfigureAwait(false);
        WriteDescriptor(descriptor.Span, compressed.Crc, data.Length, compressed.Size);
        return new WrittenEntry(name, flags, compressed.Crc, data.Length, compressed.Size, offset);
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

    private sealed class CompressedFile(PooledBufferStream data, uint crc, long size) : IDisposable
    {
        public PooledBufferStream Data => data;

        public uint Crc => crc;

        public long Size => size;

        public void Dispose() => data.Dispose();
    }

    private readonly record struct WrittenEntry(byte[] Name, ushort Flags, uint Crc, long CompressedSize, long Size, long Offset);
}
