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
    private const int ChunkSize = 256 * 1024;

    public static async Task<ModuleZipReadResult> ReadAsync(string zipFile, string modulePath, string version, ModuleZipReadOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var moduleError = ModuleZipValidator.CheckModule(modulePath, version);
        if (moduleError is not null)
        {
            throw moduleError;
        }

        using var handle = File.OpenHandle(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
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
            var fileCount = CheckNames(cd, modulePath + "@" + version + "/", options?.AllowSymbolicLinkEntries ?? true, out var total);
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
                    var degree = options?.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
                    degree = Math.Max(1, Math.Min(degree, cd.Count));
                    var prefixLength = Encoding.UTF8.GetByteCount(modulePath + "@" + version + "/");
                    var nextIndex = -1;
                    using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

                    // A fixed set of workers pulls entry indexes from a shared counter: each keeps its
                    // inflater, hash and buffer, so nothing is allocated per entry.
                    void Work()
                    {
                        var w = new Worker();
                        workers.Add(w);
                        try
                        {
                            int i;
                            while ((i = Interlocked.Increment(ref nextIndex)) < cd.Count)
                            {
                                failed.Token.ThrowIfCancellationRequested();
                                ends[i] = ProcessEntry(handle, cd, i, prefixLength, target, w, digests.AsSpan(i * DigestSize, DigestSize));
                                if (progress is not null)
                                {
                                    progress.Report(Interlocked.Add(ref done, cd[i].CompressedSize));
                                }
                            }
                        }
                        catch
                        {
                            w.Sink.Abort();
                            failed.Cancel();
                            throw;
                        }
                    }

                    var tasks = new Task[degree];
                    for (var t = 0; t < degree; t++)
                    {
                        tasks[t] = Task.Run(Work, CancellationToken.None);
                    }

                    try
                    {
                        await Task.WhenAll(tasks).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // A worker failed and canceled the others: surface the real failure.
                        foreach (var t in tasks)
                        {
                            if (t.IsFaulted && t.Exception!.InnerException is { } inner and not OperationCanceledException)
                            {
                                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                            }
                        }

                        throw;
                    }

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
        // Bytes after the end record are ignored, as the go command's zip reader does, when the record found from the
        // back is the one a forward reading meets right after the central directory (checked below) and the trailing
        // bytes hold no other end-record signature.
        if (cd.EndOfArchive > size || (cd.EndOfArchive < size && cd.TrailingHasEndSignature))
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, "trailing bytes after the end of the archive hold another end of central directory record");
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
        // The declared total first: the go command reports a module that is too large before any other problem.
        long declared = 0;
        for (var i = 0; i < cd.Count; i++)
        {
            var size = cd[i].UncompressedSize;
            if (size < 0 || size > ModuleZipLimits.MaxZipFile - declared)
            {
                var n = Encoding.UTF8.GetString(cd.Name(cd[i]));
                throw new ModuleZipException(ModuleZipErrorKind.ContentsTooLarge, n + ": " + ModuleZipValidator.ContentsTooLargeMessage, n);
            }

            declared += size;
        }

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

    /// <summary>
    /// Processes one entry with positional reads: usually a single read covers the local header, the
    /// data and the descriptor (the entry's span up to the next entry is known from the sorted offsets).
    /// </summary>
    private static long ProcessEntry(SafeFileHandle handle, CentralDirectory cd, int index, int prefixLength, ExtractionTarget? target, Worker w, Span<byte> digest)
    {
        var e = cd[index];
        w.Directory = cd;
        w.Index = index;
        ModuleZipException Mismatch(string what) => new(ModuleZipErrorKind.CentralDirectoryMismatch, w.CurrentName + ": " + what, w.CurrentName);

        var spanEnd = index + 1 < cd.Count ? cd[index + 1].LocalHeaderOffset : cd.DirectoryOffset;
        var spanLength = spanEnd - e.LocalHeaderOffset;
        var buffer = w.Buffer;
        var held = (int)Math.Min(spanLength, buffer.Length);
        ReadExactly(handle, buffer.AsSpan(0, held), e.LocalHeaderOffset);
        if (held < ZipRecords.LocalHeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(buffer) != ZipRecords.LocalHeaderSignature)
        {
            throw Mismatch("no local header at the offset the central directory gives");
        }

        var h = buffer.AsSpan(0, ZipRecords.LocalHeaderSize);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Flags..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.Method..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.Crc32..]);
        long csize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.CompressedSize..]);
        long usize = BinaryPrimitives.ReadUInt32LittleEndian(h[ZipRecords.Local.UncompressedSize..]);
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.NameLength..]);
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[ZipRecords.Local.ExtraLength..]);
        var headerLength = ZipRecords.LocalHeaderSize + nameLength + extraLength;
        if (headerLength > held)
        {
            throw Mismatch("local header runs into the next entry");
        }

        if (!buffer.AsSpan(ZipRecords.LocalHeaderSize, nameLength).SequenceEqual(cd.Name(e)))
        {
            throw Mismatch("the local header at this offset is named " + Encoding.UTF8.GetString(buffer.AsSpan(ZipRecords.LocalHeaderSize, nameLength)));
        }

        var zip64 = false;
        var extra = buffer.AsSpan(ZipRecords.LocalHeaderSize + nameLength, extraLength);
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

        var dataEnd = headerLength + e.CompressedSize; // relative to the local header
        if (dataEnd > spanLength)
        {
            throw Mismatch("entry data runs into the next entry or the central directory");
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
        Inflate(handle, e, headerLength, held, w);
        if (w.Sink.Written != e.UncompressedSize)
        {
            throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, w.CurrentName + ": unexpected EOF (entry is shorter than its declared size)", w.CurrentName);
        }

        var actualCrc = w.Sink.Crc;
        w.Sink.End(digest);
        if (e.Crc32 != 0 && actualCrc != e.Crc32)
        {
            throw new ModuleZipException(ModuleZipErrorKind.ChecksumMismatch, w.CurrentName + ": zip: checksum error", w.CurrentName);
        }

        if (!hasDescriptor)
        {
            return e.LocalHeaderOffset + dataEnd;
        }

        var sizeLength = zip64 ? 8 : 4;
        var maxLength = 4 + 4 + (2 * sizeLength);
        Span<byte> d = stackalloc byte[24];
        var available = (int)Math.Min(maxLength, spanLength - dataEnd);
        if (available < maxLength - 4)
        {
            throw Mismatch("data descriptor is missing");
        }

        d = d[..available];
        ReadExactly(handle, d, e.LocalHeaderOffset + dataEnd);
        var signature = available == maxLength && BinaryPrimitives.ReadUInt32LittleEndian(d) == ZipRecords.DataDescriptorSignature;
        var ds = signature ? d[4..] : d;
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

        return e.LocalHeaderOffset + dataEnd + (signature ? 4 : 0) + 4 + (2 * sizeLength);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0)
            {
                throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, "unexpected EOF");
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    /// <summary>Feeds the entry's compressed bytes (first those already in the buffer, then further reads) to the sink.</summary>
    private static void Inflate(SafeFileHandle handle, CentralEntry e, int dataStart, int held, Worker w)
    {
        var inflater = w.Inflater;
        inflater.Reset();
        var buffer = w.Buffer;
        var left = e.CompressedSize;
        var inBuffer = (int)Math.Min(left, held - dataStart);
        var chunk = buffer.AsSpan(dataStart, inBuffer);
        var offset = e.LocalHeaderOffset + dataStart + inBuffer;
        left -= inBuffer;
        var done = false;
        while (true)
        {
            if (e.Method == ZipRecords.MethodStored)
            {
                w.Sink.Write(chunk);
            }
            else
            {
                if (done && !chunk.IsEmpty)
                {
                    throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, w.CurrentName + ": deflate stream ends before its declared compressed size", w.CurrentName);
                }

                done = InflateChunk(w, chunk, left);
            }

            if (left == 0)
            {
                break;
            }

            var n = (int)Math.Min(left, buffer.Length);
            chunk = buffer.AsSpan(0, n);
            ReadExactly(handle, chunk, offset);
            offset += n;
            left -= n;
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

        public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(ChunkSize);

        public void Dispose()
        {
            Inflater.Dispose();
            Sink.Dispose();
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
