using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace GoModules.Tests.Conformance;

/// <summary>
/// Replays every vector of the conformance files (those copied into TestData/conformance, plus
/// any file in the directory named by GOMODULES_CONFORMANCE_DIR) against the library.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConformanceTests
{
    /// <summary>
    /// Ops that no issue has implemented yet: reported as ignored. Later issues shrink this list
    /// until it is empty; an op that is neither here nor handled fails.
    /// </summary>
    internal static readonly HashSet<string> NotYetImplemented = new(StringComparer.Ordinal)
    {
    };

    public const string ExtraDirectoryVariable = "GOMODULES_CONFORMANCE_DIR";

    private static readonly Lazy<Dictionary<string, Action<ConformanceVector>>> Handlers = new(DiscoverHandlers);

    private static readonly ConcurrentDictionary<string, int[]> Tally = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> Vectors()
    {
        foreach (var (label, path) in VectorFiles())
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                ConformanceVector? vector = null;
                string? error = null;
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement;
                    vector = new ConformanceVector
                    {
                        File = label,
                        Line = lineNumber,
                        Id = root.GetProperty("id").GetString() ?? throw new FormatException("id is null"),
                        Op = root.GetProperty("op").GetString() ?? throw new FormatException("op is null"),
                        Source = root.TryGetProperty("source", out var s) ? s.GetString() ?? "" : "",
                        Input = root.GetProperty("input").Clone(),
                        Expect = root.GetProperty("expect").Clone(),
                    };
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
                {
                    error = ex.Message;
                }

                if (vector is null)
                {
                    yield return new TestCaseData(label, null, error).SetName($"{label}:{lineNumber}:unreadable");
                }
                else
                {
                    yield return new TestCaseData(label, vector, null).SetName(label.StartsWith("extra/", StringComparison.Ordinal) ? $"extra/{vector.Id}" : vector.Id);
                }
            }
        }
    }

    [TestCaseSource(nameof(Vectors))]
    public void Vector(string file, ConformanceVector? vector, string? readError)
    {
        var counts = Tally.GetOrAdd(file, _ => new int[3]);
        try
        {
            Assert.That(readError, Is.Null, $"{file}: unreadable line");
            Assert.That(vector, Is.Not.Null);
            if (NotYetImplemented.Contains(vector!.Op))
            {
                Assert.Ignore($"op '{vector.Op}' is not implemented yet");
            }

            Assert.That(Handlers.Value.TryGetValue(vector.Op, out var handler), Is.True, $"unknown op '{vector.Op}' in {vector}");
            handler!(vector);
            Interlocked.Increment(ref counts[0]);
        }
        catch (IgnoreException)
        {
            Interlocked.Increment(ref counts[2]);
            throw;
        }
        catch (Exception)
        {
            Interlocked.Increment(ref counts[1]);
            throw;
        }
    }

    [OneTimeTearDown]
    public void PrintSummary()
    {
        foreach (var (file, c) in Tally.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var text = $"{file}: {c[0]} passed, {c[1]} failed, {c[2]} ignored";
            Console.Error.WriteLine(text);
        }
    }

    private static IEnumerable<(string Label, string Path)> VectorFiles()
    {
        var own = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "conformance");
        foreach (var f in Directory.EnumerateFiles(own, "*.jsonl").Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(f), f);
        }

        var extra = Environment.GetEnvironmentVariable(ExtraDirectoryVariable);
        if (!string.IsNullOrEmpty(extra) && Directory.Exists(extra))
        {
            foreach (var f in Directory.EnumerateFiles(extra, "*.jsonl").Order(StringComparer.Ordinal))
            {
                yield return ("extra/" + Path.GetFileName(f), f);
            }
        }
    }

    private static Dictionary<string, Action<ConformanceVector>> DiscoverHandlers()
    {
        var result = new Dictionary<string, Action<ConformanceVector>>(StringComparer.Ordinal);
        var methods = typeof(ConformanceTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic));
        foreach (var m in methods)
        {
            foreach (var attr in m.GetCustomAttributes<ConformanceOpAttribute>())
            {
                result.Add(attr.Op, m.CreateDelegate<Action<ConformanceVector>>());
            }
        }

        return result;
    }
}
