using System.Diagnostics;
using System.Globalization;
using GoModules.Hashing;
using GoModules.Zip;

namespace GoModules.Benchmarks;

/// <summary>
/// Whole-operation timings for the side-by-side comparison with Go (benchmarks/compare-go):
/// <c>generate --root DIR [--workloads a,b]</c> builds the workloads;
/// <c>compare --root DIR [--workloads a,b] [--ops zip,dir] [--iterations N] [--workers N]</c> prints one line per
/// workload and operation: <c>RESULT &lt;workload&gt; &lt;op&gt; &lt;median seconds&gt; &lt;h1&gt; &lt;peak RSS MiB&gt;
/// &lt;CPU seconds per run&gt;</c> (user + system time of the process over the timed runs, divided by their number)
/// (the peak is the whole process's, so run one operation per process to attribute it).
/// Ops: <c>zip</c> (<c>DirHash.HashZipAsync</c>), <c>dir</c> (<c>DirHash.HashDirectoryAsync</c>),
/// <c>verify-extract</c> (one streaming pass of <see cref="ModuleZipReader"/> over the zip file: validate, hash
/// and extract into a fresh directory under <c>--out</c>) and <c>create</c>
/// (<see cref="ModuleZipWriter.CreateFromDirectoryAsync"/> into a file under <c>--out</c>; the h1 printed is
/// that of the zip written, computed after timing). Extracted trees and written zips are removed
/// between runs, untimed.
/// </summary>
public static class CompareMode
{
    /// <summary>Untimed runs before the timed ones (same as the Go side).</summary>
    public const int WarmUpRuns = 5;

    public static int Run(string[] args)
    {
        var root = Option(args, "--root") ?? Path.Combine(Path.GetTempPath(), "gomodules-bench");
        var workloads = (Option(args, "--workloads") ?? string.Join(',', Workloads.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var ops = (Option(args, "--ops") ?? "zip,dir").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var iterations = int.Parse(Option(args, "--iterations") ?? "7", CultureInfo.InvariantCulture);
        var scratch = Option(args, "--out") ?? Path.GetTempPath();

        // --keep: every verify-extract run extracts into a directory of its own and nothing is deleted
        // (the caller removes --out afterwards). On an ext4 file system without a journal, creating files
        // right after thousands were deleted costs a scan of the recently deleted inodes per file
        // (recently_deleted() in the inode allocator), which measures the harness rather than the tools.
        var keep = args.Contains("--keep");
        // --workers caps the cores DirHash uses, to measure the single-core speed.
        var hashOptions = new DirHashOptions
        {
            MaxDegreeOfParallelism = Option(args, "--workers") is { } workers ? int.Parse(workers, CultureInfo.InvariantCulture) : null,
        };

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
                var extractTo = Path.Combine(scratch, "gm-extract-" + name);
                var created = Path.Combine(scratch, "gm-create-" + name + ".zip");
                var runNumber = 0;
                Func<Task<string>> run = op switch
                {
                    "zip" => () => DirHash.HashZipAsync(Workloads.ZipFile(root, name), hashOptions),
                    "dir" => () => DirHash.HashDirectoryAsync(Workloads.TreeDir(root, name), Workloads.Prefix, hashOptions),
                    "verify-extract" when keep => () => VerifyExtractAsync(Workloads.ZipFile(root, name), extractTo + "-" + Environment.ProcessId + "-" + runNumber++),
                    "verify-extract" => () => VerifyExtractAsync(Workloads.ZipFile(root, name), extractTo),
                    "create" => () => CreateAsync(Workloads.TreeDir(root, name), created),
                    _ => throw new ArgumentException($"unknown op '{op}'"),
                };
                Action cleanup = op switch
                {
                    "verify-extract" when keep => () => { },
                    "verify-extract" => () => RemoveTree(extractTo),
                    "create" => () => File.Delete(created),
                    _ => () => { },
                };
                cleanup();
                var (median, h1, cpu) = Time(run, cleanup, iterations);
                if (op == "create")
                {
                    run().GetAwaiter().GetResult();
                    h1 = DirHash.HashZipAsync(created).GetAwaiter().GetResult();
                    if (!keep)
                    {
                        // With --keep the last zip written stays in --out, for size and acceptance checks.
                        cleanup();
                    }
                }

                using var self = Process.GetCurrentProcess();
                var peakMiB = self.PeakWorkingSet64 / (1024.0 * 1024.0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {op} {median:F4} {h1} {peakMiB:F0} {cpu:F4}"));
            }
        }

        return 0;
    }

    private static async Task<string> VerifyExtractAsync(string zipFile, string extractTo)
    {
        await using var stream = new FileStream(zipFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var result = await ModuleZipReader.ReadAsync(stream, Workloads.ModulePath, Workloads.Version, new ModuleZipReadOptions { ExtractTo = extractTo });
        return result.Hash;
    }

    private static async Task<string> CreateAsync(string tree, string zipFile)
    {
        await using var stream = new FileStream(zipFile, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        await ModuleZipWriter.CreateFromDirectoryAsync(stream, Workloads.ModulePath, Workloads.Version, tree);
        return "created";
    }

    /// <summary>Deletes an extracted tree, whose directories are read-only (0555).</summary>
    private static void RemoveTree(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(sub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(dir, recursive: true);
    }

    private static (double Median, string H1, double CpuPerRun) Time(Func<Task<string>> run, Action cleanup, int iterations)
    {
        // Warm up: the page cache, the JIT and tiered recompilation (which otherwise keeps a
        // background thread busy during the first timed runs). Go gets the same warm-up runs.
        var h1 = run().GetAwaiter().GetResult();
        cleanup();
        for (var i = 1; i < WarmUpRuns; i++)
        {
            run().GetAwaiter().GetResult();
            cleanup();
        }

        var times = new double[iterations];
        var cpu = 0.0;
        for (var i = 0; i < iterations; i++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var again = run().GetAwaiter().GetResult();
            times[i] = sw.Elapsed.TotalSeconds;
            cpu += (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            cleanup();
            if (again != h1)
            {
                throw new InvalidOperationException("hash changed between runs");
            }
        }

        cpu /= iterations;
        var allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        run().GetAwaiter().GetResult();
        cleanup();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated per run: {(GC.GetTotalAllocatedBytes(precise: true) - allocBefore) / 1048576.0:F1} MiB (managed heap)"));
        Array.Sort(times);
        return (times[iterations / 2], h1, cpu);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
