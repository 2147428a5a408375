using System.Text;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Tests.Caching;

/// <summary>
/// A GOPROXY directory (the file layout of the proxy protocol) built from module sources with GoModules' own
/// zip writer, served through a <c>file://</c> URL.
/// </summary>
internal sealed class TestProxy
{
    public static readonly DateTimeOffset DefaultTime = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestProxy(string root)
    {
        Root = root;
        Directory.CreateDirectory(root);
    }

    public string Root { get; }

    public string Url => new Uri(Path.TrimEndingDirectorySeparator(Root)).AbsoluteUri;

    public IModuleFetcher CreateFetcher() => new ProxyChainFetcher(ProxyChain.Parse(Url), transports: FileModuleProxyTransport.Factory);

    /// <summary>Adds one module version; a root go.mod among the files is served as the .mod, else "module path".</summary>
    public async Task AddAsync(string path, string version, IReadOnlyList<(string Path, byte[] Data)> files, DateTimeOffset? time = null)
    {
        var goMod = files.FirstOrDefault(f => f.Path == "go.mod").Data ?? Encoding.UTF8.GetBytes($"module {path}\n");
        using var zip = new MemoryStream();
        var sources = files.Select(f => ModuleZipSourceFile.FromBytes(f.Path, f.Data)).ToList();
        var check = await ModuleZipWriter.CreateAsync(zip, path, version, sources);
        check.EnsureValid();
        zip.Position = 0;
        await new ProxyDirectoryWriter(Root).WriteVersionAsync(ModulePath.Parse(path), new ModuleInfo(version, time ?? DefaultTime), goMod, zip);
    }

    public static (string Path, byte[] Data) File_(string path, string text) => (path, Encoding.UTF8.GetBytes(text));
}
