namespace GoModules.Hashing.Internal;

/// <summary>One central-directory record: what hashing needs to find and decode an entry.</summary>
internal struct ZipDirectoryEntry
{
    /// <summary>Offset of the raw name bytes in <see cref="ZipDirectory.Names"/>.</summary>
    public int NameOffset;

    /// <summary>Length of the raw name in bytes.</summary>
    public int NameLength;

    public ushort Flags;
    public ushort Method;
    public uint Crc32;
    public ulong CompressedSize;
    public ulong UncompressedSize;

    /// <summary>Absolute offset of the local file header (base offset applied).</summary>
    public long HeaderOffset;

    /// <summary>True when bit 3 says a data descriptor follows the data.</summary>
    public readonly bool HasDataDescriptor => (Flags & 0x8) != 0;
}
