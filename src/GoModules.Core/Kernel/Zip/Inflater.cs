using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace GoModules.Kernel.Zip;

/// <summary>
/// A resumable raw-deflate (RFC 1951) decoder that reports exactly how many input bytes the
/// compressed stream occupied. A forward-only zip reader needs that to find the data descriptor
/// after an entry whose sizes are not in its local header (the go command writes every entry that
/// way), which <see cref="System.IO.Compression.DeflateStream"/> cannot tell. Input can arrive in
/// pieces of any size: the decoder keeps at most 8 bytes in its bit buffer and decodes a symbol only
/// when all of its bits are there. Output goes into a sliding window that the caller drains. One
/// instance is reused for many entries; nothing is allocated per entry.
/// When the runtime's zlib can be called (<see cref="NativeInflater"/>, the usual case) every call goes to it, with
/// the same contract; the managed decoder is the fallback and the reference the tests compare it with.
/// </summary>
internal sealed partial class Inflater : IDisposable
{
    private const int HistorySize = 32 * 1024;
    private const int WindowSize = 256 * 1024;
    private const int MaxMatch = 258;
    private const int LitLenPrimaryBits = 10;
    private const int DistPrimaryBits = 8;

    private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
    private static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly ushort[] DistBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    private static readonly byte[] DistExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    private static readonly HuffmanTable FixedLitLen = BuildFixed(litLen: true);
    private static readonly HuffmanTable FixedDist = BuildFixed(litLen: false);

    private readonly HuffmanTable _dynLitLen = new(288, LitLenPrimaryBits);
    private readonly HuffmanTable _dynDist = new(32, DistPrimaryBits);
    private readonly HuffmanTable _codeLengthCode = new(19, 7);
    private readonly byte[] _lengths = new byte[288 + 32];
    private byte[] _window;

    private ulong _bits;
    private int _bitCount;
    private State _state;
    private bool _final;
    private int _storedRemaining;
    private HuffmanTable _litLen = FixedLitLen;
    private HuffmanTable _dist = FixedDist;
    private int _hlit;
    private int _hdist;
    private int _hclen;
    private int _index;
    private int _pos;
    private int _drained;
    private long _total;
    private readonly NativeInflater? _native;

    /// <summary>Creates a decoder on the runtime's zlib when it can be called, else the managed one.</summary>
    public Inflater()
        : this(allowNative: true)
    {
    }

    /// <summary>Creates a decoder; <paramref name="allowNative"/> false always uses the managed code (tests).</summary>
    internal Inflater(bool allowNative)
    {
        _native = allowNative ? NativeInflater.TryCreate() : null;
        _window = _native is null ? ArrayPool<byte>.Shared.Rent(WindowSize) : [];
    }

    /// <summary>Gets whether the runtime's zlib does the decoding.</summary>
    internal bool IsNative => _native is not null;

    private enum State
    {
        BlockHeader,
        StoredHeader,
        Stored,
        DynamicCounts,
        CodeLengthLengths,
        CodeLengths,
        HuffmanTable,
        Done,
    }

    /// <summary>Gets the bytes decoded since the last <see cref="MarkDrained"/>.</summary>
    public ReadOnlySpan<byte> Pending => _native is null ? _window.AsSpan(_drained, _pos - _drained) : _native.Pending;

    /// <summary>Gets the number of bytes still held in the bit buffer (read from the input but not part of a decoded symbol yet).</summary>
    public int BufferedInputBytes => _bitCount >> 3;

    /// <summary>Prepares for a new stream.</summary>
    public void Reset()
    {
        if (_native is not null)
        {
            _native.Reset();
            return;
        }

        _bits = 0;
        _bitCount = 0;
        _state = State.BlockHeader;
        _final = false;
        _pos = 0;
        _drained = 0;
        _total = 0;
    }

