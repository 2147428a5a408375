namespace GoModules.Cli.Tests.Toolchains;

/// <summary>
/// <c>go@…</c> and <c>toolchain@…</c> queries through gomod compared with the newest go, offline on a file:// proxy that
/// holds only golang.org/toolchain metadata: <c>go list -m -json</c> against <c>gomod latest -json</c>, and
/// <c>go mod download [-json]</c> against <c>gomod download [-json]</c> (same stdout, stderr and exit status). gomod is
/// given the newest go's own version as <c>--local</c>, which that go counts as available; unless a case says
/// otherwise the proxy does not have that version, so answers that need it show whether it is added.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class GoToolchainQueryInteropTests
{
    /// <summary>Around the newest go (1.27.3 today): 1.29.0 has no linux-amd64 download, which go asks for.</summary>
    private static readonly string[] Releases = ["1.25.0", "1.26.0", "1.27.0", "1.27.1", "1.27.5", "1.28rc1", "1.28rc2", "1.29.0", "1.30.1"];

    private const string Go126 = "module example.com/m\n\ngo 1.26.0\n";
    private const string Go126Toolchain = "module example.com/m\n\ngo 1.26.0\n\ntoolchain go1.27.1\n";
    private const string Go126MissingToolchain = "module example.com/m\n\ngo 1.26.0\n\ntoolchain go1.27.2\n";
    private const string Go125 = "module example.com/m\n\ngo 1.25.4\n";
    private const string Go120 = "module example.com/m\n\ngo 1.20\n";

    // Outside a module: upgrade and patch start from the local version.
    [TestCase(null, false, "go@latest")]
    [TestCase(null, false, "toolchain@latest")]
    [TestCase(null, false, "go@upgrade")]
    [TestCase(null, false, "go@patch")]
    [TestCase(null, false, "toolchain@upgrade")]
    [TestCase(null, false, "toolchain@patch")]
    // Language-version prefixes, and the two spellings.
    [TestCase(null, false, "go@1.27")]
    [TestCase(null, false, "toolchain@go1.27")]
    [TestCase(null, false, "go@go1.27")]
    [TestCase(null, false, "toolchain@1.27")]
    [TestCase(null, false, "go@1.28")]
    [TestCase(null, false, "go@1.29")]
    // Exact versions: the local one, older go versions, missing ones, release candidates.
    [TestCase(null, false, "go@1.27.3")]
    [TestCase(null, false, "toolchain@go1.27.3")]
    [TestCase(null, false, "toolchain@1.27.3")]
    [TestCase(null, false, "go@1.20.5")]
    [TestCase(null, false, "toolchain@go1.20.5")]
    [TestCase(null, false, "go@1.99.0")]
    [TestCase(null, false, "go@1.28rc1")]
    [TestCase(null, false, "toolchain@go1.28rc2")]
    [TestCase(null, false, "go@1.28rc3")]
    // Comparisons; releases before release candidates.
    [TestCase(null, false, "go@<1.27")]
    [TestCase(null, false, "go@<1.28")]
    [TestCase(null, false, "go@<1.30")]
    [TestCase(null, false, "go@<=1.27.1")]
    [TestCase(null, false, "go@>1.27.1")]
    [TestCase(null, false, "go@>1.27.5")]
    [TestCase(null, false, "go@>=1.27")]
    [TestCase(null, false, "go@>=1.28rc1")]
    [TestCase(null, false, "toolchain@<go1.27.2")]
    [TestCase(null, false, "toolchain@>go1.27.1")]
    [TestCase(null, false, "go@>=1.31")]
    // Refused queries.
    [TestCase(null, false, "go@<=1.27")]
    [TestCase(null, false, "go@>1.27")]
    [TestCase(null, false, "go@<go1.27")]
    [TestCase(null, false, "toolchain@<1.27.2")]
    [TestCase(null, false, "go@none")]
    [TestCase(null, false, "toolchain@none")]
    [TestCase(null, false, "go@master")]
    [TestCase(null, false, "go@v1.27.0")]
    [TestCase(null, false, "toolchain@-x")]
    // The local version in the proxy as well.
    [TestCase(null, true, "go@>1.27.1")]
    [TestCase(null, true, "toolchain@go1.27")]
    [TestCase(null, true, "go@latest")]
    // In a module: upgrade and patch start from its go line, and toolchain ones from its toolchain line, else go<go line>.
    [TestCase(Go126, false, "go@upgrade")]
    [TestCase(Go126, false, "go@patch")]
    [TestCase(Go126, false, "toolchain@upgrade")]
    [TestCase(Go126, false, "toolchain@patch")]
    [TestCase(Go126Toolchain, false, "toolchain@patch")]
    [TestCase(Go126Toolchain, false, "toolchain@upgrade")]
    [TestCase(Go126Toolchain, false, "go@patch")]
    [TestCase(Go125, false, "go@patch")]
    [TestCase(Go125, false, "toolchain@patch")]
    [TestCase(Go120, false, "go@patch")]
    [TestCase(Go120, false, "toolchain@patch")]
    [TestCase(Go120, false, "toolchain@upgrade")]
    public async Task ListAnswersAsTheNewestGo(string? goMod, bool localInProxy, string argument)
    {
        using var s = Setup.Create(goMod, localInProxy);
        var go = s.Go("list", "-m", "-json", argument);
        var gomod = await s.Gomod("latest", "-json", "--local", s.Local, argument);
        var label = $"go list -m -json {argument}: {go}\ngomod latest: exit {gomod.Exit}\n{gomod.Stdout}{gomod.Stderr}";
        Assert.That((gomod.Exit, gomod.Stdout, gomod.Stderr), Is.EqualTo((go.ExitCode, go.Stdout, go.Stderr)), label);
    }

    [TestCase(null, "go@1.27.3", "toolchain@go1.27.1", "go@latest", "go@1.99.0", "go@none", "toolchain@1.27", "go@1.28", "go")]
    [TestCase(Go126Toolchain, "go@patch", "toolchain@patch", "toolchain", "go", "toolchain@upgrade")]
    [TestCase(Go126MissingToolchain, "toolchain", "toolchain@patch", "go")]
    [TestCase(null, "go@1.27.3", "go@/x")]
    public async Task ModDownloadAnswersAsTheNewestGo(string? goMod, params string[] arguments)
    {
        using var s = Setup.Create(goMod, localInProxy: false);
        foreach (var json in new[] { true, false })
        {
            string[] flags = json ? ["-json"] : [];
            var go = s.Go(["mod", "download", .. flags, .. arguments]);
            var gomod = await s.Gomod(["download", .. flags, "--local", s.Local, .. arguments]);
            var label = $"go mod download {string.Join(' ', flags)}: {go}\ngomod download: exit {gomod.Exit}\n{gomod.Stdout}{gomod.Stderr}";
            Assert.That(go.ExitCode, Is.EqualTo(1), label);
            Assert.That((gomod.Exit, gomod.Stdout, gomod.Stderr), Is.EqualTo((go.ExitCode, go.Stdout, go.Stderr)), label);
        }

        // Both keep the .info of each download they confirmed, in the same form. go also reads the latest release for
        // a list query, to load retractions, which the synthesized go.mod of go and toolchain cannot have; gomod does not.
        var goFiles = s.CachedToolchainFiles("modcache");
        var gomodFiles = s.CachedToolchainFiles("gomod-modcache");
        Assert.That(gomodFiles, Is.SubsetOf(goFiles));
        Assert.That(gomodFiles, goFiles.Count == 0 ? Is.Empty : Is.Not.Empty);
    }

    [TestCase("off", "go@latest")]
    [TestCase("off", "go@1.27.5")]
    [TestCase("off", "go@1.20.1")]
    [TestCase("off", "toolchain@go1.27.3")]
    [TestCase("empty", "go@latest")]
    [TestCase("empty", "go@1.27")]
    [TestCase("empty", "toolchain@go1.27.3")]
    [TestCase("empty", "go@1.27.5")]
    public async Task WithoutToolchainVersions_ListAnswersAsTheNewestGo(string proxy, string argument)
    {
        using var s = Setup.Create(null, localInProxy: false, proxy);
        var go = s.Go("list", "-m", "-json", argument);
        var gomod = await s.Gomod("latest", "-json", "--local", s.Local, argument);
        Assert.That((gomod.Exit, gomod.Stdout, gomod.Stderr), Is.EqualTo((go.ExitCode, go.Stdout, go.Stderr)), go.ToString());
    }

    [Test]
    public async Task WithGoProxyOff_ModDownloadAnswersAsTheNewestGo()
    {
        using var s = Setup.Create(Go126Toolchain, localInProxy: false, "off");
        string[] args = ["mod", "download", "-json", "toolchain", "go", "toolchain@go1.27.1", "go@1.27.5"];
        var go = s.Go(args);
        var gomod = await s.Gomod(["download", "-json", "--local", s.Local, .. args[3..]]);
        Assert.That((gomod.Exit, gomod.Stdout, gomod.Stderr), Is.EqualTo((go.ExitCode, go.Stdout, go.Stderr)), go.ToString());
    }

    [Test]
    public async Task WithoutLocal_TheGoOfGorootIsTheLocalVersion()
    {
        using var s = Setup.Create(null, localInProxy: false);
        var go = s.Go("list", "-m", "-json", "go@>1.27.1");
        var gomod = await s.Gomod(new Dictionary<string, string?> { ["GOROOT"] = GoInstalls.GoRoot(s.GoBinary) }, "latest", "-json", "go@>1.27.1");
        Assert.That((gomod.Exit, gomod.Stdout, gomod.Stderr), Is.EqualTo((go.ExitCode, go.Stdout, go.Stderr)));
    }

    private sealed class Setup : IDisposable
    {
        private readonly TempDirectory _tmp = new();
        private string _proxy = string.Empty;
        private string _work = string.Empty;

        public string GoBinary { get; private set; } = string.Empty;

        /// <summary>The newest go's version as a toolchain name (go1.27.3), from its GOROOT/VERSION.</summary>
        public string Local { get; private set; } = string.Empty;

        /// <summary>A work folder (with <paramref name="goMod"/> when given) and a proxy: the toolchain versions, "empty" (no golang.org/toolchain) or "off".</summary>
        public static Setup Create(string? goMod, bool localInProxy, string proxy = "toolchain")
        {
            var s = new Setup { GoBinary = GoCommand.Require() };
            s.Local = File.ReadLines(Path.Combine(GoInstalls.GoRoot(s.GoBinary), "VERSION")).First().Trim();
            var local = s.Local[2..];
            var releases = Releases.Where(v => v != local).ToList();
            if (localInProxy)
            {
                releases.Add(local);
            }

            s._proxy = proxy switch
            {
                "off" => "off",
                "empty" => new Uri(s._tmp.Sub("proxy")).AbsoluteUri,
                _ => ToolchainQueryProxy.Create(s._tmp.Sub("proxy"), releases, "1.29.0"),
            };
            s._work = s._tmp.Sub("work");
            if (goMod is not null)
            {
                File.WriteAllText(Path.Combine(s._work, "go.mod"), goMod);
            }

            return s;
        }

        public GoCommand.Result Go(params string[] args)
        {
            var env = GoCommand.Environment_(_tmp.Sub("gopath"), Path.Combine(_tmp.Path, "modcache"));
            env["GOPROXY"] = _proxy;
            env["GOFLAGS"] = "-mod=mod";
            return GoCommand.Run(GoBinary, _work, env, null, args);
        }

        public Task<(int Exit, string Stdout, string Stderr)> Gomod(params string[] args) => Gomod(new Dictionary<string, string?>(), args);

        public Task<(int Exit, string Stdout, string Stderr)> Gomod(Dictionary<string, string?> extra, params string[] args)
        {
            var env = ProcessRunner.GomodEnvironment(_tmp.Path, _tmp.Sub("gomod-gopath"), Path.Combine(_tmp.Path, "gomod-modcache"), _proxy, "off");
            env["GOROOT"] = null;
            foreach (var (k, v) in extra)
            {
                env[k] = v;
            }

            return ProcessRunner.RunAsync(
                Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                [Path.Combine(TestContext.CurrentContext.TestDirectory, "gomod.dll"), .. args],
                _work,
                env);
        }

        /// <summary>The files below a module cache's golang.org/toolchain download folder: relative name and text.</summary>
        public List<string> CachedToolchainFiles(string modcache)
        {
            var dir = Path.Combine(_tmp.Path, modcache, "cache", "download", "golang.org", "toolchain");
            return Directory.Exists(dir)
                ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    .Select(f => Path.GetRelativePath(dir, f) + ": " + File.ReadAllText(f).Trim()).ToList()
                : [];
        }

        public void Dispose() => _tmp.Dispose();
    }
}
