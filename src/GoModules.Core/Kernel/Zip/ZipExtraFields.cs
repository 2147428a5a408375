using System;
using System.Buffers.Binary;

namespace GoModules.Kernel.Zip;

/// <summary>
/// The extra field of a zip header (a list of tag, size, data) and the zip64 sizes and offset it may carry. One
/// parser for the central directory (Go's <c>archive/zip</c> rules) and for local headers (the module zip readers'
/// rules).
/// </summary>
internal static class ZipExtraFields
{
    /// <summary>What the zip64 field of a local header held.</summary>
    internal enum LocalZip64
    {
        /// <summary>No zip64 field.</summary>
        Absent,

        /// <summary>A zip64 field, its values applied.</summary>
        Present,

        /// <summary>The extra field's layout is broken (a field runs past its end).</summary>
        Malformed,
    }

    /// <summary>
    /// Applies the zip64 field of a central directory header as Go's <c>archive/zip</c> does: every field tagged
    /// zip64 supplies, in order, the uncompressed size, compressed size and header offset that the fixed part left
    /// saturated and that no earlier zip64 field supplied; a field too short for a value it must supply fails; a
    /// field that runs past the end of the extra data stops the scan.
    /// </summary>
    /// <param name="extra">The extra field.</param>
    /// <param name="entry">The entry decoded from the fixed part.</param>
    /// <returns>False when a saturated compressed size or offset is left without a value (or a field is too short).</returns>
    public static bool TryApplyCentralZip64(ReadOnlySpan<byte> extra, ref ZipCentralEntry entry)
    {
        var needUncompressed = entry.UncompressedSize == uint.MaxValue;
        var needCompressed = entry.CompressedSize == uint.MaxValue;
        var needOffset = entry.LocalHeaderOffset == uint.MaxValue;
        while (TryNext(ref extra, lenient: false, out var tag, out var field))
        {
            if (tag != ZipRecords.Zip64ExtraId)
            {
                continue;
            }

            if (needUncompressed)
            {
                needUncompressed = false;
                if (!TryTake(ref field, out entry.UncompressedSize))
                {
                    return false;
                }
            }

            if (needCompressed)
            {
                needCompressed = false;
                if (!TryTake(ref field, out entry.CompressedSize))
                {
                    return false;
                }
            }

            if (needOffset)
            {
                needOffset = false;
                if (!TryTake(ref field, out entry.LocalHeaderOffset))
                {
                    return false;
                }
            }
        }

        return !needCompressed && !needOffset;
    }

    /// <summary>
    /// Applies the zip64 field of a local header: each zip64 field replaces a saturated uncompressed size, then a
    /// saturated compressed size, when it has the 8 bytes for it.
    /// </summary>
    /// <param name="extra">The extra field.</param>
    /// <param name="lenient">Whether a field that runs past the end is read as far as it goes (the seekable reader,
    /// which checks the result against the central directory) rather than reported as malformed.</param>
    /// <param name="uncompressedSize">The uncompressed size from the fixed part; replaced.</param>
    /// <param name="compressedSize">The compressed size from the fixed part; replaced.</param>
    /// <returns>Whether a zip64 field was there, or the layout is malformed.</returns>
    public static LocalZip64 ApplyLocalZip64(ReadOnlySpan<byte> extra, bool lenient, ref long uncompressedSize, ref long compressedSize)
    {
        var found = false;
        while (extra.Length >= 4)
        {
            if (!TryNext(ref extra, lenient, out var tag, out var field))
            {
                return LocalZip64.Malformed;
            }

            if (tag != ZipRecords.Zip64ExtraId)
            {
                continue;
            }

            found = true;
            if (uncompressedSize == uint.MaxValue && field.Length >= 8)
            {
                TryTake(ref field, out uncompressedSize);
            }

            if (compressedSize == uint.MaxValue && field.Length >= 8)
            {
                TryTake(ref field, out compressedSize);
            }
        }

        return found ? LocalZip64.Present : LocalZip64.Absent;
    }

    /// <summary>Takes the next field off <paramref name="extra"/>.</summary>
    /// <returns>False when fewer than 4 bytes are left, or (unless <paramref name="lenient"/>, which then gives
    /// the rest as the field) when the field runs past the end.</returns>
    private static bool TryNext(ref ReadOnlySpan<byte> extra, bool lenient, out ushort tag, out ReadOnlySpan<byte> field)
    {
        if (extra.Length < 4)
        {
            tag = 0;
            field = default;
            return false;
        }

        tag = BinaryPrimitives.ReadUInt16LittleEndian(extra);
        int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
        extra = extra[4..];
        if (extra.Length < size)
        {
            if (!lenient)
            {
                field = default;
                return false;
            }

            size = extra.Length;
        }

        field = extra[..size];
        extra = extra[size..];
        return true;
    }

    private static bool TryTake(ref ReadOnlySpan<byte> field, out long value)
    {
        if (field.Length < 8)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadInt64LittleEndian(field);
        field = field[8..];
        return true;
    }
}
