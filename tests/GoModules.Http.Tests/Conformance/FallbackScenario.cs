using System.Text.Json;

namespace GoModules.Http.Tests.Conformance;

/// <summary>One recorded experiment of fallback-scenarios.json (format gomodules-fallback-oracle/1).</summary>
public sealed class FallbackScenario
{
    public required string Label { get; init; }

    public required string Id { get; init; }

    public required JsonElement Element { get; init; }

    public required IReadOnlyDictionary<string, byte[]> Fixtures { get; init; }

    public string Kind => Element.GetProperty("command").GetProperty("kind").GetString()!;

    public override string ToString() => Id;

    public static IEnumerable<FallbackScenario> Load(string path, string label)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement.Clone();
        var format = root.GetProperty("format").GetString();
        if (format != "gomodules-fallback-oracle/1")
        {
            throw new InvalidDataException($"{path}: unknown format '{format}'");
        }

        var fixtures = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (root.TryGetProperty("fixtures", out var fx))
        {
            foreach (var p in fx.EnumerateObject())
            {
                fixtures[p.Name] = Convert.FromBase64String(p.Value.GetProperty("base64").GetString()!);
            }
        }

        foreach (var s in root.GetProperty("scenarios").EnumerateArray())
        {
            yield return new FallbackScenario { Label = label, Id = s.GetProperty("id").GetString()!, Element = s, Fixtures = fixtures };
        }
    }
}
