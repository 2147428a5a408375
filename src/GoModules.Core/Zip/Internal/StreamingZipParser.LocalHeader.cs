using System;
using System.Buffers;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>Local headers: the entry name, method and declared sizes checked before any data.</summary>
internal sealed partial class StreamingZipParser
{
    private bool TryLocalHeader(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.LocalHeaderSize)
        {
            return false;
        }

        var fixedPart = _scratch.AsSpan(0, ZipRecords.LocalHeaderSize);
        buffer.Slice(offset, ZipRecords.LocalHeaderSize).CopyTo(fixedPart);
        var local = ZipLocalHeader.Read(fixedPart);
        var total = local.Length;
        if (available < total)
        {
            return false;
        }

        var h = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(h);
        var flags = local.Flags;
        var method = local.Method;
        var crc = local.Crc32;
        var csize = local.CompressedSize;
        var usize = local.UncompressedSize;
        var name = h.Slice(ZipRecords.LocalHeaderSize, local.NameLength);
        var zip64 = ZipExtraFields.ApplyLocalZip64(h.Slice(ZipRecords.LocalHeaderSize + local.NameLength, local.ExtraLength), lenient: false, ref usize, ref csize);
        if (zip64 == ZipExtraFields.LocalZip64.Malformed)
        {
            throw Format(SR.ZipMalformedLocalExtra);
        }

        if (usize < 0 || csize < 0 || (usize == uint.MaxValue && zip64 == ZipExtraFields.LocalZip64.Absent))
        {
            throw Format(SR.ZipMalformedLocalSizes);
        }

        // Record the entry first so that errors can name it.
        var index = AddEntry(name);
        ref var e = ref _entries[index];
        e.LocalOffset = _position;
        e.Flags = flags;
        e.Method = method;
        e.Zip64 = zip64 == ZipExtraFields.LocalZip64.Present;

        if ((flags & (ZipRecords.FlagEncrypted | ZipRecords.FlagStrongEncryption)) != 0)
        {
            throw EntryError(ModuleZipErrorKind.Encrypted, SR.ZipEntryEncrypted);
        }

        if (method is not (ZipRecords.MethodStored or ZipRecords.MethodDeflated))
        {
            throw EntryError(ModuleZipErrorKind.UnsupportedCompression, SR.ZipEntryUnsupportedAlgorithm);
        }

        var verdict = _names.Check(name, out var relative, out var error);
        if (verdict == EntryVerdict.Invalid)
        {
            throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, error!.ToString(), error.Path, [error]);
        }

        var hasDescriptor = (flags & ZipRecords.FlagDataDescriptor) != 0;
        var sizesKnown = !hasDescriptor || (method == ZipRecords.MethodStored && csize != 0);
        if (hasDescriptor && method == ZipRecords.MethodStored && csize == 0)
        {
            // Nothing delimits the data of such an entry in a stream (the go command never writes one).
            throw Format(EntryMessage(SR.ZipStoredDescriptorNoSize));
        }

        if (sizesKnown && method == ZipRecords.MethodStored && csize != usize)
        {
            throw Format(EntryMessage(SR.ZipStoredSizesDiffer));
        }

        // Limits: what the header declares is checked now; the bytes themselves as they arrive.
        long limit;
        EntrySink.LimitKind limitKind;
        var fileLimit = verdict == EntryVerdict.File ? EntryNameChecker.FileLimit(relative) : -1;
        var budget = ModuleZipLimits.MaxZipFile - _names.TotalSize;
        if (!hasDescriptor)
        {
            // The total first: the go command reports a module that is too large before any file error.
            if (usize > budget)
            {
                throw EntryError(ModuleZipErrorKind.ContentsTooLarge, SR.ZipEntryContentsTooLarge);
            }

            if (fileLimit >= 0 && usize > fileLimit)
            {
                var fe = EntryNameChecker.FileTooLarge(name, relative);
                throw new ModuleZipException(ModuleZipErrorKind.InvalidFiles, fe.ToString(), fe.Path, [fe]);
            }

            limit = usize;
            limitKind = EntrySink.LimitKind.Declared;
        }
        else if (fileLimit >= 0 && fileLimit < budget)
        {
            limit = fileLimit;
            limitKind = EntrySink.LimitKind.FileLimit;
        }
        else
        {
            limit = budget;
            limitKind = EntrySink.LimitKind.Budget;
        }

        e.DeclaredCrc = crc;
        e.DeclaredCompressed = sizesKnown ? csize : -1;
        e.DeclaredUncompressed = hasDescriptor ? -1 : usize;
        var extract = false;
        if (verdict == EntryVerdict.File)
        {
            e.IsFile = true;
            FileCount++;
            if (_writer is not null)
            {
                _writer.BeginFile(relative, hasDescriptor ? 0 : usize);
                extract = true;
            }
        }

        _sink.Begin(null, extract ? _writer : null, limit, limitKind);
        _compressedLeft = sizesKnown ? csize : long.MaxValue;
        _inflater.Reset();
        offset += total;
        _position += total;
        _state = State.Data;
        return true;
    }
}
