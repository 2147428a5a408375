using System;
using System.Buffers;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>The end records, the comment and what may trail them: each must agree with what was streamed.</summary>
internal sealed partial class StreamingZipParser
{
    private bool TryZip64End(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.Zip64EndOfCentralDirectorySize)
        {
            return false;
        }

        RequireDirectoryComplete();
        var head = _scratch.AsSpan(0, 12);
        buffer.Slice(offset, 12).CopyTo(head);
        var total = ZipEndRecord.Zip64RecordLength(head);
        if (total < 0)
        {
            throw Mismatch(SR.ZipMalformedZip64End);
        }

        if (available < total)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, total);
        buffer.Slice(offset, total).CopyTo(r);
        var end = default(ZipEndRecord);
        if (!end.TryApplyZip64(r)
            || end.EntriesTotal != (ulong)_count || end.EntriesOnDisk != (ulong)_count
            || end.DirectoryOffset != (ulong)_cdStart || end.DirectorySize != (ulong)(_position - _cdStart))
        {
            throw Mismatch(SR.ZipZip64EndDisagrees);
        }

        _zip64EndOffset = _position;
        _sawZip64End = true;
        offset += total;
        _position += total;
        _state = State.Signature;
        return true;
    }

    private bool TryZip64Locator(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.Zip64LocatorSize)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, ZipRecords.Zip64LocatorSize);
        buffer.Slice(offset, ZipRecords.Zip64LocatorSize).CopyTo(r);

        // A locator that Go's reader would not follow would make it read other end values than these.
        if (!ZipEndRecord.TryReadZip64Locator(r, out var recordOffset) || recordOffset != _zip64EndOffset)
        {
            throw Mismatch(SR.ZipZip64LocatorElsewhere);
        }

        offset += ZipRecords.Zip64LocatorSize;
        _position += ZipRecords.Zip64LocatorSize;
        _state = State.Signature;
        return true;
    }

    private bool TryEnd(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        if (available < ZipRecords.EndOfCentralDirectorySize)
        {
            return false;
        }

        var r = _scratch.AsSpan(0, ZipRecords.EndOfCentralDirectorySize);
        buffer.Slice(offset, ZipRecords.EndOfCentralDirectorySize).CopyTo(r);
        if (!_sawZip64End)
        {
            RequireDirectoryComplete();
        }

        var end = ZipEndRecord.Read(r);
        var cdEnd = _sawZip64End ? _zip64EndOffset : _position;
        var ok = end.DiskNumber == 0 && end.DirectoryDisk == 0
            && (end.EntriesTotal == (ulong)_count || (_sawZip64End && end.EntriesTotal == 0xFFFF)) && end.EntriesOnDisk == end.EntriesTotal
            && (end.DirectoryOffset == (ulong)_cdStart || (_sawZip64End && end.DirectoryOffset == 0xFFFFFFFF))
            && (end.DirectorySize == (ulong)(cdEnd - _cdStart) || (_sawZip64End && end.DirectorySize == 0xFFFFFFFF));
        if (!ok)
        {
            throw Mismatch(SR.ZipEndDisagrees);
        }

        _commentLeft = end.CommentLength;
        _commentLength = end.CommentLength;
        offset += ZipRecords.EndOfCentralDirectorySize;
        _position += ZipRecords.EndOfCentralDirectorySize;
        _state = State.Comment;
        return true;
    }

    private bool SkipComment(ref long offset, long available)
    {
        var n = Math.Min(available, _commentLeft);
        offset += n;
        _position += n;
        _commentLeft -= n;
        if (_commentLeft > 0)
        {
            return false;
        }

        // Bytes after the end record are ignored, as the go command's zip reader does, but only while a reader
        // that looks for the end record from the back of the file finds this same record: the trailing bytes must
        // hold no end-record signature and leave this record within the last 22 + 65535 bytes, where such a reader
        // searches.
        _trailingLeft = ushort.MaxValue - _commentLength;
        _trailingWindow = 0;
        _state = State.Trailing;
        return true;
    }

    /// <returns>False when more bytes may come (all of these were consumed).</returns>
    private bool SkipTrailing(ReadOnlySequence<byte> buffer, ref long offset, long available, bool isCompleted)
    {
        if (available > _trailingLeft)
        {
            throw Mismatch(SR.ZipTrailingTooLong);
        }

        foreach (var segment in buffer.Slice(offset))
        {
            foreach (var b in segment.Span)
            {
                _trailingWindow = (_trailingWindow >> 8) | ((uint)b << 24);
                if (_trailingWindow == ZipRecords.EndOfCentralDirectorySignature)
                {
                    throw Mismatch(SR.ZipTrailingEndRecord);
                }
            }
        }

        offset += available;
        _position += available;
        _trailingLeft -= available;
        if (!isCompleted)
        {
            return false;
        }

        _state = State.Finished;
        return true;
    }
}
