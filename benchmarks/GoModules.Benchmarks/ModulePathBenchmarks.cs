using System.Text;
using BenchmarkDotNet.Attributes;

namespace GoModules.Benchmarks;

/// <summary>Module path checks and case escaping. Valid input without upper case must allocate nothing.</summary>
[MemoryDiagnoser]
public class ModulePathBenchmarks
{
    private const string TypicalPath = "github.com/aws/aws-sdk-go-v2/service/s3";
    private const string UpperCasePath = "github.com/GoogleCloudPlatform/cloudsql-proxy";
    private const string EscapedPath = "github.com/!google!cloud!platform/cloudsql-proxy";
    private static readonly byte[] TypicalPathUtf8 = Encoding.UTF8.GetBytes(TypicalPath);

    [Benchmark(Baseline = true)]
    public bool TryCheckPath() => ModulePath.TryCheckPath(TypicalPath, out _);

    [Benchmark]
    public void CheckPath() => ModulePath.CheckPath(TypicalPath);

    [Benchmark]
    public bool TryCheckPathUtf8() => ModulePath.TryCheckPath(TypicalPathUtf8, out _);

    [Benchmark]
    public bool TryCheckFilePath() => ModulePath.TryCheckFilePath("internal/service/s3/api_op_GetObject.go", out _);

    [Benchmark]
    public string EscapePathNothingToEscape() => ModulePath.EscapePath(TypicalPath);

    [Benchmark]
    public string EscapePathUpperCase() => ModulePath.EscapePath(UpperCasePath);

    [Benchmark]
    public string UnescapePathNothingToUnescape() => ModulePath.UnescapePath(TypicalPath);

    [Benchmark]
    public string UnescapePath() => ModulePath.UnescapePath(EscapedPath);

    [Benchmark]
    public string EscapeVersion() => ModulePath.EscapeVersion("v1.2.3-pre.1");
}
