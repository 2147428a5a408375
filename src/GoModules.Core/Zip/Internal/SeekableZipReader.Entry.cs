using System;
using System.IO;
using System.Text;
using GoModules.Kernel;
using GoModules.Kernel.Zip;
using Microsoft.Win32.SafeHandles;

namespace GoModules.Zip.Internal;

/// <summary>One entry: its local header and descriptor checked against the central directory, its data inflated into the sink.</summary>
internal static partial class SeekableZipReader
{
    /// <summary>
    /// Processes one entry with positional reads: usually a single read covers the local header, the
    /// data and the descriptor (the entry's span up to the next entry is known from the sorted offsets).
    /// </summary>
    private static long ProcessEntry(SafeFileHandle handle, ZipCentralDirectory cd, int index, int prefixLength, ExtractionTarget? target, SeekableZipWorker w, Span<byte> digest)
    {
        var e = cd[index];
        w.Directory = cd;
        w.Index = index;
        ModuleZipException Mismatch(string format) => w.Error(ModuleZipErrorKind.CentralDirectoryMismatch, format);

        var spanEnd = index + 1 < cd.Count ? cd[index + 1].LocalHeaderOffset : cd.DirectoryOffset;
        var spanLength = spanEnd - e.LocalHeaderOffset;
        var buffer = w.Buffer;
        var held = (int)Math.Min(spanLength, buffer.Length);
        ReadExactly(handle, buffer.AsSpan(0, held), e.LocalHeaderOffset);
        if (held < ZipRecords.LocalHeaderSize || !ZipLocalHeader.HasSignature(buffer))
        {
            throw Mismatch(SR.ZipNoLocalHeader);
        }

        var local = ZipLocalHeader.Read(buffer);
        var headerLength = local.Length;
        if (headerLength > held)
        {
            throw Mismatch(SR.ZipLocalHeaderOverruns);
        }

        var localName = buffer.AsSpan(ZipRecords.LocalHeaderSize, local.NameLength);
        if (!localName.SequenceEqual(cd.Name(e)))
        {
            throw new ModuleZipException(ModuleZipErrorKind.CentralDirectoryMismatch, SRFormat.Format(SR.ZipLocalNameDiffers, w.CurrentName, Encoding.UTF8.GetString(localName)), w.CurrentName);
        }

        // Compared with the central directory below, so a short field is read as far as it goes.
        var usize = local.UncompressedSize;
        var csize = local.CompressedSize;
        var zip64 = ZipExtraFields.ApplyLocalZip64(buffer.AsSpan(ZipRecords.LocalHeaderSize + local.NameLength, local.ExtraLength), lenient: true, ref usize, ref csize) == ZipExtraFields.LocalZip64.Present;
        if (local.Method != e.Method || ((local.Flags ^ e.Flags) & (ZipRecords.FlagDataDescriptor | ZipRecords.FlagEncrypted)) != 0)
        {
            throw Mismatch(SR.ZipLocalMethodDiffers);
        }

        var hasDescriptor = local.HasDataDescriptor;
        if (!hasDescriptor && (local.Crc32 != e.Crc32 || csize != e.CompressedSize || usize != e.UncompressedSize))
        {
            throw Mismatch(SR.ZipLocalSizesDiffer);
        }

        var dataEnd = headerLength + e.CompressedSize; // relative to the local header
        if (dataEnd > spanLength)
        {
            throw Mismatch(SR.ZipDataOverruns);
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
            throw w.Error(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipEntryShorterThanDeclared);
        }

        var actualCrc = w.Sink.Crc;
        w.Sink.End(digest);
        if (e.Crc32 != 0 && actualCrc != e.Crc32)
        {
            throw w.Error(ModuleZipErrorKind.ChecksumMismatch, SR.ZipEntryChecksum);
        }

        if (!hasDescriptor)
        {
            return e.LocalHeaderOffset + dataEnd;
        }

        var maxLength = ZipLocalHeader.DescriptorLength(signed: true, zip64);
        Span<byte> d = stackalloc byte[ZipRecords.MaxDataDescriptorSize];
        var available = (int)Math.Min(maxLength, spanLength - dataEnd);
        if (available < maxLength - 4)
        {
            throw Mismatch(SR.ZipDescriptorMissing);
        }

        d = d[..available];
        ReadExactly(handle, d, e.LocalHeaderOffset + dataEnd);
        var signature = available == maxLength && ZipLocalHeader.IsSignedDescriptor(d);
        ZipLocalHeader.ReadDescriptor(signature ? d[4..] : d, zip64, out var dcrc, out var dcsize, out var dusize);
        if (dcrc != e.Crc32)
        {
            throw w.Error(ModuleZipErrorKind.ChecksumMismatch, SR.ZipEntryChecksumDescriptor);
        }

        if (dcsize != e.CompressedSize || dusize != e.UncompressedSize)
        {
            throw Mismatch(SR.ZipDescriptorSizesDifferCentral);
        }

        return e.LocalHeaderOffset + dataEnd + ZipLocalHeader.DescriptorLength(signature, zip64);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0)
            {
                throw new ModuleZipException(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipUnexpectedEof);
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    /// <summary>Feeds the entry's compressed bytes (first those already in the buffer, then further reads) to the sink.</summary>
    private static void Inflate(SafeFileHandle handle, ZipCentralEntry e, int dataStart, int held, SeekableZipWorker w)
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
                    throw w.Error(ModuleZipErrorKind.CentralDirectoryMismatch, SR.ZipDeflateEndsEarly);
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
            throw w.Error(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipDeflateTruncated);
        }
    }

    private static bool InflateChunk(SeekableZipWorker w, ReadOnlySpan<byte> input, long leftAfter)
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
                throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, SRFormat.Format(SR.ZipEntryNotValidDeflate, w.CurrentName, ex.Message), w.CurrentName, null, ex);
            }

            input = input[consumed..];
            w.Sink.Write(inflater.Pending);
            inflater.MarkDrained();
            if (status == InflateStatus.Done)
            {
                if (inflater.TakeUnusedInput() != 0 || !input.IsEmpty || leftAfter != 0)
                {
                    throw w.Error(ModuleZipErrorKind.CentralDirectoryMismatch, SR.ZipDeflateEndsEarly);
                }

                return true;
            }

            if (status == InflateStatus.NeedsInput)
            {
                return false;
            }
        }
    }
}
