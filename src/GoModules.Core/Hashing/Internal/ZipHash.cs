using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading;

namespace GoModules.Hashing.Internal;

/// <summary>
/// The h1 hash of a zip archive with the semantics of x/mod's <c>dirhash.HashZip</c>: every entry
/// (directories included) contributes a line under its raw stored name; entries with the same name
/// all use the content of the last of them. Each entry is inflated once, on whichever core is free,
/// with Go's checks on sizes and CRC-32.
/// </summary>
internal static class ZipHash
{
    private const uint DataDescriptorSignature = 0x08074b50;
    private const int HeaderSlack = 128;

    public static string Compute(ZipSource source, IBufferWriter<byte>? capture, CancellationToken cancellationToken)
    {
        using var directory = ZipDirectory.Read(source);
        var entries = directory.Entries;
        var count = entries.Length;

        // Sort positions by raw name bytes (Go compares strings byte-wise).
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => directory.NameOf(entries[a]).SequenceCompareTo(directory.NameOf(entries[b])));

        // Equal names form one group, hashed once, from the last such entry in archive order.
        var groupOf = new int[count];
        var content = new List<int>();
        var newlineAt = count;
        for (var pos = 0; pos < count; pos++)
        {
            var entryIndex = order[pos];
            var name = directory.NameOf(entries[entryIndex]);
            if (newlineAt == count && name.Contains((byte)'\n'))
            {
                newlineAt = pos;
            }

            if (pos > 0 && name.SequenceEqual(directory.NameOf(entries[order[pos - 1]])))
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
            var size = (long)Math.Min(entries[content[g]].UncompressedSize, long.MaxValue / 2);
            sizes[g] = size;
            total += Math.Min(size, 1L << 40);
        }

        var digests = new byte[groupsToHash * HashWorker.DigestSize];
        ParallelHashing.Run(
            groupsToHash,
            sizes,
            ParallelHashing.WorkerCount(groupsToHash, total),
            (worker, g) => HashEntry(source, worker, entries[content[g]], digests.AsSpan(g * HashWorker.DigestSize, HashWorker.DigestSize)),
            cancellationToken);

        if (newlineAt < count)
        {
            throw DirHash.NewlineError(Encoding.UTF8.GetString(directory.NameOf(entries[order[newlineAt]])));
        }

        var summary = new SummaryWriter(capture);
        try
        {
            for (var pos = 0; pos < count; pos++)
            {
                summary.AppendLine(digests.AsSpan(groupOf[pos] * HashWorker.DigestSize, HashWorker.DigestSize), directory.NameOf(entries[order[pos]]));
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
        using var directory = ZipDirectory.Read(source);
        var names = new List<string>(directory.Entries.Length);
        foreach (var entry in directory.Entries)
        {
            names.Add(Encoding.UTF8.GetString(directory.NameOf(entry)));
        }

        return names;
    }

    private static void HashEntry(ZipSource source, HashWorker worker, in ZipDirectoryEntry entry, Span<byte> digest)
    {
        if (entry.HeaderOffset < 0)
        {
            throw new InvalidDataException("zip: negative offset");
        }

        var input = worker.ZipInput;
        var compressedSize = (long)Math.Min(entry.CompressedSize, long.MaxValue / 2);
        var wanted = ZipDirectory.LocalHeaderLength + entry.NameLength + HeaderSlack + compressedSize + ZipDirectory.DataDescriptorLength;
        var toRead = (int)Math.Min(wanted, input.Length);
        var read = source.ReadAt(entry.HeaderOffset, input.AsSpan(0, toRead));
        if (read < ZipDirectory.LocalHeaderLength)
        {
            throw new InvalidDataException(read == 0 ? "EOF" : ZipDirectory.UnexpectedEof);
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(input) != 0x04034b50)
        {
            throw ZipDirectory.Format();
        }

        int localNameLength = BinaryPrimitives.ReadUInt16LittleEndian(input.AsSpan(26));
        int localExtraLength = BinaryPrimitives.ReadUInt16LittleEndian(input.AsSpan(28));
        long bodyOffset = ZipDirectory.LocalHeaderLength + localNameLength + localExtraLength;
        if (entry.Method is not (0 or 8))
        {
            throw new InvalidDataException(ZipDirectory.UnsupportedAlgorithm);
        }

        var dataStart = entry.HeaderOffset + bodyOffset;
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

        ulong produced;
        uint crc;
        if (entry.Method == 0)
        {
            (produced, crc) = worker.HashZipContent(raw, entry.UncompressedSize, digest);
        }
        else
        {
            using var inflater = new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true);
            (produced, crc) = worker.HashZipContent(inflater, entry.UncompressedSize, digest);
        }

        if (produced != entry.UncompressedSize)
        {
            throw new InvalidDataException(ZipDirectory.UnexpectedEof);
        }

        if (entry.HasDataDescriptor)
        {
            Span<byte> descriptor = stackalloc byte[ZipDirectory.DataDescriptorLength];
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

            var signed = got >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(descriptor) == DataDescriptorSignature;
            if (got < (signed ? 16 : 12))
            {
                throw new InvalidDataException(ZipDirectory.UnexpectedEof);
            }

            var recorded = BinaryPrimitives.ReadUInt32LittleEndian(signed ? descriptor[4..] : descriptor);
            if (recorded != entry.Crc32 || crc != entry.Crc32)
            {
                throw new InvalidDataException(ZipDirectory.ChecksumError);
            }
        }
        else if (entry.Crc32 != 0 && crc != entry.Crc32)
        {
            throw new InvalidDataException(ZipDirectory.ChecksumError);
        }
    }
}
