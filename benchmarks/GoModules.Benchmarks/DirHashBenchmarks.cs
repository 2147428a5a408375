using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GoModules.Hashing;

namespace GoModules.Benchmarks;

/// <summary>
/// h1 of the benchmark workloads (shared/bench/WORKLOADS.md) from the module zip and from the
/// extracted tree. The baselines are the obvious single-threaded implementations (ZipArchive and
/// File.OpenRead with SHA256), which is what a straightforward port of x/mod's dirhash looks like.
/// Workloads are generated on first use under $GOMODULES_BENCH_ROOT (default /tmp/gomodules-bench).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class DirHashBenchmarks
{
    private string _zip = "";
    private string _tree = "";

    [Params("small", "mixed", "large")]
    public string Workload { get; set; } = "small";

    [GlobalSetup]
    public void Setup()
    {
        var root = Environment.GetEnvironmentVariable("GOMODULES_BENCH_ROOT") ?? Path.Combine(Path.GetTempPath(), "gomodules-bench");
        Directory.CreateDirectory(root);
        Workloads.Ensure(root, Workload);
        _zip = Workloads.ZipFile(root, Workload);
        _tree = Workloads.TreeDir(root, Workload);
    }

    [Benchmark]
    public Task<string> HashZip() => DirHash.HashZipAsync(_zip);

    [Benchmark]
    public Task<string> HashDirectory() => DirHash.HashDirectoryAsync(_tree, Workloads.Prefix);

    [Benchmark(Baseline = true)]
    public string NaiveZip()
    {
        using var zip = ZipFile.OpenRead(_zip);
        var lines = new List<(string Name, byte[] Sum)>();
        foreach (var entry in zip.Entries)
        {
            using var s = entry.Open();
            lines.Add((entry.FullName, SHA256.HashData(s)));
        }

        return Summarize(lines);
    }

    [Benchmark]
    public string NaiveDirectory()
    {
        var lines = new List<(string Name, byte[] Sum)>();
        foreach (var file in Directory.EnumerateFiles(_tree, "*", SearchOption.AllDirectories))
        {
            using var s = File.OpenRead(file);
            lines.Add((Workloads.Prefix + "/" + Path.GetRelativePath(_tree, file).Replace('\\', '/'), SHA256.HashData(s)));
        }

        return Summarize(lines);
    }

    private static string Summarize(List<(string Name, byte[] Sum)> lines)
    {
        // Names here are ASCII, so ordinal order is byte order.
        lines.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var summary = new StringBuilder();
        foreach (var (name, sum) in lines)
        {
            summary.Append(Convert.ToHexStringLower(sum)).Append("  ").Append(name).Append('\n');
        }

        return "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary.ToString())));
    }
}
