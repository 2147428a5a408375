using System.Buffers.Binary;
using System.Text;
using GoModules.Kernel.Zip;
using GoModules.Tests.Zip;

namespace GoModules.Tests.Kernel.Zip;

/// <summary>The one zip-record layer: end records, zip64, central headers and their leniency per reading.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ZipCentralDirectoryTests
{
    private static ZipBuilder TwoFiles()
    {
        var b = new ZipBuilder();
        b.AddFile("go.mod", "module example.com/m\n");
        b.AddFile("a.go", "package a\n", deflate: false, descriptor: false);
        return b;
    }

    private static string[] GoNames(byte[] zip)
    {
        using var cd = ZipCentralDirectory.ReadGoCompatible(new ZipSource.Memory(zip));
        return Enumerable.Range(0, cd.Count).Select(i => Encoding.UTF8.GetString(cd.Name(cd[i]))).ToArray();
    }

    private static async Task<T> WithStrictAsync<T>(byte[] zip, Func<ZipCentralDirectory, T> inspect)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("m.zip");
        await File.WriteAllBytesAsync(path, zip);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        using var cd = await ZipCentralDirectory.ReadAsync(handle, zip.Length, CancellationToken.None);
        return inspect(cd);
    }

    private static readonly string[] Expected = [ZipBuilder.Prefix + "go.mod", ZipBuilder.Prefix + "a.go"];

    [Test]
    [CancelAfter(30_000)]
    public async Task EndRecordWithCommentIsFoundByBothReadings()
    {
        var b = TwoFiles();
        b.Comment = new string('c', 3000) + "PK"; // longer than Go's first 1 KiB search
        var zip = b.Build();
        Assert.That(GoNames(zip), Is.EqualTo(Expected));
        var (count, endOfArchive, trailing) = await WithStrictAsync(zip, cd => (cd.Count, cd.EndOfArchive, cd.TrailingHasEndSignature));
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(2));
            Assert.That(endOfArchive, Is.EqualTo(zip.Length));
            Assert.That(trailing, Is.False);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Zip64EndRecordsGiveTheDirectory()
    {
        var b = TwoFiles();
        b.Zip64End = true;
        var zip = b.Build();
        Assert.That(GoNames(zip), Is.EqualTo(Expected));
        var (count, directoryOffset, endRecords) = await WithStrictAsync(zip, cd => (cd.Count, cd.DirectoryOffset, cd.EndRecordsOffset));
        var eocd = zip.Length - ZipRecords.EndOfCentralDirectorySize;
        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(2));
            Assert.That(endRecords, Is.EqualTo(eocd - ZipRecords.Zip64LocatorSize - ZipRecords.Zip64EndOfCentralDirectorySize));
            Assert.That(directoryOffset, Is.EqualTo(b.Entries[1].Offset + 30 + b.Entries[1].Name.Length + b.Entries[1].Data.Length));
        });
    }

    [Test]
    public void Zip64LocatorIsFollowedOnlyForOneDisk()
    {
        var locator = new byte[ZipRecords.Zip64LocatorSize];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipRecords.Zip64LocatorSignature);
        BinaryPrimitives.WriteInt64LittleEndian(locator.AsSpan(8), 1234);
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
        Assert.That(ZipEndRecord.TryReadZip64Locator(locator, out var offset), Is.True);
        Assert.That(offset, Is.EqualTo(1234));

        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 2);
        Assert.That(ZipEndRecord.TryReadZip64Locator(locator, out _), Is.False, "two disks");
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(4), 1);
        Assert.That(ZipEndRecord.TryReadZip64Locator(locator, out _), Is.False, "record on another disk");
    }

    [Test]
    [CancelAfter(30_000)]
    public void DirectoryOffsetPastTheEndIsRejectedStrictlyAndRebasedLikeGo()
    {
        var b = TwoFiles();
        b.EndOffsetOverride = 1 << 20;
        var zip = b.Build();
        Assert.That(async () => await WithStrictAsync(zip, cd => cd.Count), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));

        // Go takes the directory to end where the end record starts, and the difference as the base offset of the
        // local headers (here negative, which its hash then rejects).
        var eocd = zip.Length - ZipRecords.EndOfCentralDirectorySize;
        var directorySize = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(eocd + 12));
        var baseOffset = eocd - directorySize - (1 << 20);
        using var go = ZipCentralDirectory.ReadGoCompatible(new ZipSource.Memory(zip));
        Assert.That(go.Count, Is.EqualTo(2));
        Assert.That(go[0].LocalHeaderOffset, Is.EqualTo(b.Entries[0].Offset + baseOffset));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task BytesBeforeTheArchiveAreABaseOffsetForGoButNotForTheStrictReading()
    {
        var b = TwoFiles();
        var plain = b.Build();
        b.Leading = Encoding.ASCII.GetBytes("#!/bin/sh\nexit 0\n");
        var zip = b.Build();
        using (var cd = ZipCentralDirectory.ReadGoCompatible(new ZipSource.Memory(zip)))
        {
            Assert.That(cd.Count, Is.EqualTo(2));
            Assert.That(cd[0].LocalHeaderOffset, Is.EqualTo(b.Leading.Length), "the base offset is applied");
        }

        // The builder wrote offsets counted from the start of the file, so the strict reading finds the directory too,
        // and leaves the bytes before the first entry to its caller's layout check.
        var first = await WithStrictAsync(zip, cd => cd[0].LocalHeaderOffset);
        Assert.That(first, Is.EqualTo(b.Leading.Length));
        Assert.That(plain, Has.Length.EqualTo(zip.Length - b.Leading.Length));
    }

    [Test]
    [CancelAfter(30_000)]
    public void TruncatedRecordsAreNotAValidZip()
    {
        var zip = TwoFiles().Build();
        var eocd = zip.Length - ZipRecords.EndOfCentralDirectorySize;

        // Cut inside the end record: no end record is found.
        var cut = zip[..(eocd + 10)];
        Assert.That(() => GoNames(cut), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));
        Assert.That(async () => await WithStrictAsync(cut, cd => cd.Count), Throws.InstanceOf<InvalidDataException>());

        // A directory whose second header is cut short: the count no longer matches.
        var directoryStart = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(eocd + 16));
        var secondHeader = directoryStart + ZipRecords.CentralHeaderSize + Expected[0].Length;
        var shortened = zip[..(secondHeader + 20)].Concat(zip[eocd..]).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(shortened.AsSpan(shortened.Length - 10), (uint)(secondHeader + 20 - directoryStart));
        Assert.That(() => GoNames(shortened), Throws.InstanceOf<InvalidDataException>());
        Assert.That(async () => await WithStrictAsync(shortened, cd => cd.Count), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));

        Assert.That(() => GoNames([]), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("zip: not a valid zip file"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TrailingBytesAreReportedToTheStrictReading()
    {
        var b = TwoFiles();
        b.Trailing = [1, 2, 3, 4];
        var zip = b.Build();
        Assert.That(GoNames(zip), Is.EqualTo(Expected));
        var (endOfArchive, hasSignature) = await WithStrictAsync(zip, cd => (cd.EndOfArchive, cd.TrailingHasEndSignature));
        Assert.That(endOfArchive, Is.EqualTo(zip.Length - 4));
        Assert.That(hasSignature, Is.False);

        // A whole second end record in the trailing bytes is the one found (the last that fits).
        b.Trailing = TwoFiles().Build()[^ZipRecords.EndOfCentralDirectorySize..];
        var doubled = b.Build();
        var found = await WithStrictAsync(doubled, cd => cd.EndOfArchive);
        Assert.That(found, Is.EqualTo(doubled.Length), "the last end record is the one read");

        b.Trailing = [.. "PK\u0005\u0006"u8];
        var signature = await WithStrictAsync(b.Build(), cd => cd.TrailingHasEndSignature);
        Assert.That(signature, Is.True);
    }

    [Test]
    public void CentralZip64FieldSuppliesSaturatedValuesInOrder()
    {
        var header = CentralHeader(compressed: uint.MaxValue, uncompressed: uint.MaxValue, offset: 7, extra: Zip64Field(5_000_000_000, 4_000_000_000));
        Assert.That(ZipCentralEntry.TryRead(header, out var e), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(e.UncompressedSize, Is.EqualTo(5_000_000_000));
            Assert.That(e.CompressedSize, Is.EqualTo(4_000_000_000));
            Assert.That(e.LocalHeaderOffset, Is.EqualTo(7));
            Assert.That(e.NameOffset, Is.EqualTo(ZipRecords.CentralHeaderSize));
        });

        // The compressed size is saturated but the field holds only the uncompressed size.
        var missing = CentralHeader(compressed: uint.MaxValue, uncompressed: uint.MaxValue, offset: 7, extra: Zip64Field(5));
        Assert.That(ZipCentralEntry.TryRead(missing, out _), Is.False);

        // No zip64 field at all for a saturated offset.
        var noField = CentralHeader(compressed: 1, uncompressed: 1, offset: uint.MaxValue, extra: []);
        Assert.That(ZipCentralEntry.TryRead(noField, out _), Is.False);

        // A saturated uncompressed size alone may stay unresolved, as in Go.
        var onlySize = CentralHeader(compressed: 1, uncompressed: uint.MaxValue, offset: 0, extra: []);
        Assert.That(ZipCentralEntry.TryRead(onlySize, out var e2), Is.True);
        Assert.That(e2.UncompressedSize, Is.EqualTo(uint.MaxValue));
    }

    [Test]
    public void LocalZip64FieldIsStrictOrLenientByCaller()
    {
        // Tag 1 declaring 16 bytes but holding 8: runs past the end of the extra data.
        var extra = new byte[4 + 8];
        BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipRecords.Zip64ExtraId);
        BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), 16);
        BinaryPrimitives.WriteInt64LittleEndian(extra.AsSpan(4), 9_000_000_000);

        long usize = uint.MaxValue, csize = 10;
        Assert.That(ZipExtraFields.ApplyLocalZip64(extra, lenient: false, ref usize, ref csize), Is.EqualTo(ZipExtraFields.LocalZip64.Malformed));

        usize = uint.MaxValue;
        Assert.That(ZipExtraFields.ApplyLocalZip64(extra, lenient: true, ref usize, ref csize), Is.EqualTo(ZipExtraFields.LocalZip64.Present));
        Assert.That(usize, Is.EqualTo(9_000_000_000));
        Assert.That(csize, Is.EqualTo(10));

        long u2 = 3, c2 = 4;
        Assert.That(ZipExtraFields.ApplyLocalZip64([0x99, 0x99, 0, 0], lenient: false, ref u2, ref c2), Is.EqualTo(ZipExtraFields.LocalZip64.Absent));
    }

    [Test]
    public void DataDescriptorForms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ZipLocalHeader.DescriptorLength(signed: true, zip64: false), Is.EqualTo(16));
            Assert.That(ZipLocalHeader.DescriptorLength(signed: false, zip64: false), Is.EqualTo(12));
            Assert.That(ZipLocalHeader.DescriptorLength(signed: true, zip64: true), Is.EqualTo(ZipRecords.MaxDataDescriptorSize));
        });
        var d = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(d, 0xCAFEBABE);
        BinaryPrimitives.WriteInt64LittleEndian(d.AsSpan(4), 6_000_000_000);
        BinaryPrimitives.WriteInt64LittleEndian(d.AsSpan(12), 7_000_000_000);
        ZipLocalHeader.ReadDescriptor(d, zip64: true, out var crc, out var c, out var u);
        Assert.That((crc, c, u), Is.EqualTo((0xCAFEBABEu, 6_000_000_000L, 7_000_000_000L)));
    }

    private static byte[] Zip64Field(params long[] values)
    {
        var f = new byte[4 + (8 * values.Length)];
        BinaryPrimitives.WriteUInt16LittleEndian(f, ZipRecords.Zip64ExtraId);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), (ushort)(8 * values.Length));
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(f.AsSpan(4 + (8 * i)), values[i]);
        }

        // An unrelated field first, to be skipped.
        return [0x55, 0x54, 1, 0, 0, .. f];
    }

    private static byte[] CentralHeader(uint compressed, uint uncompressed, uint offset, byte[] extra)
    {
        var name = "n"u8;
        var h = new byte[ZipRecords.CentralHeaderSize + name.Length + extra.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(h, ZipRecords.CentralHeaderSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ZipRecords.Central.CompressedSize), compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ZipRecords.Central.UncompressedSize), uncompressed);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(ZipRecords.Central.NameLength), (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(ZipRecords.Central.ExtraLength), (ushort)extra.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(ZipRecords.Central.LocalHeaderOffset), offset);
        name.CopyTo(h.AsSpan(ZipRecords.CentralHeaderSize));
        extra.CopyTo(h.AsSpan(ZipRecords.CentralHeaderSize + name.Length));
        return h;
    }
}
