namespace GoModules.Kernel.Zip;

/// <summary>Signatures, fixed sizes and field offsets of the zip records a module zip uses (APPNOTE 6.3).</summary>
internal static class ZipRecords
{
    internal const uint LocalHeaderSignature = 0x04034b50;
    internal const uint DataDescriptorSignature = 0x08074b50;
    internal const uint CentralHeaderSignature = 0x02014b50;
    internal const uint EndOfCentralDirectorySignature = 0x06054b50;
    internal const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
    internal const uint Zip64LocatorSignature = 0x07064b50;

    internal const int LocalHeaderSize = 30;
    internal const int CentralHeaderSize = 46;
    internal const int EndOfCentralDirectorySize = 22;
    internal const int Zip64EndOfCentralDirectorySize = 56;
    internal const int Zip64LocatorSize = 20;

    /// <summary>The most a data descriptor takes: signature, CRC-32 and two 64-bit sizes.</summary>
    internal const int MaxDataDescriptorSize = 24;

    /// <summary>The end record lies in the last 22 + 65535 bytes (its comment is at most 65535 bytes).</summary>
    internal const int MaxEndRecordSearch = EndOfCentralDirectorySize + ushort.MaxValue;

    internal const ushort Zip64ExtraId = 0x0001;

    internal const ushort FlagEncrypted = 0x0001;
    internal const ushort FlagDataDescriptor = 0x0008;
    internal const ushort FlagStrongEncryption = 0x0040;
    internal const ushort FlagUtf8 = 0x0800;

    internal const ushort MethodStored = 0;
    internal const ushort MethodDeflated = 8;

    /// <summary>Field offsets inside the fixed part of a local file header.</summary>
    internal static class Local
    {
        internal const int VersionNeeded = 4;
        internal const int Flags = 6;
        internal const int Method = 8;
        internal const int ModTime = 10;
        internal const int ModDate = 12;
        internal const int Crc32 = 14;
        internal const int CompressedSize = 18;
        internal const int UncompressedSize = 22;
        internal const int NameLength = 26;
        internal const int ExtraLength = 28;
    }

    /// <summary>Field offsets inside the fixed part of a central directory header.</summary>
    internal static class Central
    {
        internal const int VersionMadeBy = 4;
        internal const int VersionNeeded = 6;
        internal const int Flags = 8;
        internal const int Method = 10;
        internal const int ModTime = 12;
        internal const int ModDate = 14;
        internal const int Crc32 = 16;
        internal const int CompressedSize = 20;
        internal const int UncompressedSize = 24;
        internal const int NameLength = 28;
        internal const int ExtraLength = 30;
        internal const int CommentLength = 32;
        internal const int DiskStart = 34;
        internal const int InternalAttributes = 36;
        internal const int ExternalAttributes = 38;
        internal const int LocalHeaderOffset = 42;
    }

    /// <summary>Field offsets inside the end of central directory record.</summary>
    internal static class End
    {
        internal const int DiskNumber = 4;
        internal const int CentralDirectoryDisk = 6;
        internal const int EntriesOnDisk = 8;
        internal const int EntriesTotal = 10;
        internal const int CentralDirectorySize = 12;
        internal const int CentralDirectoryOffset = 16;
        internal const int CommentLength = 20;
    }

    /// <summary>Field offsets inside the zip64 end of central directory record and its locator.</summary>
    internal static class End64
    {
        internal const int EntriesOnDisk = 24;
        internal const int EntriesTotal = 32;
        internal const int CentralDirectorySize = 40;
        internal const int CentralDirectoryOffset = 48;
        internal const int RecordSize = 4;
        internal const int LocatorDisk = 4;
        internal const int LocatorRecordOffset = 8;
        internal const int LocatorTotalDisks = 16;
    }
}
