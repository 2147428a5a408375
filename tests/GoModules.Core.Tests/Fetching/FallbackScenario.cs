using System.Text.Json;

namespace GoModules.Tests.Fetching;

/// <summary>
/// One recorded scenario of fallback-scenarios.json (see TestData/conformance/README-fallback.md),
/// with its placeholders resolved to fixed fake addresses.
/// </summary>
public sealed class FallbackScenario
{
    /// <summary>The absolute directory used for <c>{FILEPROXY}</c> (a Unix path, as in the recordings).</summary>
    public const string FileProxyDirectory = "/srv/gomodules-test/fileproxy";

    public required string Id { get; init; }

    public required JsonElement Json { get; init; }

    /// <summary>Server name → base URL (<c>http://host:port</c>).</summary>
    public required IReadOnlyDictionary<string, string> ServerUrls { get; init; }

    /// <summary>The client environment: the harness defaults overlaid with the scenario's <c>env</c>.</summary>
    public required IReadOnlyDictionary<string, string?> Environment { get; init; }

    public JsonElement Command => Json.GetProperty("command");

    public string Module => Command.GetProperty("module").GetString()!;

    public JsonElement Expected => Json.GetProperty("expected");

    public string? ErrorClass => Expected.GetProperty("error_class").ValueKind == JsonValueKind.Null ? null : Expected.GetProperty("error_class").GetString();

    public bool Succeeded => Expected.GetProperty("outcome").GetString() == "success";

    public IReadOnlyList<string> ReportedBy => [.. Expected.GetProperty("reported_by").EnumerateArray().Select(e => e.GetString()!)];

    public IReadOnlyList<(string Server, string Path)> Requests
        => [.. Expected.GetProperty("requests").EnumerateArray().Select(r => (r.GetProperty("server").GetString()!, r.GetProperty("path").GetString()!))];

    /// <summary>Replaces <c>{X}</c>, <c>{X_HOSTPORT}</c> and <c>{FILEPROXY}</c> in <paramref name="text"/>.</summary>
    public string Expand(string text)
    {
        foreach (var (name, url) in ServerUrls)
        {
            text = text.Replace("{" + name + "_HOSTPORT}", url["http://".Length..], StringComparison.Ordinal)
                .Replace("{" + name + "}", url, StringComparison.Ordinal);
        }

        return text.Replace("{FILEPROXY}", FileProxyDirectory, StringComparison.Ordinal);
    }

    /// <summary>The status a server answers for a request path, or null for a connection-level action.</summary>
    public int? StatusFor(string server, string requestPath)
    {
        var description = Json.GetProperty("servers").GetProperty(server);
        var path = requestPath.Split('?')[0];
        var behaviour = description.TryGetProperty("routes", out var routes) && routes.TryGetProperty(path, out var route)
            ? route
            : description.TryGetProperty("default", out var fallback) ? fallback : (JsonElement?)null;
        if (behaviour is null)
        {
            return 404;
        }

        if (behaviour.Value.TryGetProperty("action", out _))
        {
            return null;
        }

        return behaviour.Value.GetProperty("status").GetInt32();
    }

    public override string ToString() => Id;

    /// <summary>Loads the scenarios whose id starts with <paramref name="prefix"/> from the repository's test
    /// data and, when set, from the directory named by GOMODULES_CONFORMANCE_DIR.</summary>
    public static IEnumerable<FallbackScenario> Load(string prefix)
    {
        var files = new List<string> { Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "conformance", "fallback-scenarios.json") };
        var extra = System.Environment.GetEnvironmentVariable(Conformance.ConformanceTests.ExtraDirectoryVariable);
        if (!string.IsNullOrEmpty(extra) && File.Exists(Path.Combine(extra, "fallback-scenarios.json")))
        {
            files.Add(Path.Combine(extra, "fallback-scenarios.json"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var scenario in doc.RootElement.GetProperty("scenarios").EnumerateArray())
            {
                var id = scenario.GetProperty("id").GetString()!;
                if (!id.StartsWith(prefix, StringComparison.Ordinal) || !seen.Add(id))
                {
                    continue;
                }

                yield return Create(id, scenario.Clone());
            }
        }
    }

    private static FallbackScenario Create(string id, JsonElement json)
    {
        var servers = new Dictionary<string, string>(StringComparer.Ordinal);
        var port = 40001;
        foreach (var server in json.GetProperty("servers").EnumerateObject().OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var host = server.Value.TryGetProperty("host", out var h) ? h.GetString()! : "127.0.0.1";
            var p = server.Value.TryGetProperty("port", out var pp) && pp.GetInt32() != 0 ? pp.GetInt32() : port++;
            servers[server.Name] = $"http://{host}:{p}";
        }

        // The harness defaults of README-fallback.md, then the scenario's own variables.
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GONOPROXY"] = "",
            ["GONOSUMDB"] = "",
            ["GOPRIVATE"] = "",
            ["GOINSECURE"] = "",
            ["GOSUMDB"] = "off",
            ["GOFLAGS"] = "-mod=mod",
            ["GO111MODULE"] = "on",
            ["GOENV"] = "off",
            ["HOME"] = "/home/gomodules-test",
        };

        var scenario = new FallbackScenario { Id = id, Json = json, ServerUrls = servers, Environment = env };
        foreach (var variable in json.GetProperty("env").EnumerateObject())
        {
            env[variable.Name] = scenario.Expand(variable.Value.GetString()!);
        }

        return scenario;
    }
}
