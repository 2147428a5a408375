using System.Globalization;
using System.IO.Compression;
using System.Text;
using GoModules.Fetching;

namespace GoModules.Benchmarks;

/// <summary>
/// <c>generate-graph --root DIR [--modules N] [--reachable N] [--roots N] [--unpruned-percent N] [--seed N]</c>:
/// a large module graph for the build-list
/// comparison (benchmarks/compare-go/graph.sh). Writes DIR/proxy (a GOPROXY directory: <c>.info</c>, <c>.mod</c>,
/// <c>.zip</c> and <c>@v/list</c> for every version, through <see cref="ProxyDirectoryWriter"/>) and DIR/main/go.mod
/// (a main module requiring the roots). The same arguments always give the same files.
/// </summary>
/// <remarks>
/// Modules <c>example.com/g/mNNNN</c> (default 650) have two to five tagged versions each; every version requires one
/// to three of the first <c>--reachable</c> modules (default 500; cycles form) at a random version of theirs, so the
/// other modules sit in the proxy but out of the build list. <c>--unpruned-percent</c> of the go.mod files (default
/// 20) say <c>go 1.16</c> (unpruned: their whole requirement graph is loaded), the others <c>go 1.21.0</c> (pruned).
/// The main module says <c>go 1.21.0</c> and requires the first <c>--roots</c> modules (default 40) at their latest
/// version.
/// </remarks>
public static class GraphMode
{
    private static readonly string[] Pool = ["v0.1.0", "v0.2.0", "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0"];
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        var root = Option(args, "--root") ?? Path.Combine(Path.GetTempPath(), "gomodules-graph");
        var count = int.Parse(Option(args, "--modules") ?? "650", CultureInfo.InvariantCulture);
        var roots = int.Parse(Option(args, "--roots") ?? "40", CultureInfo.InvariantCulture);
        var seed = int.Parse(Option(args, "--seed") ?? "17", CultureInfo.InvariantCulture);
        var reachable = int.Parse(Option(args, "--reachable") ?? "500", CultureInfo.InvariantCulture);
        var unpruned = int.Parse(Option(args, "--unpruned-percent") ?? "20", CultureInfo.InvariantCulture);
        GenerateAsync(root, count, roots, seed, unpruned, Math.Min(reachable, count), CancellationToken.None).GetAwaiter().GetResult();
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task GenerateAsync(string root, int count, int roots, int seed, int unpruned, int reachable, CancellationToken cancellationToken)
    {
        var proxy = Path.Combine(root, "proxy");
        var main = Path.Combine(root, "main");
        foreach (var dir in new[] { proxy, main })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        var rng = new Random(seed);

        // First every module's versions (so requirements can point anywhere), then each version's go.mod.
        var modules = new List<(string Path, List<string> Versions)>(count);
        for (var i = 0; i < count; i++)
        {
            var start = rng.Next(Pool.Length - 1);
            var n = Math.Min(rng.Next(2, 6), Pool.Length - start);
            modules.Add(($"example.com/g/m{i:D4}", Pool.Skip(start).Take(n).ToList()));
        }

        var writer = new ProxyDirectoryWriter(proxy);
        var clock = 0;
        var versionCount = 0;
        foreach (var (path, versions) in modules)
        {
            var modulePath = ModulePath.Parse(path);
            foreach (var version in versions)
            {
                var goMod = DrawGoMod(rng, modules, reachable, path, unpruned);
                var bytes = Encoding.UTF8.GetBytes(goMod);
                using var zip = ZipOf(path, version, goMod);
                await writer.WriteVersionAsync(modulePath, new ModuleInfo(version, Epoch.AddHours(++clock)), bytes, zip, cancellationToken);
                versionCount++;
            }
        }

        var sb = new StringBuilder("module example.com/g/main\n\ngo 1.21.0\n\nrequire (\n");
        for (var i = 0; i < Math.Min(roots, count); i++)
        {
            sb.Append('\t').Append(modules[i].Path).Append(' ').Append(modules[i].Versions[^1]).Append('\n');
        }

        sb.Append(")\n");
        Directory.CreateDirectory(main);
        await File.WriteAllTextAsync(Path.Combine(main, "go.mod"), sb.ToString(), cancellationToken);
        Console.WriteLine($"modules {count} versions {versionCount} roots {Math.Min(roots, count)} seed {seed}");
        Console.WriteLine(proxy);
    }

    private static string DrawGoMod(Random rng, List<(string Path, List<string> Versions)> modules, int reachable, string self, int unpruned)
    {
        var sb = new StringBuilder("module ").Append(self).Append("\n\ngo ").Append(rng.Next(100) < unpruned ? "1.16" : "1.21.0").Append('\n');
        var seen = new HashSet<string>(StringComparer.Ordinal) { self };
        var lines = new List<string>();
        for (int k = 0, n = rng.Next(1, 4); k < n; k++)
        {
            var (path, versions) = modules[rng.Next(reachable)];
            if (seen.Add(path))
            {
                lines.Add(path + " " + versions[rng.Next(versions.Count)]);
            }
        }

        if (lines.Count > 0)
        {
            lines.Sort(StringComparer.Ordinal);
            sb.Append("\nrequire (\n");
            foreach (var line in lines)
            {
                sb.Append('\t').Append(line).Append('\n');
            }

            sb.Append(")\n");
        }

        return sb.ToString();
    }

    /// <summary>A version's zip: its go.mod and a README (no Go files).</summary>
    private static MemoryStream ZipOf(string path, string version, string goMod)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var prefix = path + "@" + version + "/";
            using (var w = new StreamWriter(archive.CreateEntry(prefix + "go.mod").Open()))
            {
                w.Write(goMod);
            }

            using var readme = new StreamWriter(archive.CreateEntry(prefix + "README").Open());
            readme.Write(path + " " + version + "\n");
        }

        stream.Position = 0;
        return stream;
    }
}
