using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace GoModules.SumDb.Internal;

/// <summary>
/// A SHA-256 hash naming a record or a subtree of a transparency log (a "tlog.Hash").
/// Stored as four 64-bit words so that copies and comparisons are cheap.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly struct TlogHash : IEquatable<TlogHash>
{
    /// <summary>The size of a hash in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    public TlogHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("A tlog hash is exactly 32 bytes.", nameof(bytes));
        }

        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>Writes the 32 bytes of the hash to <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var result = new byte[Size];
        CopyTo(result);
        return result;
    }

    /// <summary>True for the all-zero hash, which is the hash of the empty tree.</summary>
    public bool IsZero => (_a | _b | _c | _d) == 0;

    public bool Equals(TlogHash other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is TlogHash other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _c, _d);

    public static bool operator ==(TlogHash left, TlogHash right) => left.Equals(right);

    public static bool operator !=(TlogHash left, TlogHash right) => !left.Equals(right);

    /// <summary>The standard (padded) base64 form used in tree notes and reports.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Parses the padded standard base64 form of a hash (44 characters), strictly.</summary>
    public static bool TryParse(ReadOnlySpan<byte> base64, out TlogHash hash)
    {
        Span<byte> bytes = stackalloc byte[Size];
        if (StrictBase64.TryDecode(base64, bytes, out var written) && written == Size)
        {
            hash = new TlogHash(bytes);
            return true;
        }

        hash = default;
        return false;
    }
}
