using System;
using System.Buffers;
using System.Text;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>Central directory headers, reconciled one by one with the entries streamed before them.</summary>
internal sealed partial class StreamingZipParser
{
    private bool TryCentralHeader(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.CentralHeaderSize)
        {
            return false;
        }

        var fixedPart = _scratch.AsSpan(0, ZipRecords.CentralHeaderSize);
        buffer.Slice(offset, ZipRecords.CentralHeaderSize).CopyTo(fixedPart);
        var total = ZipCentralEntry.RecordLength(fixedPart);
        if (available < total)
        {
            return false;
        }

        var h = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(h);
        if (_cdIndex >= _count)
        {
            throw Mismatch(SR.ZipCentralMoreEntries);
        }

        ref var e = ref _entries[_cdIndex];
        if (!ZipCentralEntry.TryRead(h, out var c))
        {
            throw Format(SRFormat.Format(SR.ZipCentralZip64Missing, _cdIndex));
        }

        var name = h.Slice(c.NameOffset, c.NameLength);
        _currentCentralIndex = _cdIndex;
        if (!name.SequenceEqual(_nameArena.AsSpan(e.NameStart, e.NameLength)))
        {
            throw Mismatch(SRFormat.Format(SR.ZipCentralNameDiffers, _cdIndex, Encoding.UTF8.GetString(name), CurrentEntryName()));
        }

        if (c.Method != e.Method || ((c.Flags ^ e.Flags) & (ZipRecords.FlagDataDescriptor | ZipRecords.FlagEncrypted)) != 0)
        {
            throw Mismatch(EntryMessage(SR.ZipCentralMethodDiffers));
        }

        // Report what the go command (which trusts the central directory) would have seen: first
        // the limits on the declared sizes, then the data that disagrees with them.
        if (e.IsFile)
        {
            var relative = _nameArena.AsSpan(e.NameStart + _prefixLength, e.NameLength - _prefixLength);
            var limit = EntryNameChecker.FileLimit(relative);
            if (limit >= 0 && c.UncompressedSize > limit)
            {
                var fe = EntryNameChecker.FileTooLarge(_nameArena.AsSpan(e.NameStart, e.NameLength), relative);
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            if (c.UncompressedSize < 0 || c.UncompressedSize > ModuleZipLimits.MaxZipFile - _centralDeclaredTotal)
            {
                throw EntryError(ModuleZipErrorKind.ContentsTooLarge, SR.ZipEntryContentsTooLarge);
            }

            _centralDeclaredTotal += c.UncompressedSize;
        }

        if (c.UncompressedSize < e.ActualUncompressed)
        {
            throw EntryError(ModuleZipErrorKind.ZipFormat, SR.ZipCentralYieldsMore);
        }

        if (c.UncompressedSize > e.ActualUncompressed)
        {
            throw EntryError(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipCentralYieldsLess);
        }

        if (c.Crc32 != e.RecordedCrc)
        {
            throw c.Crc32 != 0 && c.Crc32 != e.ActualCrc
                ? EntryError(ModuleZipErrorKind.ChecksumMismatch, SR.ZipEntryChecksumCentral)
                : Mismatch(EntryMessage(SR.ZipCentralCrcDiffers));
        }

        if (c.CompressedSize != e.ActualCompressed)
        {
            throw Mismatch(EntryMessage(SR.ZipCentralCompressedDiffers));
        }

        if (c.LocalHeaderOffset != e.LocalOffset)
        {
            throw Mismatch(EntryMessage(SR.ZipCentralOffsetDiffers));
        }

        if (c.IsSymbolicLink && !_allowSymlinks)
        {
            var fe = new ModuleZipFileError(CurrentEntryName(), ModuleZipFileErrorKind.SymbolicLink, SR.ZipSymbolicLinkEntry);
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
        }

        _cdIndex++;
        offset += total;
        _position += total;
        _state = State.Signature;
        return true;
    }

    private void RequireDirectoryComplete()
    {
        if (_cdIndex != _count)
        {
            throw Mismatch(SR.ZipCentralFewerEntries);
        }

        if (_cdStart < 0)
        {
            _cdStart = _position; // empty directory
        }
    }
}
