using BenchmarkDotNet.Attributes;
namespace GoModules.Benchmarks;

/// <summary>
/// CRC-32 (IEEE) on the sizes the zip hot paths feed it: a small file in one piece, the 16 KiB
/// reads of the h1 hash, and the 64 KiB and 256 KiB windows the inflater and the stored-entry
/// copy hand over. The hand-written folding GoModules had (<see cref="HandWrittenCrc32"/>) against
/// the platform's <see cref="System.IO.Hashing.Crc32"/>, which it now uses, reused across calls as
/// the readers reuse it.
/// </summary>
[MemoryDiagnoser]
public class Crc32Benchmarks
{
    private readonly System.IO.Hashing.Crc32 _platform = new();
    private byte[] _data = [];

    [Params(100, 16 * 1024, 64 * 1024, 256 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(42).NextBytes(_data);
        if (HandWritten() != PlatformAppend() || PlatformAppend() != PlatformOneShot())
        {
            throw new InvalidOperationException("The CRC-32 implementations disagree.");
        }
    }

    [Benchmark(Baseline = true)]
    public uint HandWritten() => HandWrittenCrc32.Update(0, _data);

    [Benchmark]
    public uint PlatformAppend()
    {
        _platform.Reset();
        _platform.Append(_data);
        return _platform.GetCurrentHashAsUInt32();
    }

    [Benchmark]
    public uint PlatformOneShot() => System.IO.Hashing.Crc32.HashToUInt32(_data);
}
