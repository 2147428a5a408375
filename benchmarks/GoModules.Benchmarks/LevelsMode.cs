using System.Diagnostics;
using System.IO.Compression;

namespace GoModules.Benchmarks;

/// <summary>
/// <c>levels --tree DIR --go-zip ZIP [--rounds N]</c>: deflates every regular file under a workload tree with
/// zlib-ng (System.IO.Compression) at levels 1 to 6 and each strategy, single-threaded, and prints the CPU time
/// (user + system of this process, best of N rounds) and the compressed size of each setting, against the
/// compressed size of the same files in the zip written by Go's zip.CreateFromDir (the entries' compressed
/// sizes, so the zip's headers, the same for both, are left out). The files are read into memory first.
/// </summary>
public static class LevelsMode
{
    public static int Run(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
        }

        var tree = Arg("--tree");
        var goZip = Arg("--go-zip");
        var rounds = int.Parse(Arg("--rounds", "3"), System.Globalization.CultureInfo.InvariantCulture);
        var files = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        long goSize = 0;
        using (var archive = ZipFile.OpenRead(goZip))
        {
            foreach (var e in archive.Entries)
            {
                goSize += e.CompressedLength;
            }
        }

        var total = files.Sum(f => (long)f.Length);
        Console.WriteLine($"{files.Count} files, {total} bytes; Go's compressed entries: {goSize} bytes");
        Console.WriteLine("| level | strategy | CPU (s) | MB/s per core | compressed bytes | vs Go |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: |");
        var sink = new CountingStream();
        foreach (var strategy in new[] { ZLibCompressionStrategy.Default, ZLibCompressionStrategy.Filtered })
        {
            for (var level = 1; level <= 6; level++)
            {
                var options = new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = strategy };
                var best = TimeSpan.MaxValue;
                long size = 0;
                for (var r = 0; r < rounds; r++)
                {
                    sink.Count = 0;
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    foreach (var f in files)
                    {
                        using var d = new DeflateStream(sink, options, leaveOpen: true);
                        d.Write(f);
                    }

                    var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
                    best = cpu < best ? cpu : best;
                    size = sink.Count;
                }

                Console.WriteLine($"| {level} | {strategy} | {best.TotalSeconds:F3} | {total / best.TotalSeconds / 1e6:F0} | {size} | {100.0 * (size - goSize) / goSize:+0.0;-0.0} % |");
            }
        }

        return 0;
    }

    private sealed class CountingStream : Stream
    {
        public long Count { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
    }
}
