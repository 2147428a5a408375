using BenchmarkDotNet.Attributes;
using GoModules.Patterns;

namespace GoModules.Benchmarks;

/// <summary>
/// Matching module paths against a typical GOPRIVATE list: the check the go command makes before every
/// proxy request (GONOPROXY) and every checksum lookup (GONOSUMDB). Expected: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class PathPatternBenchmarks
{
    private const string Globs = "*.corp.example,github.com/acme-internal,gitlab.example.com/team/*,rsc.io/private";

    private readonly PathPatternList _list = PathPatternList.Parse(Globs);

    [Params("github.com/acme-internal/tools/v2", "git.corp.example/platform/api", "golang.org/x/text", "github.com/stretchr/testify")]
    public string ModulePath { get; set; } = "";

    [Benchmark(Baseline = true)]
    public bool ParsedList() => _list.Matches(ModulePath);

    [Benchmark]
    public bool StaticMatchPrefixPatterns() => PathPatternList.MatchPrefixPatterns(Globs, ModulePath);

    [Benchmark]
    public PathPatternList ParseList() => PathPatternList.Parse(Globs);
}
