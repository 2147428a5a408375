using System;
using System.Buffers.Binary;

namespace GoModules.Kernel.Zip;

/// <summary>The fixed part of a local file header, and the data descriptor that may follow an entry's data.</summary>
internal readonly struct ZipLocalHeader
{
    public ushort Flags { get; init; }

    public ushort Method { get; init; }

    public uint Crc32 { get; init; }

    public long CompressedSize { get; init; }

    public long UncompressedSize { get; init; }

    public int NameLength { get; init; }

    public int ExtraLength { get; init; }

    /// <summary>Gets the length of the whole header: the fixed part, the name and the extra field.</summary>
    public int Length => ZipRecords.LocalHeaderSize + NameLength + ExtraLength;

    /// <summary>Gets a value indicating whether bit 3 says a data descriptor follows the data.</summary>
    public bool HasDataDescriptor => (Flags & ZipRecords.FlagDataDescriptor) != 0;

    /// <summary>Whether <paramref name="data"/> starts with a local header signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data)
        => data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == ZipRecords.LocalHeaderSignature;

    /// <summary>Decodes the fixed part (the signature is not checked).</summary>
    /// <param name="header">At least <see cref="ZipRecords.LocalHeaderSize"/> bytes from the signature.</param>
    /// <returns>The fields, sizes as the fixed part stores them (before any zip64 field).</returns>
    public static ZipLocalHeader Read(ReadOnlySpan<byte> header) => new()
    {
        Flags = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Local.Flags..]),
        Method = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Local.Method..]),
        Crc32 = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Local.Crc32..]),
        CompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Local.CompressedSize..]),
        UncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Local.UncompressedSize..]),
        NameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Local.NameLength..]),
        ExtraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Local.ExtraLength..]),
    };

    /// <summary>The length of a data descriptor.</summary>
    /// <param name="signed">Whether it starts with the optional signature.</param>
    /// <param name="zip64">Whether its sizes are 64-bit (the local header had a zip64 field).</param>
    /// <returns>16 or 12 bytes for 32-bit sizes, 24 or 20 for 64-bit ones.</returns>
    public static int DescriptorLength(bool signed, bool zip64) => (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8);

    /// <summary>Whether a data descriptor starts with its (optional) signature.</summary>
    public static bool IsSignedDescriptor(ReadOnlySpan<byte> descriptor)
        => descriptor.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(descriptor) == ZipRecords.DataDescriptorSignature;

    /// <summary>Decodes the fields of a data descriptor that come after its optional signature.</summary>
    /// <param name="fields">The CRC-32 and the two sizes.</param>
    /// <param name="zip64">Whether the sizes are 64-bit.</param>
    /// <param name="crc">The CRC-32.</param>
    /// <param name="compressedSize">The compressed size.</param>
    /// <param name="uncompressedSize">The uncompressed size.</param>
    public static void ReadDescriptor(ReadOnlySpan<byte> fields, bool zip64, out uint crc, out long compressedSize, out long uncompressedSize)
    {
        crc = BinaryPrimitives.ReadUInt32LittleEndian(fields);
        if (zip64)
        {
            compressedSize = BinaryPrimitives.ReadInt64LittleEndian(fields[4..]);
            uncompressedSize = BinaryPrimitives.ReadInt64LittleEndian(fields[12..]);
        }
        else
        {
            compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(fields[4..]);
            uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(fields[8..]);
        }
    }
}
