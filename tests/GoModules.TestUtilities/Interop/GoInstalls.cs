namespace GoModules.TestUtilities.Interop;

/// <summary>
/// Finds the go commands the interop tests run. The newest go is the reference: <c>GOMODULES_GO_NEWEST</c> names its
/// binary and <c>GOMODULES_GOCODE_NEWEST</c> its x/mod GOPATH tree (what <c>../shared/tools/newest-go.sh</c> prints as
/// GO= and GOCODE=; .ci/run sets both), else the default folder of that script is looked at. The oldest go is
/// <c>GOMODULES_GO_OLDEST</c> (and <c>GOMODULES_GOCODE_OLDEST</c>), else the go on PATH with Debian's
/// /usr/share/gocode. A missing go ignores the calling test with the reason, unless <c>GOMODULES_REQUIRE_GO=1</c>, in
/// which case both must be present and a missing one fails.
/// </summary>
public static class GoInstalls
{
    public const string RequireVariable = "GOMODULES_REQUIRE_GO";
    public const string NewestVariable = "GOMODULES_GO_NEWEST";
    public const string NewestGoCodeVariable = "GOMODULES_GOCODE_NEWEST";
    public const string OldestVariable = "GOMODULES_GO_OLDEST";
    public const string OldestGoCodeVariable = "GOMODULES_GOCODE_OLDEST";

    private static readonly Lazy<GoInstall?> NewestInstall = new(FindNewest);
    private static readonly Lazy<string> ConfigDir = new(CreateConfigDir);
    private static readonly Lazy<GoInstall?> OldestInstall = new(FindOldest);

    /// <summary>Both go commands, for tests that must hold with each (cache sharing): a TestCaseSource.</summary>
    public static GoRelease[] Both { get; } = [GoRelease.Newest, GoRelease.Oldest];

    /// <summary>
    /// A user configuration directory (XDG_CONFIG_HOME) for go processes, outside every test's temporary folder, in
    /// which Go's telemetry (Go 1.23 and later) is off: otherwise the newest go writes counters below $HOME/.config
    /// from a child process that can outlive it, racing the test's cleanup.
    /// </summary>
    public static string QuietConfigDir => ConfigDir.Value;

    /// <summary>The GOROOT of a go binary (which is GOROOT/bin/go).</summary>
    public static string GoRoot(string go) => Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(go)))!;

    /// <summary>The install, or <see langword="null"/> when it is not there.</summary>
    public static GoInstall? Find(GoRelease release) => release == GoRelease.Newest ? NewestInstall.Value : OldestInstall.Value;

    /// <summary>The install, or ignores/fails the current test when it is not there.</summary>
    public static GoInstall Require(GoRelease release = GoRelease.Newest)
    {
        var install = Find(release);
        if (install is not null)
        {
            return install;
        }

        var reason = release == GoRelease.Newest
            ? $"the newest go is not installed: run ../shared/tools/newest-go.sh and set {NewestVariable}=<GO> and {NewestGoCodeVariable}=<GOCODE> from its output"
            : $"the oldest cache-sharing go (Debian's go1.19, golang-go) is not on PATH and {OldestVariable} is not set";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{reason}; {RequireVariable}=1 requires both go commands");
        }

        Assert.Ignore($"{reason} (set {RequireVariable}=1 to make this a failure)");
        return null!;
    }

    /// <summary>
    /// The go binaries to share work between in one test: the newest (required, see <see cref="Require"/>), then the
    /// oldest when it is installed (required too under <c>GOMODULES_REQUIRE_GO=1</c>).
    /// </summary>
    public static IReadOnlyList<string> Available()
    {
        var list = new List<string> { Require(GoRelease.Newest).Go };
        if (Find(GoRelease.Oldest) is not null || Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            list.Add(Require(GoRelease.Oldest).Go);
        }

        return list;
    }

    /// <summary>The x/mod GOPATH tree of an install, or ignores/fails the current test when its sources are missing.</summary>
    public static string RequireGoCode(GoRelease release = GoRelease.Newest)
    {
        var install = Require(release);
        if (Directory.Exists(install.XModSources))
        {
            return install.GoCode;
        }

        var reason = $"golang.org/x/mod sources for the {release} go are missing at {install.XModSources}";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
        return null!;
    }

    private static string CreateConfigDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gomodules-tests-goconfig");
        Directory.CreateDirectory(Path.Combine(dir, "go", "telemetry"));
        File.WriteAllText(Path.Combine(dir, "go", "telemetry", "mode"), "off");
        return dir;
    }

    private static GoInstall? FindNewest()
    {
        var go = Environment.GetEnvironmentVariable(NewestVariable);
        if (string.IsNullOrEmpty(go))
        {
            go = DefaultNewestGo();
        }

        if (string.IsNullOrEmpty(go) || !File.Exists(go))
        {
            return null;
        }

        var goCode = Environment.GetEnvironmentVariable(NewestGoCodeVariable);
        if (string.IsNullOrEmpty(goCode))
        {
            // newest-go.sh unpacks Debian's packages: <root>/usr/lib/go-1.N/bin/go and <root>/usr/share/gocode.
            var usr = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(go))));
            goCode = usr is null ? "" : Path.Combine(usr, "share", "gocode");
        }

        return new GoInstall(GoRelease.Newest, go, goCode);
    }

    private static string? DefaultNewestGo()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            return null;
        }

        var dir = Path.Combine(home, ".cache", "gomodules-newest-go");
        if (!Directory.Exists(dir))
        {
            return null;
        }

        return Directory.EnumerateDirectories(dir, "go-1.*")
            .Select(d => (Minor: int.TryParse(Path.GetFileName(d)["go-1.".Length..], out var m) ? m : -1, Dir: d))
            .OrderByDescending(x => x.Minor)
            .Select(x => Path.Combine(x.Dir, "usr", "lib", "go-1." + x.Minor, "bin", "go"))
            .FirstOrDefault(File.Exists);
    }

    private static GoInstall? FindOldest()
    {
        var go = Environment.GetEnvironmentVariable(OldestVariable);
        if (string.IsNullOrEmpty(go))
        {
            go = OnPath();
        }

        if (string.IsNullOrEmpty(go) || !File.Exists(go))
        {
            return null;
        }

        // The go on PATH is the oldest one only when it is not the newest itself.
        var newest = NewestInstall.Value;
        if (newest is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OldestVariable)) && SameFile(newest.Go, go))
        {
            return null;
        }

        var goCode = Environment.GetEnvironmentVariable(OldestGoCodeVariable);
        return new GoInstall(GoRelease.Oldest, go, string.IsNullOrEmpty(goCode) ? "/usr/share/gocode" : goCode);
    }

    private static string? OnPath()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "go.exe" : "go");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool SameFile(string a, string b)
    {
        static string Resolve(string p) => new FileInfo(p).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(p);
        return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
    }
}
