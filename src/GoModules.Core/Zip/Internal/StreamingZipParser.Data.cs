using System;
using System.Buffers;
using GoModules.Kernel;
using GoModules.Kernel.Zip;

namespace GoModules.Zip.Internal;

/// <summary>Entry data: stored or inflated, hashed and written as it arrives; then the data descriptor.</summary>
internal sealed partial class StreamingZipParser
{
    private bool StreamData(ReadOnlySequence<byte> buffer, ref long offset)
    {
        ref var e = ref _entries[_count - 1];
        var rest = buffer.Slice(offset);
        if (_compressedLeft < rest.Length)
        {
            rest = rest.Slice(0, _compressedLeft);
        }

        if (e.Method == ZipRecords.MethodStored)
        {
            foreach (var segment in rest)
            {
                _sink.Write(segment.Span);
            }

            offset += rest.Length;
            _position += rest.Length;
            _compressedLeft -= rest.Length;
            e.ActualCompressed += rest.Length;
            if (_compressedLeft > 0)
            {
                return false;
            }

            FinishData(ref e);
            return true;
        }

        long taken = 0;
        var done = false;
        foreach (var segment in rest)
        {
            var span = segment.Span;
            while (true)
            {
                InflateStatus status;
                int consumed;
                try
                {
                    status = _inflater.Inflate(span, out consumed);
                }
                catch (InvalidOperationException ex)
                {
                    throw new ModuleZipException(ModuleZipErrorKind.ZipFormat, SRFormat.Format(SR.ZipEntryNotValidDeflate, CurrentEntryName(), ex.Message), CurrentEntryName(), null, ex);
                }

                taken += consumed;
                span = span[consumed..];
                _sink.Write(_inflater.Pending);
                _inflater.MarkDrained();
                if (status == InflateStatus.Done)
                {
                    done = true;
                    break;
                }

                if (status == InflateStatus.NeedsInput)
                {
                    break;
                }
            }

            if (done)
            {
                break;
            }
        }

        if (done)
        {
            var unused = _inflater.TakeUnusedInput();
            if (unused > taken)
            {
                throw Format(EntryMessage(SR.ZipCorruptDeflate));
            }

            taken -= unused;
        }

        offset += taken;
        _position += taken;
        e.ActualCompressed += taken;
        if (_compressedLeft != long.MaxValue)
        {
            _compressedLeft -= taken;
        }

        if (!done)
        {
            if (_compressedLeft == 0)
            {
                throw EntryError(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipCompressedEndsEarly);
            }

            return false;
        }

        if (_compressedLeft is not 0 and not long.MaxValue)
        {
            throw Mismatch(EntryMessage(SR.ZipDeflateEndsEarly));
        }

        FinishData(ref e);
        return true;
    }

    private void FinishData(ref Entry e)
    {
        e.ActualCrc = _sink.Crc;
        e.ActualUncompressed = _sink.Written;
        _sink.End(_digests.AsSpan((_count - 1) * DigestSize, DigestSize), _count - 1);
        if (e.DeclaredUncompressed < 0)
        {
            // Sizes came with the descriptor: count the real size now (it fitted the budget).
            _names.TryAddSize(e.ActualUncompressed);
        }
        else if (e.ActualUncompressed != e.DeclaredUncompressed)
        {
            throw EntryError(ModuleZipErrorKind.UnexpectedEndOfData, SR.ZipEntryShorterThanDeclared);
        }

        if ((e.Flags & ZipRecords.FlagDataDescriptor) != 0)
        {
            _state = State.Descriptor;
            return;
        }

        CheckCrc(ref e, e.DeclaredCrc);
        e.RecordedCrc = e.DeclaredCrc;
        _state = State.Signature;
    }

    private void CheckCrc(ref Entry e, uint recorded)
    {
        // As in Go, a recorded CRC-32 of zero is not checked against the data.
        if (recorded != 0 && recorded != e.ActualCrc)
        {
            throw EntryError(ModuleZipErrorKind.ChecksumMismatch, SR.ZipEntryChecksum);
        }
    }

    private bool TryDescriptor(ReadOnlySequence<byte> buffer, ref long offset, long available)
    {
        ref var e = ref _entries[_count - 1];
        if (available < 4)
        {
            return false;
        }

        // The signature is optional. When the first word equals it, it is the signature, unless
        // the data's CRC-32 happens to have that value and the unsigned form is the one that fits.
        var first = _scratch.AsSpan(0, 4);
        buffer.Slice(offset, 4).CopyTo(first);
        var withSignature = ZipLocalHeader.IsSignedDescriptor(first);
        var length = ZipLocalHeader.DescriptorLength(withSignature, e.Zip64);
        if (available < length)
        {
            return false;
        }

        var d = _scratch.AsSpan(0, length);
        buffer.Slice(offset, length).CopyTo(d);
        ZipLocalHeader.ReadDescriptor(withSignature ? d[4..] : d, e.Zip64, out var crc, out var csize, out var usize);
        if (withSignature && e.ActualCrc == ZipRecords.DataDescriptorSignature
            && (crc != e.ActualCrc || csize != e.ActualCompressed || usize != e.ActualUncompressed))
        {
            withSignature = false;
            length -= 4;
            ZipLocalHeader.ReadDescriptor(d[..length], e.Zip64, out crc, out csize, out usize);
        }

        if (csize != e.ActualCompressed || usize != e.ActualUncompressed)
        {
            throw Mismatch(EntryMessage(SR.ZipDescriptorSizesDiffer));
        }

        CheckCrc(ref e, crc);
        e.RecordedCrc = crc;
        e.DescriptorLength = length;
        offset += length;
        _position += length;
        _state = State.Signature;
        return true;
    }
}
