using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GoModules.Tests.Zip;

/// <summary>
/// Builds zip archives byte by byte for tests, with every field open to tampering: the corpus of
/// hostile archives is generated with it.
/// </summary>
internal sealed class ZipBuilder
{
    public const string Prefix = "example.com/m@v1.0.0/";

    public List<Entry> Entries { get; } = [];

    public byte[] Leading { get; set; } = [];

    public byte[] Trailing { get; set; } = [];

    public string Comment { get; set; } = "";

    public int? EndCountOverride { get; set; }

    public long? EndOffsetOverride { get; set; }

    public bool Zip64End { get; set; }

    /// <summary>The zip64 locator's count of disks (1 in any archive Go reads).</summary>
    public uint Zip64LocatorDisks { get; set; } = 1;

    /// <summary>Central directory order, as indexes into <see cref="Entries"/>; null for the same order.</summary>
    public int[]? CentralOrder { get; set; }

    public Entry Add(string name, byte[] data, bool deflate = true, bool descriptor = true)
    {
        var e = new Entry { Name = Encoding.UTF8.GetBytes(name), Data = data, Method = (ushort)(deflate ? 8 : 0), Descriptor = descriptor };
        Entries.Add(e);
        return e;
    }

    public Entry AddFile(string relative, string text, bool deflate = true, bool descriptor = true)
        => Add(Prefix + relative, Encoding.UTF8.GetBytes(text), deflate, descriptor);

    public byte[] Build()
    {
        var ms = new MemoryStream();
        ms.Write(Leading);
        foreach (var e in Entries)
        {
            var compressed = e.CompressedOverride ?? (e.Method == 8 ? Deflate(e.Data) : e.Data);
            var crc = e.CrcOverride ?? Crc(e.Data);
            e.Offset = ms.Position;
            e.WrittenCompressedSize = compressed.Length;
            e.WrittenCrc = crc;
            var flags = (ushort)(e.Flags | (e.Descriptor ? 8 : 0));
            var name = e.LocalName ?? e.Name;
            var h = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(h, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), flags);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(8), e.Method);
            if (!e.Descriptor || e.LocalSizesWithDescriptor)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(14), crc);
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(18), (uint)(e.LocalCompressedSize ?? compressed.Length));
                BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(22), (uint)(e.LocalSize ?? e.Data.Length));
            }

            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(26), (ushort)name.Length);
            ms.Write(h);
            ms.Write(name);
            ms.Write(compressed);
            if (e.Descriptor)
            {
                var d = new byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(d, 0x08074b50);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(4), e.DescriptorCrc ?? crc);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(8), (uint)compressed.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(12), (uint)(e.DescriptorSize ?? e.Data.Length));
                ms.Write(d);
            }

            ms.Write(e.After);
        }

        var cdStart = ms.Position;
        var order = CentralOrder ?? Enumerable.Range(0, Entries.Count).ToArray();
        foreach (var i in order)
        {
            var e = Entries[i];
            var name = e.CentralName ?? e.Name;
            var h = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(h, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), (ushort)(e.MadeByUnix ? 0x0314 : 20));
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(8), (ushort)(e.Flags | (e.Descriptor ? 8 : 0)));
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(10), e.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), e.CentralCrc ?? e.WrittenCrc);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(20), (uint)(e.CentralCompressedSize ?? e.WrittenCompressedSize));
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), (uint)(e.CentralSize ?? e.Data.Length));
            BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(38), e.ExternalAttributes);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(42), (uint)(e.CentralOffset ?? e.Offset));
            ms.Write(h);
            ms.Write(name);
        }

        var cdSize = ms.Position - cdStart;
        if (Zip64End)
        {
            var recOffset = ms.Position;
            var r = new byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(r, 0x06064b50);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(14), 45);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(24), Entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(32), Entries.Count);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(40), cdSize);
            BinaryPrimitives.WriteInt64LittleEndian(r.AsSpan(48), cdStart);
            ms.Write(r);
            var l = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(l, 0x07064b50);
            BinaryPrimitives.WriteInt64LittleEndian(l.AsSpan(8), recOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(16), Zip64LocatorDisks);
            ms.Write(l);
        }

        var end = new byte[22];
        var comment = Encoding.UTF8.GetBytes(Comment);
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        var count = EndCountOverride ?? Entries.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)(Zip64End ? 0xFFFF : count));
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)(Zip64End ? 0xFFFF : count));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), Zip64End ? 0xFFFFFFFF : (uint)cdSize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), Zip64End ? 0xFFFFFFFF : (uint)(EndOffsetOverride ?? cdStart));
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(20), (ushort)comment.Length);
        ms.Write(end);
        ms.Write(comment);
        ms.Write(Trailing);
        return ms.ToArray();
    }

    public static byte[] Deflate(byte[] data, CompressionLevel level = CompressionLevel.Optimal)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, level, leaveOpen: true))
        {
            d.Write(data);
        }

        if (ms.Length == 0)
        {
            return [0x03, 0x00];
        }

        return ms.ToArray();
    }

    public static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(i =>
    {
        var c = (uint)i;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    internal sealed class Entry
    {
        public required byte[] Name { get; set; }
        public required byte[] Data { get; set; }
        public ushort Method { get; set; }
        public ushort Flags { get; set; }
        public bool Descriptor { get; set; }
        public bool LocalSizesWithDescriptor { get; set; }
        public byte[]? LocalName { get; set; }
        public byte[]? CentralName { get; set; }
        public byte[]? CompressedOverride { get; set; }
        public uint? CrcOverride { get; set; }
        public uint? DescriptorCrc { get; set; }
        public long? DescriptorSize { get; set; }
        public long? LocalSize { get; set; }
        public long? LocalCompressedSize { get; set; }
        public uint? CentralCrc { get; set; }
        public long? CentralSize { get; set; }
        public long? CentralCompressedSize { get; set; }
        public long? CentralOffset { get; set; }
        public uint ExternalAttributes { get; set; }
        public bool MadeByUnix { get; set; }
        public byte[] After { get; set; } = [];
        public long Offset { get; set; }
        public long WrittenCompressedSize { get; set; }
        public uint WrittenCrc { get; set; }
    }
}
