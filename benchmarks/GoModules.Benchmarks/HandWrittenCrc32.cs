using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GoModules.Benchmarks;

/// <summary>
/// The hand-written CRC-32 that GoModules used before it switched to <see cref="System.IO.Hashing.Crc32"/>, kept
/// here only as the comparison of <see cref="Crc32Benchmarks"/> (see benchmarks/README.md).
/// CRC-32 with the IEEE polynomial (reflected 0xEDB88320), the checksum stored in zip headers.
/// Uses carry-less multiplication folding where the CPU has PCLMULQDQ, otherwise slicing-by-8 tables.
/// </summary>
/// <remarks>
/// The running value passed between calls is the finished CRC (as stored in a zip header), so
/// <c>Update(Update(0, a), b) == Update(0, a + b)</c>.
/// </remarks>
internal static class HandWrittenCrc32
{
    private const uint Polynomial = 0xEDB88320u;

    // Folding constants for the reflected IEEE polynomial: x^(4*128+32) mod P and x^(4*128-32) mod P
    // (fold by four blocks), x^(128+32) and x^(128-32) (fold by one), x^64 mod P, and the Barrett pair.
    private const ulong K1 = 0x0154442bd4, K2 = 0x01c6e41596;
    private const ulong K3 = 0x01751997d0, K4 = 0x00ccaa009e;
    private const ulong K5 = 0x0163cd6124;
    private const ulong PolyPrime = 0x01db710641, Mu = 0x01f7011641;

    private static readonly uint[] Table = BuildTable();

    /// <summary>True when the vectorised path is used for buffers of 64 bytes or more.</summary>
    internal static bool IsVectorized => Pclmulqdq.IsSupported && Sse41.IsSupported;

    /// <summary>Continues <paramref name="crc"/> (a finished CRC-32, 0 for none) over <paramref name="data"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        if (data.Length >= 64 && IsVectorized)
        {
            var chunk = data.Length & ~15;
            state = FoldVectorized(state, data[..chunk]);
            data = data[chunk..];
        }

        return ~UpdateScalar(state, data);
    }

    /// <summary>The table-driven reference, kept callable for tests.</summary>
    internal static uint UpdateScalarOnly(uint crc, ReadOnlySpan<byte> data) => ~UpdateScalar(~crc, data);

    private static uint UpdateScalar(uint state, ReadOnlySpan<byte> data)
    {
        var table = Table;
        while (data.Length >= 8)
        {
            var lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ state;
            var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            state = table[(7 * 256) + (lo & 0xFF)] ^ table[(6 * 256) + ((lo >> 8) & 0xFF)]
                  ^ table[(5 * 256) + ((lo >> 16) & 0xFF)] ^ table[(4 * 256) + (lo >> 24)]
                  ^ table[(3 * 256) + (hi & 0xFF)] ^ table[(2 * 256) + ((hi >> 8) & 0xFF)]
                  ^ table[256 + ((hi >> 16) & 0xFF)] ^ table[hi >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            state = table[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    // Folds a buffer whose length is a multiple of 16 and at least 64 (Intel's "Fast CRC Computation
    // Using PCLMULQDQ", bit-reflected variant). state is the raw (inverted) register.
    private static uint FoldVectorized(uint state, ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;

        var x1 = Load(ref start, 0x00);
        var x2 = Load(ref start, 0x10);
        var x3 = Load(ref start, 0x20);
        var x4 = Load(ref start, 0x30);
        x1 ^= Vector128.CreateScalar(state).AsUInt64();

        var k1k2 = Vector128.Create(K1, K2);
        nuint offset = 64;
        while (length - offset >= 64)
        {
            var x5 = Pclmulqdq.CarrylessMultiply(x1, k1k2, 0x00);
            var x6 = Pclmulqdq.CarrylessMultiply(x2, k1k2, 0x00);
            var x7 = Pclmulqdq.CarrylessMultiply(x3, k1k2, 0x00);
            var x8 = Pclmulqdq.CarrylessMultiply(x4, k1k2, 0x00);
            x1 = Pclmulqdq.CarrylessMultiply(x1, k1k2, 0x11) ^ x5 ^ Load(ref start, offset);
            x2 = Pclmulqdq.CarrylessMultiply(x2, k1k2, 0x11) ^ x6 ^ Load(ref start, offset + 0x10);
            x3 = Pclmulqdq.CarrylessMultiply(x3, k1k2, 0x11) ^ x7 ^ Load(ref start, offset + 0x20);
            x4 = Pclmulqdq.CarrylessMultiply(x4, k1k2, 0x11) ^ x8 ^ Load(ref start, offset + 0x30);
            offset += 64;
        }

        var k3k4 = Vector128.Create(K3, K4);
        x1 = FoldOne(x1, k3k4, x2);
        x1 = FoldOne(x1, k3k4, x3);
        x1 = FoldOne(x1, k3k4, x4);
        while (length - offset >= 16)
        {
            x1 = FoldOne(x1, k3k4, Load(ref start, offset));
            offset += 16;
        }

        // 128 bits down to 64.
        var mask32 = Vector128.Create(0x00000000FFFFFFFFUL, 0x00000000FFFFFFFFUL);
        var t = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x10);
        x1 = Sse2.ShiftRightLogical128BitLane(x1, 8) ^ t;
        var k5 = Vector128.Create(K5, 0UL);
        t = Sse2.ShiftRightLogical128BitLane(x1, 4);
        x1 = Pclmulqdq.CarrylessMultiply(x1 & mask32, k5, 0x00) ^ t;

        // Barrett reduction to 32 bits.
        var poly = Vector128.Create(PolyPrime, Mu);
        t = Pclmulqdq.CarrylessMultiply(x1 & mask32, poly, 0x10);
        t = Pclmulqdq.CarrylessMultiply(t & mask32, poly, 0x00);
        x1 ^= t;
        return Sse41.Extract(x1.AsUInt32(), 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldOne(Vector128<ulong> x, Vector128<ulong> k, Vector128<ulong> next)
        => Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11) ^ next;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte start, nuint offset)
        => Vector128.LoadUnsafe(ref start, offset).AsUInt64();

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var s = 1; s < 8; s++)
            {
                var prev = table[((s - 1) * 256) + i];
                table[(s * 256) + i] = (prev >> 8) ^ table[prev & 0xFF];
            }
        }

        return table;
    }
}