    /// <summary>Declares <see cref="Pending"/> consumed, sliding the window when it is nearly full.</summary>
    public void MarkDrained()
    {
        if (_native is not null)
        {
            _native.MarkDrained();
            return;
        }

        _drained = _pos;
        if (_pos > WindowSize - MaxMatch - 1)
        {
            _window.AsSpan(_pos - HistorySize, HistorySize).CopyTo(_window);
            _pos = HistorySize;
            _drained = HistorySize;
        }
    }

    /// <summary>
    /// Decodes from <paramref name="input"/> until the input is used up, the window is full or the
    /// stream ends.
    /// </summary>
    /// <param name="input">The next compressed bytes.</param>
    /// <param name="consumed">How many of them were taken (into the bit buffer or decoded).</param>
    /// <returns>Why decoding stopped.</returns>
    /// <exception cref="InvalidOperationException">The data is not valid deflate.</exception>
    public InflateStatus Inflate(ReadOnlySpan<byte> input, out int consumed)
    {
        if (_native is not null)
        {
            return _native.Inflate(input, out consumed);
        }

        var inPos = 0;
        try
        {
            while (true)
            {
                // Top up the bit buffer a byte at a time (whole bytes only, so a stored block can
                // be aligned and the unused tail handed back).
                while (_bitCount <= 56 && inPos < input.Length)
                {
                    _bits |= (ulong)input[inPos++] << _bitCount;
                    _bitCount += 8;
                }

                switch (_state)
                {
                    case State.Done:
                        return InflateStatus.Done;

                    case State.BlockHeader:
                        if (_bitCount < 3)
                        {
                            return InflateStatus.NeedsInput;
                        }

                        _final = (_bits & 1) != 0;
                        var type = (int)(_bits >> 1) & 3;
                        Drop(3);
                        switch (type)
                        {
                            case 0:
                                Drop(_bitCount & 7);
                                _state = State.StoredHeader;
                                break;
                            case 1:
                                _litLen = FixedLitLen;
                                _dist = FixedDist;
                                _state = State.HuffmanTable;
                                break;
                            case 2:
                                _state = State.DynamicCounts;
                                break;
                            default:
                                throw Corrupt();
                        }

                        break;

                    case State.StoredHeader:
                        if (_bitCount < 32)
                        {
                            return InflateStatus.NeedsInput;
                        }

                        var len = (int)(_bits & 0xFFFF);
                        var nlen = (int)((_bits >> 16) & 0xFFFF);
                        if (len != (~nlen & 0xFFFF))
                        {
                            throw Corrupt();
                        }

                        Drop(32);
                        _storedRemaining = len;
                        _state = State.Stored;
                        break;

                    case State.Stored:
                        if (_storedRemaining == 0)
                        {
                            _state = _final ? State.Done : State.BlockHeader;
                            break;
                        }

                        if (_pos >= WindowSize - MaxMatch)
                        {
                            return InflateStatus.OutputFull;
                        }

                        // Whole bytes still in the bit buffer come first.
                        while (_bitCount >= 8 && _storedRemaining > 0 && _pos < WindowSize)
                        {
                            _window[_pos++] = (byte)_bits;
                            Drop(8);
                            _storedRemaining--;
                            _total++;
                        }

                        if (_bitCount == 0 && _storedRemaining > 0)
                        {
                            var n = Math.Min(Math.Min(_storedRemaining, input.Length - inPos), WindowSize - _pos);
                            if (n == 0)
                            {
                                if (inPos == input.Length)
                                {
                                    return InflateStatus.NeedsInput;
                                }

                                return InflateStatus.OutputFull;
                            }

                            input.Slice(inPos, n).CopyTo(_window.AsSpan(_pos));
                            inPos += n;
                            _pos += n;
                            _total += n;
                            _storedRemaining -= n;
                        }

                        break;

                    case State.DynamicCounts:
                        if (_bitCount < 14)
                        {
                            return InflateStatus.NeedsInput;
                        }

                        _hlit = (int)(_bits & 0x1F) + 257;
                        _hdist = (int)((_bits >> 5) & 0x1F) + 1;
                        _hclen = (int)((_bits >> 10) & 0xF) + 4;
                        Drop(14);
                        if (_hlit > 286 || _hdist > 30)
                        {
                            throw Corrupt();
                        }

                        Array.Clear(_lengths);
                        _index = 0;
                        _state = State.CodeLengthLengths;
                        break;

                    case State.CodeLengthLengths:
                        while (_index < _hclen)
                        {
                            if (_bitCount < 3)
                            {
                                return InflateStatus.NeedsInput;
                            }

                            _lengths[CodeLengthOrder[_index++]] = (byte)(_bits & 7);
                            Drop(3);
                        }

                        if (!_codeLengthCode.Build(_lengths.AsSpan(0, 19)))
                        {
                            throw Corrupt();
                        }

                        Array.Clear(_lengths);
                        _index = 0;
                        _state = State.CodeLengths;
                        break;

                    case State.CodeLengths:
                        if (!ReadCodeLengths())
                        {
                            if (inPos < input.Length)
                            {
                                break; // refill and retry
                            }

                            return InflateStatus.NeedsInput;
                        }

                        if (_lengths[256] == 0
                            || !_dynLitLen.Build(_lengths.AsSpan(0, _hlit))
                            || !_dynDist.Build(_lengths.AsSpan(_hlit, _hdist)))
                        {
                            throw Corrupt();
                        }

                        _litLen = _dynLitLen;
                        _dist = _dynDist;
                        _state = State.HuffmanTable;
                        break;

                    case State.HuffmanTable:
                        var status = DecodeSymbols(input, ref inPos);
                        if (status is { } s)
                        {
                            return s;
                        }

                        break;
                }
            }
        }
        finally
        {
            consumed = inPos;
        }
    }

