namespace GoModules.Zip;

/// <summary>What <see cref="ModuleZipReader"/> found in a valid module zip.</summary>
public sealed class ModuleZipReadResult
{
    internal ModuleZipReadResult(string hash, int entryCount, int fileCount, long uncompressedSize, long zipSize)
    {
        Hash = hash;
        EntryCount = entryCount;
        FileCount = fileCount;
        UncompressedSize = uncompressedSize;
        ZipSize = zipSize;
    }

    /// <summary>Gets the <c>h1:</c> hash of the zip, as go.sum records it (Go's <c>dirhash.HashZip</c>).</summary>
    public string Hash { get; }

    /// <summary>Gets the number of entries, including directory entries.</summary>
    public int EntryCount { get; }

    /// <summary>Gets the number of file entries.</summary>
    public int FileCount { get; }

    /// <summary>Gets the total uncompressed size of the files, in bytes.</summary>
    public long UncompressedSize { get; }

    /// <summary>Gets the size of the archive, in bytes.</summary>
    public long ZipSize { get; }
}
