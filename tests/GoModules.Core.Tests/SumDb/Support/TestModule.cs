using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GoModules.Fetching;

namespace GoModules.Tests.SumDb.Support;

/// <summary>
/// A tiny module version for interop tests: its files, its zip, and its go.sum hashes computed the way the go command
/// does ("h1:": SHA-256 over the sorted lines "sha256hex  name\n" of its files).
/// </summary>
internal sealed class TestModule
{
    public TestModule(string path, string version, string source = "package hello\n\nfunc Hello() string { return \"hello\" }\n")
    {
        Path = path;
        Version = version;
        GoMod = $"module {path}\n\ngo 1.16\n";
        Files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["go.mod"] = Encoding.UTF8.GetBytes(GoMod),
            ["hello.go"] = Encoding.UTF8.GetBytes(source),
        };
    }

    public string Path { get; }

    public string Version { get; }

    public string GoMod { get; }

    public SortedDictionary<string, byte[]> Files { get; }

    public string ZipHash => Hash1(Files.Select(f => ($"{Path}@{Version}/{f.Key}", f.Value)));

    public string GoModHash => Hash1([("go.mod", Encoding.UTF8.GetBytes(GoMod))]);

    public static string Hash1(IEnumerable<(string Name, byte[] Content)> files)
    {
        var summary = new StringBuilder();
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            summary.Append(Convert.ToHexStringLower(SHA256.HashData(content))).Append("  ").Append(name).Append('\n');
        }

        return "h1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(summary.ToString())));
    }

    public byte[] Zip()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in Files)
            {
                var entry = zip.CreateEntry($"{Path}@{Version}/{name}");
                using var s = entry.Open();
                s.Write(content);
            }
        }

        return ms.ToArray();
    }

    /// <summary>Lays the module out as a GOPROXY directory (usable as a file:// proxy) with <see cref="ProxyDirectoryWriter"/>.</summary>
    public void WriteProxy(string proxyDir)
    {
        // Local files only, so waiting here cannot deadlock; the callers are synchronous fixtures.
        var info = new ModuleInfo(Version, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var zip = new MemoryStream(Zip());
        new ProxyDirectoryWriter(proxyDir).WriteVersionAsync(ModulePath.Parse(Path), info, Encoding.UTF8.GetBytes(GoMod), zip).GetAwaiter().GetResult();
    }
}
