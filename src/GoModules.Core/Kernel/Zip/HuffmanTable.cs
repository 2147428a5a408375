using System;
using System.Runtime.CompilerServices;

namespace GoModules.Kernel.Zip;

/// <summary>
/// A canonical Huffman code: a primary lookup table for codes of up to <c>primaryBits</c> bits
/// and a bit-by-bit canonical decode (counts per length, symbols in code order) for longer ones.
/// </summary>
internal sealed class HuffmanTable
{
    private readonly int _primaryBits;
    private readonly ushort[] _table;
    private readonly short[] _counts = new short[16];
    private readonly short[] _symbols;

    public HuffmanTable(int maxSymbols, int primaryBits)
    {
        _primaryBits = primaryBits;
        _table = new ushort[1 << primaryBits];
        _symbols = new short[maxSymbols];
    }

    public bool Build(ReadOnlySpan<byte> lengths)
    {
        Array.Clear(_counts);
        foreach (var l in lengths)
        {
            _counts[l]++;
        }

        _counts[0] = 0;
        var left = 1;
        for (var len = 1; len <= 15; len++)
        {
            left <<= 1;
            left -= _counts[len];
            if (left < 0)
            {
                return false; // over-subscribed
            }
        }

        // An incomplete code is refused as Go's flate and zlib refuse it, except a single code of length one (which
        // Go accepts for every table, zlib for literal/length and distance codes) and a table with no codes at all.
        var max = 15;
        while (max > 0 && _counts[max] == 0)
        {
            max--;
        }

        if (left > 0 && max != 0 && !(max == 1 && _counts[1] == 1))
        {
            return false;
        }

        Span<short> offsets = stackalloc short[16];
        for (var len = 1; len < 15; len++)
        {
            offsets[len + 1] = (short)(offsets[len] + _counts[len]);
        }

        for (var sym = 0; sym < lengths.Length; sym++)
        {
            if (lengths[sym] != 0)
            {
                _symbols[offsets[lengths[sym]]++] = (short)sym;
            }
        }

        // Primary table: entry = symbol << 4 | length; 0 marks "longer than primary or unused".
        Array.Clear(_table);
        var code = 0;
        var index = 0;
        for (var len = 1; len <= _primaryBits; len++)
        {
            for (var i = 0; i < _counts[len]; i++)
            {
                var sym = _symbols[index++];
                var reversed = Reverse(code, len);
                var entry = (ushort)((sym << 4) | len);
                for (var r = reversed; r < _table.Length; r += 1 << len)
                {
                    _table[r] = entry;
                }

                code++;
            }

            code <<= 1;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryDecode(ref ulong bits, ref int count, out int symbol)
    {
        var entry = _table[(int)(bits & (ulong)(_table.Length - 1))];
        var len = entry & 0xF;
        if (len != 0)
        {
            if (len > count)
            {
                symbol = 0;
                return false;
            }

            symbol = entry >> 4;
            bits >>= len;
            count -= len;
            return true;
        }

        return TryDecodeSlow(ref bits, ref count, out symbol);
    }

    private bool TryDecodeSlow(ref ulong bits, ref int count, out int symbol)
    {
        int code = 0, first = 0, index = 0;
        for (var len = 1; len <= 15; len++)
        {
            if (len > count)
            {
                symbol = 0;
                return false;
            }

            code |= (int)((bits >> (len - 1)) & 1);
            int n = _counts[len];
            if (code - n < first)
            {
                symbol = _symbols[index + (code - first)];
                bits >>= len;
                count -= len;
                return true;
            }

            index += n;
            first += n;
            first <<= 1;
            code <<= 1;
        }

        throw Inflater.Corrupt();
    }

    private static int Reverse(int code, int len)
    {
        var r = 0;
        for (var i = 0; i < len; i++)
        {
            r = (r << 1) | (code & 1);
            code >>= 1;
        }

        return r;
    }
}
