using System;
using System.Buffers.Binary;

namespace GoModules.Kernel.Zip;

/// <summary>
/// The end of central directory record, completed from the zip64 end record when there is one: where the central
/// directory is and how many headers it holds. The one place that finds and decodes the end records, for every
/// reader (the go-compatible hash reader, the seekable reader and the streaming reader).
/// </summary>
internal struct ZipEndRecord
{
    /// <summary>Number of this disk (0 in any archive a module uses).</summary>
    public ushort DiskNumber;

    /// <summary>Disk where the central directory starts.</summary>
    public ushort DirectoryDisk;

    /// <summary>Central directory headers on this disk.</summary>
    public ulong EntriesOnDisk;

    /// <summary>Central directory headers in all.</summary>
    public ulong EntriesTotal;

    /// <summary>Size of the central directory in bytes.</summary>
    public ulong DirectorySize;

    /// <summary>Offset of the first central directory header (from the start of the archive data).</summary>
    public ulong DirectoryOffset;

    /// <summary>Length of the archive comment that follows the (32-bit) end record.</summary>
    public ushort CommentLength;

    /// <summary>
    /// Gets a value indicating whether a field of the 32-bit record is saturated, so that the zip64 end record, if
    /// there is one, holds the real values. As in Go's <c>archive/zip</c>, the directory size counts as saturated at
    /// 0xFFFF (the width of the count fields).
    /// </summary>
    public readonly bool NeedsZip64 => EntriesTotal == 0xFFFF || DirectorySize == 0xFFFF || DirectoryOffset == 0xFFFFFFFF;

    /// <summary>
    /// Finds the end record in the last bytes of an archive: the last end-record signature whose comment length
    /// fits in what follows it.
    /// </summary>
    /// <param name="tail">The last bytes of the archive.</param>
    /// <returns>The offset of the record in <paramref name="tail"/>, or -1.</returns>
    public static int Find(ReadOnlySpan<byte> tail)
    {
        for (var i = tail.Length - ZipRecords.EndOfCentralDirectorySize; i >= 0; i--)
        {
            if (tail[i] == (byte)'P' && tail[i + 1] == (byte)'K' && tail[i + 2] == 0x05 && tail[i + 3] == 0x06)
            {
                var n = BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + ZipRecords.End.CommentLength)..]);
                if (n + ZipRecords.EndOfCentralDirectorySize + i <= tail.Length)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>Decodes a 32-bit end record (its signature is not checked).</summary>
    /// <param name="record">At least <see cref="ZipRecords.EndOfCentralDirectorySize"/> bytes from the signature.</param>
    /// <returns>The fields.</returns>
    public static ZipEndRecord Read(ReadOnlySpan<byte> record) => new()
    {
        DiskNumber = BinaryPrimitives.ReadUInt16LittleEndian(record[ZipRecords.End.DiskNumber..]),
        DirectoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[ZipRecords.End.CentralDirectoryDisk..]),
        EntriesOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[ZipRecords.End.EntriesOnDisk..]),
        EntriesTotal = BinaryPrimitives.ReadUInt16LittleEndian(record[ZipRecords.End.EntriesTotal..]),
        DirectorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[ZipRecords.End.CentralDirectorySize..]),
        DirectoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[ZipRecords.End.CentralDirectoryOffset..]),
        CommentLength = BinaryPrimitives.ReadUInt16LittleEndian(record[ZipRecords.End.CommentLength..]),
    };

    /// <summary>
    /// Decodes a zip64 end locator as Go's <c>archive/zip</c> accepts it: its signature, the zip64 end record on
    /// disk 0 and one disk in all.
    /// </summary>
    /// <param name="locator">The <see cref="ZipRecords.Zip64LocatorSize"/> bytes before the 32-bit end record.</param>
    /// <param name="recordOffset">The offset of the zip64 end record (as stored; may be out of range).</param>
    /// <returns>False when the bytes are not such a locator (the archive then has no zip64 end record).</returns>
    public static bool TryReadZip64Locator(ReadOnlySpan<byte> locator, out long recordOffset)
    {
        recordOffset = BinaryPrimitives.ReadInt64LittleEndian(locator[ZipRecords.End64.LocatorRecordOffset..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(locator) == ZipRecords.Zip64LocatorSignature
            && BinaryPrimitives.ReadUInt32LittleEndian(locator[ZipRecords.End64.LocatorDisk..]) == 0
            && BinaryPrimitives.ReadUInt32LittleEndian(locator[ZipRecords.End64.LocatorTotalDisks..]) == 1;
    }

    /// <summary>Replaces the counts, size and offset with those of a zip64 end record.</summary>
    /// <param name="record">At least <see cref="ZipRecords.Zip64EndOfCentralDirectorySize"/> bytes from the record's start.</param>
    /// <returns>False when the bytes do not start with the zip64 end record signature (nothing is changed then).</returns>
    public bool TryApplyZip64(ReadOnlySpan<byte> record)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != ZipRecords.Zip64EndOfCentralDirectorySignature)
        {
            return false;
        }

        EntriesOnDisk = BinaryPrimitives.ReadUInt64LittleEndian(record[ZipRecords.End64.EntriesOnDisk..]);
        EntriesTotal = BinaryPrimitives.ReadUInt64LittleEndian(record[ZipRecords.End64.EntriesTotal..]);
        DirectorySize = BinaryPrimitives.ReadUInt64LittleEndian(record[ZipRecords.End64.CentralDirectorySize..]);
        DirectoryOffset = BinaryPrimitives.ReadUInt64LittleEndian(record[ZipRecords.End64.CentralDirectoryOffset..]);
        return true;
    }

    /// <summary>The size of a zip64 end record from its size field (the bytes after the first 12).</summary>
    /// <param name="head">At least the first 12 bytes of the record.</param>
    /// <returns>The whole record's length, or -1 when the field is below the fixed size or above 64 KiB.</returns>
    public static int Zip64RecordLength(ReadOnlySpan<byte> head)
    {
        var rest = BinaryPrimitives.ReadInt64LittleEndian(head[ZipRecords.End64.RecordSize..]);
        return rest < ZipRecords.Zip64EndOfCentralDirectorySize - 12 || rest > 65536 ? -1 : 12 + (int)rest;
    }
}
