using System;
using System.Buffers.Binary;

namespace GoModules.Kernel.Zip;

/// <summary>
/// One central directory header, its zip64 field applied; the name is kept by the owner (a slice of its buffer at
/// <see cref="NameOffset"/>). Sizes and the offset hold the stored 64-bit values as they are: a value over
/// <see cref="long.MaxValue"/> reads as negative.
/// </summary>
internal struct ZipCentralEntry
{
    /// <summary>Offset of the raw name bytes in the owner's buffer.</summary>
    public int NameOffset;

    /// <summary>Length of the raw name in bytes.</summary>
    public int NameLength;

    public ushort VersionMadeBy;
    public ushort Flags;
    public ushort Method;
    public uint Crc32;
    public long CompressedSize;
    public long UncompressedSize;

    /// <summary>Offset of the local header (the archive's base offset applied by readers that use one).</summary>
    public long LocalHeaderOffset;

    public uint ExternalAttributes;

    /// <summary>Gets a value indicating whether bit 3 says a data descriptor follows the data.</summary>
    public readonly bool HasDataDescriptor => (Flags & ZipRecords.FlagDataDescriptor) != 0;

    /// <summary>Gets a value indicating whether the entry is marked as a symbolic link (Unix mode S_IFLNK in the external attributes).</summary>
    public readonly bool IsSymbolicLink => (VersionMadeBy >> 8) is 3 or 19 && ((ExternalAttributes >> 16) & 0xF000) == 0xA000;

    /// <summary>The length of a whole header (fixed part, name, extra field and comment) from its fixed part.</summary>
    /// <param name="fixedPart">At least <see cref="ZipRecords.CentralHeaderSize"/> bytes from the signature.</param>
    /// <returns>The length in bytes.</returns>
    public static int RecordLength(ReadOnlySpan<byte> fixedPart)
        => ZipRecords.CentralHeaderSize
            + BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.NameLength..])
            + BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.ExtraLength..])
            + BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[ZipRecords.Central.CommentLength..]);

    /// <summary>
    /// Decodes one central directory header and applies its zip64 field (<see cref="ZipExtraFields.TryApplyCentralZip64"/>).
    /// The signature is not checked; <see cref="NameOffset"/> is set relative to <paramref name="header"/>.
    /// </summary>
    /// <param name="header">The header from its signature, holding at least its name and extra field.</param>
    /// <param name="entry">The entry.</param>
    /// <returns>False when the sizes or offset the header defers to zip64 are missing or truncated, as Go's
    /// reader reports them.</returns>
    public static bool TryRead(ReadOnlySpan<byte> header, out ZipCentralEntry entry)
    {
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.NameLength..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.ExtraLength..]);
        entry = new ZipCentralEntry
        {
            NameOffset = ZipRecords.CentralHeaderSize,
            NameLength = nameLength,
            VersionMadeBy = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.VersionMadeBy..]),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.Flags..]),
            Method = BinaryPrimitives.ReadUInt16LittleEndian(header[ZipRecords.Central.Method..]),
            Crc32 = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.Crc32..]),
            CompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.CompressedSize..]),
            UncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.UncompressedSize..]),
            ExternalAttributes = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.ExternalAttributes..]),
            LocalHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[ZipRecords.Central.LocalHeaderOffset..]),
        };
        return ZipExtraFields.TryApplyCentralZip64(header.Slice(ZipRecords.CentralHeaderSize + nameLength, extraLength), ref entry);
    }
}
