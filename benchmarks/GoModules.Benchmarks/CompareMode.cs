using System.Diagnostics;
using System.Globalization;
using GoModules.Hashing;

namespace GoModules.Benchmarks;

/// <summary>
/// Whole-operation timings for the side-by-side comparison with Go (benchmarks/compare-go):
/// <c>generate --root DIR [--workloads a,b]</c> builds the workloads;
/// <c>compare --root DIR [--workloads a,b] [--ops zip,dir] [--iterations N] [--workers N]</c> prints one line per
/// workload and operation: <c>RESULT &lt;workload&gt; &lt;op&gt; &lt;median seconds&gt; &lt;h1&gt; &lt;peak RSS MiB&gt;
/// &lt;CPU seconds per run&gt;</c> (user + system time of the process over the timed runs, divided by their number)
/// (the peak is the whole process's, so run one operation per process to attribute it).
/// </summary>
public static class CompareMode
{
    public static int Run(string[] args)
    {
        var root = Option(args, "--root") ?? Path.Combine(Path.GetTempPath(), "gomodules-bench");
        var workloads = (Option(args, "--workloads") ?? string.Join(',', Workloads.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var ops = (Option(args, "--ops") ?? "zip,dir").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var iterations = int.Parse(Option(args, "--iterations") ?? "7", CultureInfo.InvariantCulture);
        if (Option(args, "--workers") is { } workers)
        {
            // Caps the cores DirHash uses, to measure the single-core speed.
            GoModules.Hashing.Internal.ParallelHashing.MaxWorkers = int.Parse(workers, CultureInfo.InvariantCulture);
        }

        Directory.CreateDirectory(root);
        foreach (var name in workloads)
        {
            Workloads.Ensure(root, name);
        }

        if (args[0] == "generate")
        {
            return 0;
        }

        foreach (var name in workloads)
        {
            foreach (var op in ops)
            {
                Func<Task<string>> run = op switch
                {
                    "zip" => () => DirHash.HashZipAsync(Workloads.ZipFile(root, name)),
                    "dir" => () => DirHash.HashDirectoryAsync(Workloads.TreeDir(root, name), Workloads.Prefix),
                    _ => throw new ArgumentException($"unknown op '{op}'"),
                };
                var (median, h1, cpu) = Time(run, iterations);
                using var self = Process.GetCurrentProcess();
                var peakMiB = self.PeakWorkingSet64 / (1024.0 * 1024.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {op} {median:F4} {h1} {peakMiB:F0} {cpu:F4}"));
            }
        }

        return 0;
    }

    private static (double Median, string H1, double CpuPerRun) Time(Func<Task<string>> run, int iterations)
    {
        // Warm up: JIT, tiering and the page cache.
        var h1 = run().GetAwaiter().GetResult();
        run().GetAwaiter().GetResult();
        var times = new double[iterations];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            var again = run().GetAwaiter().GetResult();
            times[i] = sw.Elapsed.TotalSeconds;
            if (again != h1)
            {
                throw new InvalidOperationException("hash changed between runs");
            }
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / iterations;
        Array.Sort(times);
        return (times[iterations / 2], h1, cpu);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
