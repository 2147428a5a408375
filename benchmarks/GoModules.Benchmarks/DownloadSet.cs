using System.Globalization;
using System.Text;
using GoModules.Zip;

namespace GoModules.Benchmarks;

/// <summary>
/// The download set of shared/bench/WORKLOADS.md as a GOPROXY directory (the proxy protocol's file layout):
/// the <c>large</c> module (example.com/bench@v1.0.0) and 300 small modules example.com/dep/mNNN@v1.0.0 of 20
/// files each (200 – 8,200 bytes of text-like content). <c>download-generate --root DIR</c> writes it to
/// DIR/download-proxy (skipped when up to date); benchmarks/compare-go/download.sh serves it over HTTP on
/// 127.0.0.1 and times <c>gomod download</c> against <c>go mod download</c>.
/// </summary>
public static class DownloadSet
{
    public const int SmallModules = 300;
    private const string Stamp = "gomodules-download-set-v1";
    private const string Time = "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}";

    public static int Run(string[] args)
    {
        var i = Array.IndexOf(args, "--root");
        var root = i >= 0 && i + 1 < args.Length ? args[i + 1] : Path.Combine(Path.GetTempPath(), "gomodules-bench");
        Directory.CreateDirectory(root);
        var proxy = Path.Combine(root, "download-proxy");
        var stamp = Path.Combine(root, "download-proxy.stamp");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == Stamp)
        {
            Console.WriteLine(proxy);
            return 0;
        }

        if (Directory.Exists(proxy))
        {
            Directory.Delete(proxy, recursive: true);
        }

        Workloads.Ensure(root, "large");
        var large = Versions(proxy, Workloads.ModulePath);
        File.Copy(Workloads.ZipFile(root, "large"), Path.Combine(large, "v1.0.0.zip"));
        File.WriteAllText(Path.Combine(large, "v1.0.0.mod"), "module " + Workloads.ModulePath + "\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(large, "v1.0.0.info"), Time);
        File.WriteAllText(Path.Combine(large, "list"), "v1.0.0\n");

        var rng = new Random(4);
        for (var m = 0; m < SmallModules; m++)
        {
            var path = "example.com/dep/m" + m.ToString("D3", CultureInfo.InvariantCulture);
            var goMod = Encoding.ASCII.GetBytes("module " + path + "\n\ngo 1.19\n");
            var files = new List<ModuleZipSourceFile> { ModuleZipSourceFile.FromBytes("go.mod", goMod) };
            for (var f = 0; f < 19; f++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"p{f % 4}/file{f:D2}.go");
                files.Add(ModuleZipSourceFile.FromBytes(name, Workloads.Content(200 + rng.Next(8001), (ulong)rng.NextInt64())));
            }

            var dir = Versions(proxy, path);
            using (var zip = File.Create(Path.Combine(dir, "v1.0.0.zip")))
            {
                ModuleZipWriter.CreateAsync(zip, path, "v1.0.0", files).GetAwaiter().GetResult().EnsureValid();
            }

            File.WriteAllBytes(Path.Combine(dir, "v1.0.0.mod"), goMod);
            File.WriteAllText(Path.Combine(dir, "v1.0.0.info"), Time);
            File.WriteAllText(Path.Combine(dir, "list"), "v1.0.0\n");
        }

        File.WriteAllText(stamp, Stamp);
        Console.WriteLine(proxy);
        return 0;
    }

    private static string Versions(string proxy, string modulePath)
    {
        var dir = Path.Combine(proxy, modulePath.Replace('/', Path.DirectorySeparatorChar), "@v");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
