namespace GoModules.Zip.Internal;

/// <summary>One central directory header, with its name kept as a slice of the directory bytes.</summary>
internal struct CentralEntry
{
    public int NameOffset;
    public int NameLength;
    public ushort VersionMadeBy;
    public ushort Flags;
    public ushort Method;
    public uint Crc32;
    public long CompressedSize;
    public long UncompressedSize;
    public long LocalHeaderOffset;
    public uint ExternalAttributes;

    /// <summary>Whether the entry is marked as a symbolic link (Unix mode S_IFLNK in the external attributes).</summary>
    public readonly bool IsSymbolicLink => (VersionMadeBy >> 8) is 3 or 19 && ((ExternalAttributes >> 16) & 0xF000) == 0xA000;
}
