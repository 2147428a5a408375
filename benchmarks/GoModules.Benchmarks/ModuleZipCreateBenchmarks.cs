using System.Text;
using BenchmarkDotNet.Attributes;
using GoModules.Zip;

namespace GoModules.Benchmarks;

/// <summary>
/// Module zip creation from a directory (issue #18): a tree of 2,000 small source-like files (about 8 MB), where the
/// per-file costs (system calls, tasks, buffers) count, and a tree of two 16 MiB text files, deflated in 1 MiB pieces
/// on several cores. The zip goes to <see cref="Stream.Null"/>.
/// </summary>
[MemoryDiagnoser]
public class ModuleZipCreateBenchmarks
{
    private string _root = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("gomod-createbench-").FullName;
        var rng = new Random(18);
        var words = new[] { "package", "func", "return", "if", "err", "nil", "for", "range", "struct", "interface", "string", "int", "byte", "map", "go", "defer" };
        string Text(int size)
        {
            var sb = new StringBuilder(size + 32);
            while (sb.Length < size)
            {
                sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(10) == 0 ? '\n' : ' ');
                if (rng.Next(20) == 0)
                {
                    sb.Append(rng.Next()).Append(' ');
                }
            }

            return sb.ToString();
        }

        foreach (var tree in new[] { "small", "large" })
        {
            Directory.CreateDirectory(Path.Combine(_root, tree));
            File.WriteAllText(Path.Combine(_root, tree, "go.mod"), "module example.com/bench\n\ngo 1.19\n");
        }

        for (var i = 0; i < 2000; i++)
        {
            var dir = Path.Combine(_root, "small", "pkg" + (i % 40));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "file" + i + ".go"), Text(200 + rng.Next(8000)));
        }

        Directory.CreateDirectory(Path.Combine(_root, "large", "blob"));
        for (var i = 0; i < 2; i++)
        {
            File.WriteAllText(Path.Combine(_root, "large", "blob", "part" + i + ".txt"), Text(16 << 20));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark]
    public Task<ModuleZipCheckResult> CreateFromDirectorySmallFiles()
        => ModuleZipWriter.CreateFromDirectoryAsync(Stream.Null, "example.com/bench", "v1.0.0", Path.Combine(_root, "small"));

    [Benchmark]
    public Task<ModuleZipCheckResult> CreateFromDirectoryLargeFiles()
        => ModuleZipWriter.CreateFromDirectoryAsync(Stream.Null, "example.com/bench", "v1.0.0", Path.Combine(_root, "large"));
}
