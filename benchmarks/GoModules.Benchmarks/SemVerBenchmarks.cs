using BenchmarkDotNet.Attributes;

namespace GoModules.Benchmarks;

/// <summary>Version parsing and comparison; the valid-input paths should allocate nothing.</summary>
[MemoryDiagnoser]
public class SemVerBenchmarks
{
    private readonly string _v = "v1.22.333-rc.1.x+build.5";
    private readonly string _w = "v1.22.333-rc.1.y";
    private readonly string _canonical = "v1.22.333-rc.1";
    private readonly string _pseudo = "v1.2.4-0.20191109021931-daa7c04131f5";

    [Benchmark]
    public bool IsValid() => SemVer.IsValid(_v);

    [Benchmark]
    public int Compare() => SemVer.Compare(_v, _w);

    [Benchmark]
    public string CanonicalOfCanonical() => SemVer.Canonical(_canonical);

    [Benchmark]
    public string Major() => SemVer.Major(_v);

    [Benchmark]
    public bool IsPseudoVersion() => PseudoVersion.IsPseudoVersion(_pseudo);
}