    /// <summary>
    /// After <see cref="InflateStatus.Done"/>: the whole bytes left in the bit buffer were read from
    /// the input but lie past the end of the stream; returns how many, and empties the buffer.
    /// </summary>
    /// <returns>The number of bytes to give back.</returns>
    public int TakeUnusedInput()
    {
        var n = _bitCount >> 3;
        _bits = 0;
        _bitCount = 0;
        return n;
    }

    /// <summary>Gets the whole bytes left in the bit buffer, in input order.</summary>
    /// <param name="destination">At least <see cref="BufferedInputBytes"/> bytes.</param>
    public void CopyUnusedInput(Span<byte> destination)
    {
        var bits = _bits >> (_bitCount & 7);
        for (var i = 0; i < _bitCount >> 3; i++)
        {
            destination[i] = (byte)(bits >> (8 * i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Drop(int n)
    {
        _bits >>= n;
        _bitCount -= n;
    }

    internal static InvalidOperationException Corrupt() => new(SR.FlateCorrupt);

    private static HuffmanTable BuildFixed(bool litLen)
    {
        if (litLen)
        {
            var lengths = new byte[288];
            lengths.AsSpan(0, 144).Fill(8);
            lengths.AsSpan(144, 112).Fill(9);
            lengths.AsSpan(256, 24).Fill(7);
            lengths.AsSpan(280, 8).Fill(8);
            var h = new HuffmanTable(288, LitLenPrimaryBits);
            h.Build(lengths);
            return h;
        }
        else
        {
            // All 32 five-bit codes, so the code is complete; 30 and 31 never occur in valid data and fail as corrupt
            // when decoded (as in Go), instead of leaving holes in the table that look like missing input.
            var lengths = new byte[32];
            lengths.AsSpan().Fill(5);
            var h = new HuffmanTable(32, DistPrimaryBits);
            h.Build(lengths);
            return h;
        }
    }

    public void Dispose()
    {
        _native?.Dispose();
        if (_window.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_window);
            _window = [];
        }
    }

}
