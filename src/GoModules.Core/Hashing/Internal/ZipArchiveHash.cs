using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;
using GoModules.Kernel;
using GoModules.Kernel.Hashing;
using GoModules.Kernel.Zip;

namespace GoModules.Hashing.Internal;

/// <summary>
/// The h1 hash of a zip archive with the semantics of x/mod's <c>dirhash.HashZip</c>: every entry
/// (directories included) contributes a line under its raw stored name; entries with the same name
/// all use the content of the last of them. Each entry is inflated once, on whichever core is free,
/// with Go's checks on sizes and CRC-32.
/// </summary>
internal static class ZipArchiveHash
{
    private const int HeaderSlack = 128;
    private const int DescriptorLength = 16;

    public static string Compute(ZipSource source, IBufferWriter<byte>? capture, CancellationToken cancellationToken)
    {
        using var directory = ZipCentralDirectory.ReadGoCompatible(source);
        var count = directory.Count;

        // Sort positions by raw name bytes (Go compares strings byte-wise).
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => directory.Name(directory[a]).SequenceCompareTo(directory.Name(directory[b])));

        // Equal names form one group, hashed once, from the last such entry in archive order.
        var groupOf = new int[count];
        var content = new List<int>();
        var newlineAt = count;
        for (var pos = 0; pos < count; pos++)
        {
            var entryIndex = order[pos];
            var name = directory.Name(directory[entryIndex]);
            if (newlineAt == count && name.Contains((byte)'\n'))
            {
                newlineAt = pos;
            }

            if (pos > 0 && name.SequenceEqual(directory.Name(directory[order[pos - 1]])))
            {
                var g = content.Count - 1;
                content[g] = Math.Max(content[g], entryIndex);
                groupOf[pos] = g;
            }
            else
            {
                groupOf[pos] = content.Count;
                content.Add(entryIndex);
            }
        }

        // Go stops at the first name with a newline: only groups before it are opened.
        var groupsToHash = newlineAt == count ? content.Count : groupOf[newlineAt];
        var sizes = new long[groupsToHash];
        long total = 0;
        for (var g = 0; g < groupsToHash; g++)
        {
            var size = (long)Math.Min((ulong)directory[content[g]].UncompressedSize, long.MaxValue / 2);
            sizes[g] = size;
            total += Math.Min(size, 1L << 40);
        }

        var digests = new byte[groupsToHash * HashWorker.DigestSize];
        ParallelHashing.Run(
            groupsToHash,
            sizes,
            ParallelHashing.WorkerCount(groupsToHash, total),
            (worker, g) => HashEntry(source, worker, directory[content[g]], digests.AsSpan(g * HashWorker.DigestSize, HashWorker.DigestSize)),
            cancellationToken);

        if (newlineAt < count)
        {
            throw DirHash.NewlineError(Encoding.UTF8.GetString(directory.Name(directory[order[newlineAt]])));
        }

        var summary = new SummaryWriter(capture);
        try
        {
            for (var pos = 0; pos < count; pos++)
            {
                summary.AppendLine(digests.AsSpan(groupOf[pos] * HashWorker.DigestSize, HashWorker.DigestSize), directory.Name(directory[order[pos]]));
            }

            return summary.Finish();
        }
        finally
        {
            summary.Dispose();
        }
    }

    /// <summary>The entry names in archive order, decoded as UTF-8.</summary>
    public static List<string> ListNames(ZipSource source)
    {
        using var directory = ZipCentralDirectory.ReadGoCompatible(source);
        var names = new List<string>(directory.Count);
        for (var i = 0; i < directory.Count; i++)
        {
            names.Add(Encoding.UTF8.GetString(directory.Name(directory[i])));
        }

        return names;
    }

    private static void HashEntry(ZipSource source, HashWorker worker, in ZipCentralEntry entry, Span<byte> digest)
    {
        if (entry.LocalHeaderOffset < 0)
        {
            throw new InvalidDataException(SR.ZipNegativeOffset);
        }

        var input = worker.ZipInput;
        var compressedSize = (long)Math.Min((ulong)entry.CompressedSize, long.MaxValue / 2);
        var wanted = ZipRecords.LocalHeaderSize + entry.NameLength + HeaderSlack + compressedSize + DescriptorLength;
        var toRead = (int)Math.Min(wanted, input.Length);
        var read = source.ReadAt(entry.LocalHeaderOffset, input.AsSpan(0, toRead));
        if (read < ZipRecords.LocalHeaderSize)
        {
            throw new InvalidDataException(read == 0 ? SR.ZipEof : SR.ZipUnexpectedEof);
        }

        if (!ZipLocalHeader.HasSignature(input))
        {
            throw ZipCentralDirectory.Format();
        }

        // Like Go, only the lengths of the local name and extra field are taken from the local header.
        long bodyOffset = ZipLocalHeader.Read(input).Length;
        if (entry.Method is not (ZipRecords.MethodStored or ZipRecords.MethodDeflated))
        {
            throw new InvalidDataException(SR.ZipUnsupportedAlgorithm);
        }

        var dataStart = entry.LocalHeaderOffset + bodyOffset;
        Stream raw;
        if (bodyOffset + compressedSize <= read)
        {
            var stream = worker.ArrayStream;
            stream.Reset(input, (int)bodyOffset, (int)compressedSize);
            raw = stream;
        }
        else
        {
            var stream = worker.SegmentStream;
            stream.Reset(source, dataStart, compressedSize);
            raw = stream;
        }

        // Go's reader does not care where the deflate stream ends, so the platform's zlib does.
        ulong produced;
        uint crc;
        var declared = (ulong)entry.UncompressedSize;
        if (entry.Method == ZipRecords.MethodStored)
        {
            (produced, crc) = worker.HashZipContent(raw, declared, digest);
        }
        else
        {
            using var inflater = new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true);
            (produced, crc) = worker.HashZipContent(inflater, declared, digest);
        }

        if (produced != declared)
        {
            throw new InvalidDataException(SR.ZipUnexpectedEof);
        }

        if (entry.HasDataDescriptor)
        {
            Span<byte> descriptor = stackalloc byte[DescriptorLength];
            int got;
            var descriptorAt = bodyOffset + compressedSize;
            if (descriptorAt + descriptor.Length <= read)
            {
                // Usually read along with the header and data.
                input.AsSpan((int)descriptorAt, descriptor.Length).CopyTo(descriptor);
                got = descriptor.Length;
            }
            else
            {
                got = source.ReadAt(dataStart + compressedSize, descriptor);
            }

            // Go reads the 32-bit form (signature optional) and checks only its CRC-32.
            var signed = ZipLocalHeader.IsSignedDescriptor(descriptor[..got]);
            if (got < ZipLocalHeader.DescriptorLength(signed, zip64: false))
            {
                throw new InvalidDataException(SR.ZipUnexpectedEof);
            }

            var recorded = BinaryPrimitives.ReadUInt32LittleEndian(signed ? descriptor[4..] : descriptor);
            if (recorded != entry.Crc32 || crc != entry.Crc32)
            {
                throw new InvalidDataException(SR.ZipChecksumError);
            }
        }
        else if (entry.Crc32 != 0 && crc != entry.Crc32)
        {
            throw new InvalidDataException(SR.ZipChecksumError);
        }
    }
}
