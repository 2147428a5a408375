using System.IO.Compression;
using System.Text;

namespace GoModules.Benchmarks;

/// <summary>
/// Deterministic generator for the benchmark workloads of shared/bench/WORKLOADS.md: the modules
/// <c>small</c>, <c>large</c> and <c>mixed</c>, each as an extracted tree and as a module zip, so that
/// GoModules and the Go reference hash the very same files.
/// </summary>
/// <remarks>
/// Layout under the root: <c>&lt;name&gt;/tree/</c> (the module files), <c>&lt;name&gt;.zip</c> (entries
/// named <c>example.com/bench@v1.0.0/…</c>, deflate, with data descriptors as Go writes them) and a
/// <c>&lt;name&gt;.stamp</c> marker written last. Content is text-like (Go keywords, braces, tabs,
/// newlines) with about one random byte in fifty, so it deflates roughly 4:1.
/// </remarks>
public static class Workloads
{
    public const string ModulePath = "example.com/bench";
    public const string Version = "v1.0.0";
    public const string Prefix = ModulePath + "@" + Version;

    /// <summary>Bump when the generator changes, so stale trees are rebuilt.</summary>
    private const string Stamp = "gomodules-bench-workload-v2";

    public static readonly string[] Names = ["small", "large", "mixed"];

    public static string TreeDir(string root, string name) => Path.Combine(root, name, "tree");

    public static string ZipFile(string root, string name) => Path.Combine(root, name + ".zip");

    /// <summary>Generates the workload unless an up-to-date copy exists.</summary>
    public static void Ensure(string root, string name)
    {
        var stamp = Path.Combine(root, name + ".stamp");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == Stamp)
        {
            return;
        }

        var dir = Path.Combine(root, name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        var files = Plan(name);
        var tree = TreeDir(root, name);
        foreach (var (path, size, seed) in files)
        {
            var full = Path.Combine(tree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, path == "go.mod" ? GoMod : Content(size, seed));
        }

        WriteZip(ZipFile(root, name), tree, files);
        File.WriteAllText(stamp, Stamp);
    }

    private static readonly byte[] GoMod = Encoding.ASCII.GetBytes("module " + ModulePath + "\n\ngo 1.19\n");

    /// <summary>The files of a workload: slash path, size and content seed.</summary>
    public static List<(string Path, int Size, ulong Seed)> Plan(string name)
    {
        var files = new List<(string, int, ulong)> { ("go.mod", GoMod.Length, 0) };
        var rng = new SplitMix64(name switch { "small" => 1UL, "large" => 2UL, "mixed" => 3UL, "huge" => 4UL, _ => throw new ArgumentException($"unknown workload '{name}'", nameof(name)) });
        switch (name)
        {
            case "small":
                for (var i = 0; i < 6000; i++)
                {
                    files.Add(($"pkg{i % 97:D3}/file{i:D4}.go", 200 + (int)rng.Next(8001), rng.NextUInt64()));
                }

                break;
            case "large":
                for (var i = 0; i < 12; i++)
                {
                    files.Add(($"blob/part{i:D2}.txt", 16 << 20, rng.NextUInt64()));
                }

                break;
            case "huge":
                // Not one of the three workloads: a 400 MiB module for the peak memory of the streaming pass.
                for (var i = 0; i < 25; i++)
                {
                    files.Add(($"blob/part{i:D2}.txt", 16 << 20, rng.NextUInt64()));
                }

                break;
            case "mixed":
                for (var i = 0; i < 1500; i++)
                {
                    files.Add(($"pkg{i % 40:D2}/file{i:D4}.go", 500 + (int)rng.Next(20001), rng.NextUInt64()));
                }

                for (var i = 0; i < 4; i++)
                {
                    files.Add(($"testdata/big{i}.txt", 8 << 20, rng.NextUInt64()));
                }

                break;
        }

        return files;
    }

    private static readonly string[] Words =
    [
        "func", "return", "err", "if", "nil", "{", "}", "(", ")", ":=", "=", "for", "range", "var", "type", "struct",
        "package", "import", "string", "int", "byte", "[]byte", "error", "ctx", "context.Context", "fmt.Errorf",
        "x", "y", "i", "n", "buf", "len", "append", "make", "map", "chan", "go", "defer", "switch", "case",
        "default:", "const", "true", "false", "&&", "||", "!=", "==", "+", "-", "//", "TODO", "io.Reader", "ok", ",",
    ];

    /// <summary>Text-like content of exactly <paramref name="size"/> bytes from <paramref name="seed"/>.</summary>
    /// <remarks>Lines of 2 to 8 words after 0 to 3 tabs; three lines in five repeat one of the last 64
    /// lines (as code repeats itself); then about one byte in fifty is replaced by a random byte.</remarks>
    public static byte[] Content(int size, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var data = new byte[size];
        var recent = new (int Start, int Length)[64];
        var recentCount = 0;
        var pos = 0;
        while (pos < size)
        {
            var lineStart = pos;
            if (recentCount > 0 && rng.Next(5) < 3)
            {
                var (start, length) = recent[rng.Next((uint)Math.Min(recentCount, recent.Length))];
                var n = Math.Min(length, size - pos);
                Array.Copy(data, start, data, pos, n);
                pos += n;
                continue;
            }

            var tabs = (int)rng.Next(4);
            for (var t = 0; t < tabs && pos < size; t++)
            {
                data[pos++] = (byte)'\t';
            }

            var words = 2 + (int)rng.Next(7);
            for (var w = 0; w < words && pos < size; w++)
            {
                var word = Words[rng.Next((uint)Words.Length)];
                for (var k = 0; k < word.Length && pos < size; k++)
                {
                    data[pos++] = (byte)word[k];
                }

                if (pos < size)
                {
                    data[pos++] = w == words - 1 ? (byte)'\n' : (byte)' ';
                }
            }

            recent[recentCount++ % recent.Length] = (lineStart, pos - lineStart);
        }

        // About one random byte in fifty.
        for (var i = (int)rng.Next(50); i < size; i += 1 + (int)rng.Next(99))
        {
            data[i] = (byte)rng.Next(256);
        }

        return data;
    }

    private static void WriteZip(string zipPath, string tree, List<(string Path, int Size, ulong Seed)> files)
    {
        using var file = File.Create(zipPath);

        // A non-seekable target makes ZipArchive write data descriptors, as Go's zip.Create does.
        using var forwardOnly = new ForwardOnlyStream(file);
        using var zip = new ZipArchive(forwardOnly, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, _, _) in files)
        {
            var entry = zip.CreateEntry(Prefix + "/" + path, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var output = entry.Open();
            using var input = File.OpenRead(Path.Combine(tree, path));
            input.CopyTo(output);
        }
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            _written += count;
        }
    }

    /// <summary>SplitMix64: tiny, fast, and the same on every runtime.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong NextUInt64()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public uint Next(uint bound) => (uint)(NextUInt64() % bound);
    }
}
