using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing.Internal;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>
/// Seekable mode of <see cref="ModuleZipReader"/>: the central directory first (names and declared
/// sizes checked before any data is read), then every entry's local header, data and descriptor
/// checked against it, inflated, hashed and optionally extracted in parallel; finally the entries
/// must tile the file exactly up to the central directory, which must reach the end records, which
/// must end the file.
/// </summary>
internal static class SeekableZipReader
{
    private const int DigestSize = 32;
    private const int ChunkSize = 64 * 1024;

    public static async Task<ModuleZipReadResult> ReadAsync(string zipFile, string modulePath, string version, ModuleZipReadOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        if (moduleError is not null)
        {
            throw moduleError;
        }

        using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        var size = RandomAccess.GetLength(handle);
        if (size > ModuleZipLimits.MaxZipFile)
        {
            throw ModuleZipValidator.ZipFileTooLarge(size);
        }

        CentralDirectory cd;
        try
        {
            cd = await CentralDirectory.ReadAsync(handle, size, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleZipException ex) when (ex.Kind != ModuleZipErrorKind.ZipFormat)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, "zip: not a valid zip file", null, null, ex);
        }

        using (cd)
        {
            CheckLayout(cd, size);
            var fileCount = CheckNames(cd, modulePath + "@" + version + "/", options?.AllowSymbolicLinkEntries ?? false, out var total);
            var target = options?.ExtractTo is { } dir ? new ExtractionTarget(dir) : null;
            using (target)
            {
                var ends = ArrayPool<long>.Shared.Rent(Math.Max(cd.Count, 1));
                var digests = ArrayPool<byte>.Shared.Rent(Math.Max(cd.Count, 1) * DigestSize);
                var workers = new ConcurrentBag<Worker>();
                try
                {
                    var progress = options?.Progress;
                    long done = 0;
                    var parallel = new ParallelOptions
                    {
                        CancellationToken = cancellationToken,
                        MaxDegreeOfParallelism = options?.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount,
                    };
                    var prefixLength = Encoding.UTF8.GetByteCount(modulePath + "@" + version + "/");
                    await Parallel.ForAsync(0, cd.Count, parallel, async (i, ct) =>
                    {
                        if (!workers.TryTake(out var w))
                        {
                            w = new Worker();
                        }

                        try
                        {
                            ends[i] = await ProcessEntryAsync(handle, cd, i, prefixLength, target, w, digests.AsMemory(i * DigestSize, DigestSize), ct).ConfigureAwait(false);
                        }
                        catch
                        {
                            w.Sink.Abort();
                            throw;
                        }
                        finally
                        {
                            workers.Add(w);
                        }

                        if (progress is not null)
                        {
                            ref var e = ref cd[i];
                            progress.Report(Interlocked.Add(ref done, e.CompressedSize));
                        }
                    }).ConfigureAwait(false);

                    for (var i = 0; i < cd.Count; i++)
                    {
                        var next = i + 1 < cd.Count ? cd[i + 1].LocalHeaderOffset : cd.DirectoryOffset;
                        if (ends[i] != next)
                        {
                            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, Encoding.UTF8.GetString(cd.Name(cd[i])) + ": entries overlap or leave bytes between them", Encoding.UTF8.GetString(cd.Name(cd[i])));
                        }
                    }

                    var hash = ComputeHash(cd, digests);
                    target?.Commit();
                    progress?.Report(size);
                    return new ModuleZipReadResult(hash, cd.Count, fileCount, total, size);
                }
                finally
                {
                    foreach (var w in workers)
                    {
                        w.Dispose();
                    }

                    ArrayPool<long>.Shared.Return(ends);
                    ArrayPool<byte>.Shared.Return(digests);
                }
            }
        }
    }

    private static void CheckLayout(CentralDirectory cd, long size)
    {
        if (cd.EndOfArchive != size)
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, "trailing bytes after the end of the archive");
        }

        if (cd.ParsedLength != cd.DirectorySize || cd.DirectoryOffset + cd.DirectorySize != cd.EndRecordsOffset)
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, "end of central directory record disagrees with the archive");
        }

        for (var i = 1; i < cd.Count; i++)
        {
            if (cd[i].LocalHeaderOffset <= cd[i - 1].LocalHeaderOffset)
            {
                var name = Encoding.UTF8.GetString(cd.Name(cd[i]));
                throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, name + ": central directory offsets are not in archive order", name);
            }
        }

        if (cd.Count > 0 ? cd[0].LocalHeaderOffset != 0 : cd.DirectoryOffset != 0)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, "zip: not a valid zip file (bytes before the first entry)");
        }
    }

    private static int CheckNames(CentralDirectory cd, string prefix, bool allowSymlinks, out long total)
    {
        using var checker = new EntryNameChecker(prefix);
        var files = 0;
        for (var i = 0; i < cd.Count; i++)
        {
            ref var e = ref cd[i];
            var name = cd.Name(e);
            if ((e.Flags & (ZipRecords.FlagEncrypted | ZipRecords.FlagStrongEncryption)) != 0)
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.Encrypted, n + ": encrypted entries are not supported", n);
            }

            if (e.Method is not (ZipRecords.MethodStored or ZipRecords.MethodDeflated))
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.UnsupportedCompression, n + ": zip: unsupported compression algorithm", n);
            }

            var verdict = checker.Check(name, out var relative, out var error);
            if (verdict == EntryVerdict.Invalid)
            {
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, error!.ToString(), error.Path, [error]);
            }

            if (e.IsSymbolicLink && !allowSymlinks)
            {
                var fe = new ModuleZipFileError(name, ModuleZipFileErrorKind.SymbolicLink, "symbolic link entries are not allowed");
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            if (verdict == EntryVerdict.File)
            {
                files++;
                var limit = EntryNameChecker.FileLimit(relative);
                if (limit >= 0 && e.UncompressedSize > limit)
                {
                    var fe = EntryNameChecker.FileTooLarge(name, relative);
                    throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
                }
            }

            if (!checker.TryAddSize(e.UncompressedSize))
            {
                var n = Encoding.UTF8.GetString(name);
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, n + ": " + ModuleZipValidator.ContentsTooLargeMessage, n);
            }
        }

        total = checker.TotalSize;
        return files;
    }

    private static async ValueTask<long> ProcessEntryAsync(SafeFileHandle handle, CentralDirectory cd, int index, int prefixLength, ExtractionTarget? target, Worker w, Memory<byte> digest, CancellationToken cancellationToken)
    {
        var e = cd[index];
        w.Directory = cd;
        w.Index = index;
        ModuleZipException Mismatch(string what) => new(ModuleZipErrorKind.CentralDirectoryMismatch, w.CurrentName + ": " + what, w.CurrentName);

        var headerLength = ZipRecords.LocalHeaderSize + e.NameLength;
        var header = w.Buffer.AsMemory(0, ZipRecords.LocalHeaderSize);
        await CentralDirectory.ReadExactlyAsync(handle, header, e.LocalHeaderOffset, cancellationToken).ConfigureAwait(false);
        var h = header.Span;
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != ZipRecords.LocalHeaderSignature)
        {
            throw Mismatch("no local header at the offset the central directory gives");
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Flags..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Method..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.Crc32..]);
        long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.CompressedSize..]);
        long usize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.UncompressedSize..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.NameLength..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.ExtraLength..]);
        if (nameLength != e.NameLength)
        {
            throw Mismatch("local header name differs from the central directory");
        }

        var rest = w.Buffer.AsMemory(0, nameLength + extraLength);
        await CentralDirectory.ReadExactlyAsync(handle, rest, e.LocalHeaderOffset + ZipRecords.LocalHeaderSize, cancellationToken).ConfigureAwait(false);
        if (!rest.Span[..nameLength].SequenceEqual(cd.Name(e)))
        {
            throw Mismatch("the local header at this offset is named " + Encoding.UTF8.GetString(rest.Span[..nameLength]));
        }

        var zip64 = false;
        var extra = rest.Span.Slice(nameLength, extraLength);
        while (extra.Length >= 4)
        {
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var len = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var field = extra.Slice(4, Math.Min(len, extra.Length - 4));
            if (tag == ZipRecords.Zip64ExtraId)
            {
                zip64 = true;
                if (usize == uint.MaxValue && field.Length >= 8)
                {
                    usize = BinaryPrimitives.ReadInt64LittleEndian(field);
                    field = field[8..];
                }

                if (csize == uint.MaxValue && field.Length >= 8)
                {
                    csize = BinaryPrimitives.ReadInt64LittleEndian(field);
                }
            }

            extra = extra[Math.Min(extra.Length, 4 + len)..];
        }

        if (method != e.Method || ((flags ^ e.Flags) & (ZipRecords.FlagDataDescriptor | ZipRecords.FlagEncrypted)) != 0)
        {
            throw Mismatch("local header method or flags differ from the central directory");
        }

        var hasDescriptor = (flags & ZipRecords.FlagDataDescriptor) != 0;
        if (!hasDescriptor && (crc != e.Crc32 || csize != e.CompressedSize || usize != e.UncompressedSize))
        {
            throw Mismatch("local header CRC-32 or sizes differ from the central directory");
        }

        var dataStart = e.LocalHeaderOffset + headerLength + extraLength;
        var dataEnd = dataStart + e.CompressedSize;
        if (dataEnd > cd.DirectoryOffset)
        {
            throw Mismatch("entry data runs into the central directory");
        }

        SafeFileHandle? file = null;
        if (target is not null)
        {
            var relative = cd.Name(e)[prefixLength..];
            if (!relative.IsEmpty && relative[^1] != '/')
            {
                file = target.CreateFile(relative, e.UncompressedSize);
            }
        }

        w.Sink.Begin(file, e.UncompressedSize, EntrySink.LimitKind.Declared);
        await InflateAsync(handle, e, dataStart, w, cancellationToken).ConfigureAwait(false);
        if (w.Sink.Written != e.UncompressedSize)
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, w.CurrentName + ": unexpected EOF (entry is shorter than its declared size)", w.CurrentName);
        }

        var actualCrc = w.Sink.Crc;
        w.Sink.End(digest.Span);
        if (e.Crc32 != 0 && actualCrc != e.Crc32)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ChecksumMismatch, w.CurrentName + ": zip: checksum error", w.CurrentName);
        }

        if (!hasDescriptor)
        {
            return dataEnd;
        }

        var sizeLength = zip64 ? 8 : 4;
        var d = w.Buffer.AsMemory(0, 4 + 4 + (2 * sizeLength));
        await CentralDirectory.ReadExactlyAsync(handle, d, dataEnd, cancellationToken).ConfigureAwait(false);
        var ds = d.Span;
        var signature = BinaryPrimitives.ReadUInt32LittleEndian(ds) == ZipRecords.DataDescriptorSignature;
        if (!signature)
        {
            ds = ds[..^4];
        }
        else
        {
            ds = ds[4..];
        }

        var dcrc = BinaryPrimitives.ReadUInt32LittleEndian(ds);
        var dcsize = sizeLength == 8 ? BinaryPrimitives.ReadInt64LittleEndian(ds[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(ds[4..]);
        var dusize = sizeLength == 8 ? BinaryPrimitives.ReadInt64LittleEndian(ds[(4 + sizeLength)..]) : BinaryPrimitives.ReadUInt32LittleEndian(ds[(4 + sizeLength)..]);
        if (dcrc != e.Crc32)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ChecksumMismatch, w.CurrentName + ": zip: checksum error (data descriptor)", w.CurrentName);
        }

        if (dcsize != e.CompressedSize || dusize != e.UncompressedSize)
        {
            throw Mismatch("data descriptor sizes differ from the central directory");
        }

        return dataEnd + (signature ? 4 : 0) + 4 + (2 * sizeLength);
    }

    private static async ValueTask InflateAsync(SafeFileHandle handle, CentralEntry e, long dataStart, Worker w, CancellationToken cancellationToken)
    {
        var left = e.CompressedSize;
        var offset = dataStart;
        var inflater = w.Inflater;
        inflater.Reset();
        var done = false;
        while (left > 0)
        {
            var n = (int)Math.Min(left, w.Buffer.Length);
            await CentralDirectory.ReadExactlyAsync(handle, w.Buffer.AsMemory(0, n), offset, cancellationToken).ConfigureAwait(false);
            offset += n;
            left -= n;
            if (e.Method == ZipRecords.MethodStored)
            {
                w.Sink.Write(w.Buffer.AsSpan(0, n));
                continue;
            }

            if (done)
            {
                throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, w.CurrentName + ": deflate stream ends before its declared compressed size", w.CurrentName);
            }

            done = InflateChunk(w, w.Buffer.AsSpan(0, n), left);
        }

        if (e.Method == ZipRecords.MethodDeflated && !done)
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, w.CurrentName + ": unexpected EOF (deflate stream is truncated)", w.CurrentName);
        }
    }

    private static bool InflateChunk(Worker w, ReadOnlySpan<byte> input, long leftAfter)
    {
        var inflater = w.Inflater;
        while (true)
        {
            InflateStatus status;
            int consumed;
            try
            {
                status = inflater.Inflate(input, out consumed);
            }
            catch (InvalidOperationException ex)
            {
                throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, w.CurrentName + ": zip: not a valid zip file (" + ex.Message + ")", w.CurrentName, null, ex);
            }

            input = input[consumed..];
            w.Sink.Write(inflater.Pending);
            inflater.MarkDrained();
            if (status == InflateStatus.Done)
            {
                if (inflater.TakeUnusedInput() != 0 || !input.IsEmpty || leftAfter != 0)
                {
                    throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, w.CurrentName + ": deflate stream ends before its declared compressed size", w.CurrentName);
                }

                return true;
            }

            if (status == InflateStatus.NeedsInput)
            {
                return false;
            }
        }
    }

    private static string ComputeHash(CentralDirectory cd, byte[] digests)
    {
        var order = new int[cd.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => cd.Name(cd[a]).SequenceCompareTo(cd.Name(cd[b])));
        using var summary = new SummaryWriter(null);
        foreach (var i in order)
        {
            summary.AppendLine(digests.AsSpan(i * DigestSize, DigestSize), cd.Name(cd[i]));
        }

        return summary.Finish();
    }

    private sealed class Worker : IDisposable
    {
        public Worker()
        {
            Sink = new EntrySink(() => CurrentName);
        }

        public CentralDirectory? Directory { get; set; }

        public int Index { get; set; }

        /// <summary>Gets the current entry's name; built only for error messages.</summary>
        public string CurrentName => Directory is null ? "" : Encoding.UTF8.GetString(Directory.Name(Directory[Index]));

        public Inflater Inflater { get; } = new();

        public EntrySink Sink { get; }

        public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkSize, 2 * 65536));

        public void Dispose()
        {
            Inflater.Dispose();
            Sink.Dispose();
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
