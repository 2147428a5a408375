using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GoModules.Zip;

namespace GoModules.Benchmarks;

/// <summary>
/// Module zip reading: the forward-only streaming pass (validate + inflate + h1) over a pipe, the
/// seekable parallel pass over a file, and writing. The zip is generated in setup from a module of
/// source-like text files (about 1,500 files, 12 MB), written by <see cref="ModuleZipWriter"/>. The
/// baseline is the obvious approach: ZipArchive plus SHA-256 per entry, without any checks.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ModuleZipBenchmarks
{
    private const string Module = "example.com/bench";
    private const string Version = "v1.0.0";

    private string _dir = "";
    private string _zipFile = "";
    private byte[] _zip = [];
    private List<ModuleZipSourceFile> _files = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("gomod-zipbench-").FullName;
        var rng = new Random(42);
        var words = new[] { "package", "func", "return", "if", "err", "nil", "for", "range", "struct", "interface", "string", "int", "byte", "map", "go", "defer" };
        _files = [ModuleZipSourceFile.FromBytes("go.mod", Encoding.UTF8.GetBytes("module " + Module + "\n\ngo 1.19\n"))];
        for (var i = 0; i < 1500; i++)
        {
            var sb = new StringBuilder();
            var size = 1000 + rng.Next(14000);
            while (sb.Length < size)
            {
                sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(10) == 0 ? '\n' : ' ');
                if (rng.Next(20) == 0)
                {
                    sb.Append(rng.Next()).Append(' ');
                }
            }

            _files.Add(ModuleZipSourceFile.FromBytes($"pkg{i % 37}/sub{i % 5}/file{i}.go", Encoding.UTF8.GetBytes(sb.ToString())));
        }

        var ms = new MemoryStream();
        ModuleZipWriter.CreateAsync(ms, Module, Version, _files).GetAwaiter().GetResult();
        _zip = ms.ToArray();
        _zipFile = Path.Combine(_dir, "m.zip");
        File.WriteAllBytes(_zipFile, _zip);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Baseline = true)]
    public string NaiveZipArchiveHash()
    {
        using var archive = new ZipArchive(new MemoryStream(_zip), ZipArchiveMode.Read);
        var lines = new List<(string Name, byte[] Sum)>();
        foreach (var e in archive.Entries)
        {
            using var s = e.Open();
            lines.Add((e.FullName, SHA256.HashData(s)));
        }

        lines.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var summary = new StringBuilder();
        foreach (var (name, sum) in lines)
        {
            summary.Append(Convert.ToHexStringLower(sum)).Append("  ").Append(name).Append('\n');
        }

        return "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary.ToString())));
    }

    [Benchmark]
    public async Task<string> StreamingReadAndHash()
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(_zip));
        var result = await ModuleZipReader.ReadAsync(reader, Module, Version);
        return result.Hash;
    }

    [Benchmark]
    public async Task<string> SeekableParallelHash()
    {
        var result = await ModuleZipReader.ReadFileAsync(_zipFile, Module, Version);
        return result.Hash;
    }

    [Benchmark]
    public async Task<long> Create()
    {
        var sink = new CountingSink();
        await ModuleZipWriter.CreateAsync(sink, Module, Version, _files);
        return sink.Length;
    }

    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
