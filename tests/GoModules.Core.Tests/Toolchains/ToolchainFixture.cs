using System.Text;
using GoModules.Caching;
using GoModules.Fetching;
using GoModules.Patterns;
using GoModules.SumDb;
using GoModules.Tests.SumDb.Support;
using GoModules.Toolchains;

namespace GoModules.Tests.Toolchains;

/// <summary>
/// A synthetic toolchain module (bin, pkg/tool, lib, src with _go.mod files) in a file:// proxy, a test checksum
/// database that may or may not vouch for it, and a module cache that downloads through both.
/// </summary>
internal sealed class ToolchainFixture : IDisposable
{
    public const string Toolchain = "go1.99.1";

    public ToolchainFixture(bool inDatabase = true, string? goSumDb = null, string noSumDb = "", bool alwaysVerify = true, string? databaseHash = null)
    {
        Module = new TestModule("golang.org/toolchain", $"v0.0.1-{Toolchain}.linux-amd64");
        Module.Files.Clear();
        void Add(string name, string text) => Module.Files[name] = Encoding.UTF8.GetBytes(text);
        Add("VERSION", $"{Toolchain}\ntime 2026-01-01T00:00:00Z\n");
        Add("bin/go", "#!/bin/sh\necho fake go\n");
        Add("bin/gofmt", "#!/bin/sh\necho fake gofmt\n");
        Add("pkg/tool/linux_amd64/compile", "compile");
        Add("pkg/tool/linux_amd64/link", "link");
        Add("lib/wasm/go_js_wasm_exec", "#!/bin/sh\n");
        Add("lib/wasm/wasm_exec.js", "// js\n");
        Add("lib/time/zoneinfo.zip", "zip");
        Add("src/_go.mod", "module std\n\ngo 1.99\n");
        Add("src/cmd/_go.mod", "module cmd\n\ngo 1.99\n");
        Add("src/cmd/go/testdata/mod/_go.mod", "module x\n");
        Add("src/fmt/print.go", "package fmt\n");
        Add("src/vendor/modules.txt", "# golang.org/x/net v0.0.0\n");
        Add("src/vendor/golang.org/x/net/http/http.go", "package http\n");
        Module.WriteProxy(Temp.Combine("proxy"));

        Db = new TestChecksumDatabase("sumdb.gomodules.test");
        Db.AddFiller(5);
        if (inDatabase)
        {
            Db.AddModule(Module.Path, Module.Version, databaseHash ?? Module.ZipHash, Module.GoModHash);
        }

        Transport = new MemoryTransport(Db);
        Verifier = new ModuleChecksumVerifier(goSumDb ?? Db.Verifier.VerifierKey, PathPatternList.Parse(noSumDb), s => new ChecksumDatabaseClient(s.Verifier!, Transport))
        {
            AlwaysVerifyToolchains = alwaysVerify,
        };
        Cache = NewCache();
    }

    public TempDirectory Temp { get; } = new();

    public TestModule Module { get; }

    public TestChecksumDatabase Db { get; }

    public MemoryTransport Transport { get; }

    public ModuleChecksumVerifier Verifier { get; }

    public ModuleCache Cache { get; }

    public string ModCache => Temp.Combine("modcache");

    public ModuleVersion ModuleVersion => new(ModulePath.Parse(Module.Path), Module.Version);

    public ModuleCache NewCache(ModuleChecksumVerifier? verifier = null)
        => new(new ProxyChainFetcher(ProxyChain.Parse("file://" + Temp.Combine("proxy"))), new ModuleCacheOptions { Root = ModCache, ChecksumVerifier = verifier ?? Verifier });

    public GoToolchainDownloader Downloader() => new(Cache);

    public void Dispose() => Temp.Dispose();
}
