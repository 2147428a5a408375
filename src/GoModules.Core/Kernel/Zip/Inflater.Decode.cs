using System;
using System.Buffers.Binary;

namespace GoModules.Kernel.Zip;

/// <summary>The decoding loops of <see cref="Inflater"/>: code lengths of a dynamic block, then literals and matches.</summary>
internal sealed partial class Inflater
{
    private bool ReadCodeLengths()
    {
        var total = _hlit + _hdist;
        while (_index < total)
        {
            var bits = _bits;
            var count = _bitCount;
            if (!_codeLengthCode.TryDecode(ref bits, ref count, out var sym))
            {
                return false;
            }

            if (sym < 16)
            {
                _lengths[_index++] = (byte)sym;
            }
            else
            {
                int extra, baseCount;
                byte value = 0;
                switch (sym)
                {
                    case 16:
                        if (_index == 0)
                        {
                            throw Corrupt();
                        }

                        value = _lengths[_index - 1];
                        extra = 2;
                        baseCount = 3;
                        break;
                    case 17:
                        extra = 3;
                        baseCount = 3;
                        break;
                    default:
                        extra = 7;
                        baseCount = 11;
                        break;
                }

                if (count < extra)
                {
                    return false;
                }

                var repeat = baseCount + (int)(bits & ((1UL << extra) - 1));
                bits >>= extra;
                count -= extra;
                if (_index + repeat > total)
                {
                    throw Corrupt();
                }

                _lengths.AsSpan(_index, repeat).Fill(value);
                _index += repeat;
            }

            _bits = bits;
            _bitCount = count;
        }

        return true;
    }

    private InflateStatus? DecodeSymbols(ReadOnlySpan<byte> input, ref int inPos)
    {
        var window = _window;
        var litLen = _litLen;
        var dist = _dist;
        var bits = _bits;
        var count = _bitCount;
        var pos = _pos;
        try
        {
            while (true)
            {
                if (count > 56)
                {
                    // Enough bits for any symbol (at most 48 are needed).
                }
                else if (input.Length - inPos >= 8)
                {
                    // Branch-free refill: OR in eight bytes and keep the whole ones that fit. Bits
                    // above `count` may then hold part of the next byte; refilling ORs that same
                    // byte at that same position again, so they stay consistent.
                    bits |= BinaryPrimitives.ReadUInt64LittleEndian(input[inPos..]) << count;
                    var take = (63 - count) >> 3;
                    inPos += take;
                    count += take << 3;
                }
                else
                {
                    while (count <= 56 && inPos < input.Length)
                    {
                        bits |= (ulong)input[inPos++] << count;
                        count += 8;
                    }
                }

                if (pos >= WindowSize - MaxMatch)
                {
                    return InflateStatus.OutputFull;
                }

                var b = bits;
                var c = count;
                if (!litLen.TryDecode(ref b, ref c, out var sym))
                {
                    return InflateStatus.NeedsInput;
                }

                if (sym < 256)
                {
                    window[pos++] = (byte)sym;
                    bits = b;
                    count = c;
                    continue;
                }

                if (sym == 256)
                {
                    bits = b;
                    count = c;
                    _state = _final ? State.Done : State.BlockHeader;
                    return null;
                }

                sym -= 257;
                if (sym >= 29)
                {
                    throw Corrupt();
                }

                int extra = LengthExtra[sym];
                if (c < extra)
                {
                    return InflateStatus.NeedsInput;
                }

                var length = LengthBase[sym] + (int)(b & ((1UL << extra) - 1));
                b >>= extra;
                c -= extra;

                if (!dist.TryDecode(ref b, ref c, out var dsym))
                {
                    return InflateStatus.NeedsInput;
                }

                if (dsym >= 30)
                {
                    throw Corrupt();
                }

                extra = DistExtra[dsym];
                if (c < extra)
                {
                    return InflateStatus.NeedsInput;
                }

                var distance = DistBase[dsym] + (int)(b & ((1UL << extra) - 1));
                b >>= extra;
                c -= extra;
                if (distance > _total + (pos - _pos))
                {
                    throw Corrupt();
                }

                bits = b;
                count = c;
                var from = pos - distance;
                if (distance >= length)
                {
                    window.AsSpan(from, length).CopyTo(window.AsSpan(pos));
                    pos += length;
                }
                else
                {
                    // Overlapping copy: the source repeats with period `distance`, so copy it in
                    // non-overlapping chunks of at most that size.
                    while (length > 0)
                    {
                        var chunk = Math.Min(distance, length);
                        window.AsSpan(from, chunk).CopyTo(window.AsSpan(pos));
                        pos += chunk;
                        from += chunk;
                        length -= chunk;
                    }
                }
            }
        }
        finally
        {
            _total += pos - _pos;
            _pos = pos;
            _bits = count == 0 ? 0 : bits & (ulong.MaxValue >> (64 - count)); // clear the look-ahead bits
            _bitCount = count;
        }
    }
}
