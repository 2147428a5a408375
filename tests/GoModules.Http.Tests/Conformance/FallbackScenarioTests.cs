using System.Collections.Concurrent;
using System.Text.Json;

namespace GoModules.Http.Tests.Conformance;

/// <summary>
/// Replays the GOPROXY fallback recordings (fallback-scenarios.json, plus the file of the same name in
/// GOMODULES_CONFORMANCE_DIR when set): the described servers run in-process on loopback, the library
/// performs the operation matching the go command, and the requests each server saw, the outcome,
/// the error class and the entries the error names are compared with what go1.19 did.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class FallbackScenarioTests
{
    public const string ExtraDirectoryVariable = "GOMODULES_CONFORMANCE_DIR";

    private static readonly ConcurrentDictionary<string, int[]> Tally = new(StringComparer.Ordinal);

    public static IEnumerable<TestCaseData> Scenarios()
    {
        var own = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "conformance", "fallback-scenarios.json");
        foreach (var s in FallbackScenario.Load(own, "fallback-scenarios.json"))
        {
            yield return new TestCaseData(s).SetName(s.Id);
        }

        var extra = System.Environment.GetEnvironmentVariable(ExtraDirectoryVariable);
        if (!string.IsNullOrEmpty(extra) && File.Exists(Path.Combine(extra, "fallback-scenarios.json")))
        {
            foreach (var s in FallbackScenario.Load(Path.Combine(extra, "fallback-scenarios.json"), "extra/fallback-scenarios.json"))
            {
                yield return new TestCaseData(s).SetName("extra/" + s.Id);
            }
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    [CancelAfter(60_000)]
    public async Task Replay(FallbackScenario scenario, CancellationToken cancellationToken)
    {
        var counts = Tally.GetOrAdd(scenario.Label + " " + scenario.Kind, _ => new int[3]);
        try
        {
            await using var run = ScenarioRun.Start(scenario);
            var outcome = await run.ExecuteAsync(cancellationToken);
            Check(scenario, run, outcome);
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
        foreach (var (key, c) in Tally.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            TestContext.Progress.WriteLine($"{key}: {c[0]} passed, {c[1]} failed, {c[2]} ignored");
        }
    }

    private static void Check(FallbackScenario scenario, ScenarioRun run, ScenarioOutcome outcome)
    {
        var e = scenario.Element;
        var expected = e.GetProperty("expected");
        var observed = e.TryGetProperty("observed", out var o) ? o : default;
        var wantSuccess = expected.GetProperty("outcome").GetString() == "success";
        var requests = run.Log.Snapshot();
        var id = scenario.Id;
        var detail = $"{id}: {e.GetProperty("title").GetString()}\nerror: {outcome.Error?.GetType().Name}: {outcome.Error?.Message}\nrequests:\n  " +
            string.Join("\n  ", requests.Select(r => r.Server + " " + r.Path + " (connection " + r.Connection + ")"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Succeeded, Is.EqualTo(wantSuccess), "outcome; " + detail);
            if (!wantSuccess && !outcome.Succeeded)
            {
                var wantClass = expected.GetProperty("error_class").GetString()!;
                var got = ErrorClass(outcome.Error!);
                Assert.That(ClassMatches(wantClass, got, e), Is.True, $"error class: want {wantClass}, got {got}; {detail}");
                var wantReported = expected.GetProperty("reported_by").EnumerateArray().Select(x => x.GetString()!).ToArray();
                Assert.That(ReportedBy(outcome.Error!, run), Is.EqualTo(wantReported), "reported_by; " + detail);
            }

            if (wantSuccess && outcome.Succeeded && observed.ValueKind == JsonValueKind.Object && observed.TryGetProperty("stdout_json", out var stdout) && stdout.GetArrayLength() > 0)
            {
                var first = stdout[0];
                if (outcome.Version is not null && first.TryGetProperty("Version", out var ver))
                {
                    Assert.That(outcome.Version, Is.EqualTo(ver.GetString()), "resolved version; " + detail);
                }

                if (outcome.Versions is not null)
                {
                    var want = first.TryGetProperty("Versions", out var vs) ? vs.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
                    Assert.That(outcome.Versions, Is.EqualTo(want), "versions; " + detail);
                }
            }

            CheckRequests(scenario, outcome, requests, detail);
            CheckAuthorization(observed, expected, requests, detail);
        }
    }

    /// <summary>
    /// The library's requests must be the go command's requests minus the ones the go command makes for
    /// its own purposes (README-fallback.md): the latest version's go.mod and the list-derived .info for
    /// retraction checks, and repeated requests the go command's per-query caches make. Order is compared
    /// in total, or per path when the recording's order is per path.
    /// </summary>
    private static void CheckRequests(FallbackScenario scenario, ScenarioOutcome outcome, IReadOnlyList<RecordedRequest> requests, string detail)
    {
        var expected = scenario.Element.GetProperty("expected");
        var want = expected.GetProperty("requests").EnumerateArray()
            .Select(r => (Server: r.GetProperty("server").GetString()!, Path: r.GetProperty("path").GetString()!))
            .ToList();
        var got = requests.Select(r => (r.Server, r.Path)).ToList();
        var perPath = expected.GetProperty("request_order").GetString() == "per_path";
        var resultVersion = outcome.Version ?? ResultVersion(scenario);
        var command = scenario.Element.GetProperty("command");
        var directLookup = command.TryGetProperty("version", out var qv) && IsRevisionQuery(qv.GetString()!);
        bool Skippable(int index) => IsGoInternal(scenario.Kind, want, index, resultVersion, directLookup);

        if (perPath)
        {
            foreach (var group in want.Select((r, i) => (r, i)).GroupBy(x => x.r.Path).Concat(
                got.Where(g => want.All(w => w.Path != g.Path)).Select((r, i) => (r, i: -1)).GroupBy(x => x.r.Path)))
            {
                var wantPath = want.Select((r, i) => (r, i)).Where(x => x.r.Path == group.Key).ToList();
                var gotPath = got.Where(g => g.Path == group.Key).ToList();
                Assert.That(SubsequenceCoversRequired(gotPath, wantPath.Select(x => x.r).ToList(), k => Skippable(wantPath[k].i), out var why), Is.True, $"requests for {group.Key}: {why}; {detail}");
            }
        }
        else
        {
            Assert.That(SubsequenceCoversRequired(got, want, Skippable, out var why), Is.True, $"requests: {why}; {detail}");
        }
    }

    private static string? ResultVersion(FallbackScenario scenario)
    {
        var cmd = scenario.Element.GetProperty("command");
        var v = cmd.TryGetProperty("version", out var ver) ? ver.GetString() : null;
        return v is not null && SemVer.IsValid(v) && SemVer.CanonicalModuleVersion(v) == v ? v : null;
    }

    /// <summary>Go's IsRevisionQuery: a query naming one version or revision, asked for without the list.</summary>
    private static bool IsRevisionQuery(string query)
    {
        if (query is "latest" or "upgrade" or "patch" || query.StartsWith('<') || query.StartsWith('>'))
        {
            return false;
        }

        if (SemVer.IsValid(query))
        {
            var dots = 0;
            foreach (var c in query)
            {
                if (c is '-' or '+')
                {
                    return true;
                }

                if (c == '.' && ++dots >= 2)
                {
                    return true;
                }
            }

            return false; // v1 or v1.2: a prefix query
        }

        return true;
    }

    /// <summary>Whether a request is for the module the get names: the longest path before /@v/ among the recording's .zip requests.</summary>
    private static bool IsUnderModule(string path, List<(string Server, string Path)> want)
    {
        var zip = want.Select(w => w.Path).FirstOrDefault(p => p.EndsWith(".zip", StringComparison.Ordinal));
        return zip is null || path.StartsWith(zip[..(zip.LastIndexOf("/@v/", StringComparison.Ordinal) + 4)], StringComparison.Ordinal);
    }

    /// <summary>Requests the go command makes for itself, which a library operation may leave out.</summary>
    private static bool IsGoInternal(string kind, List<(string Server, string Path)> want, int index, string? resultVersion, bool directLookup)
    {
        var (server, path) = want[index];
        for (var k = 0; k < index; k++)
        {
            if (want[k] == (server, path))
            {
                return true; // the go command's caches are keyed by query, so it may ask twice
            }
        }

        if (path.EndsWith("/@latest", StringComparison.Ordinal))
        {
            // Only the retraction check of a query that names a version asks @latest for itself.
            return kind != "list_versions" && directLookup;
        }

        var at = path.LastIndexOf("/@v/", StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var file = path[(at + 4)..];
        if (file == "list")
        {
            // A query that names a version needs no list: the go command reads it for retractions.
            return kind != "list_versions" && directLookup;
        }

        var dot = file.LastIndexOf('.');
        var version = dot < 0 ? file : file[..dot];
        var ext = dot < 0 ? string.Empty : file[dot..];
        return kind switch
        {
            "list_versions" => true,
            "list_query" => ext == ".mod" || (ext == ".info" && version != resultVersion),
            "download" => (ext is ".info" or ".mod") && resultVersion is not null && version != resultVersion,

            // go get also asks every path prefix for the version (a prefix could be the module providing the package
            // path), and checks the resolved module's retractions (list, then the latest version's .info and go.mod).
            "get" => !IsUnderModule(path, want) || file == "list" || ((ext is ".info" or ".mod") && resultVersion is not null && version != resultVersion),
            _ => false,
        };
    }

    /// <summary>True when <paramref name="got"/> is a subsequence of <paramref name="want"/> and every left-out element is skippable.</summary>
    private static bool SubsequenceCoversRequired(List<(string Server, string Path)> got, List<(string Server, string Path)> want, Func<int, bool> skippable, out string why)
    {
        var g = 0;
        for (var w = 0; w < want.Count; w++)
        {
            if (g < got.Count && got[g] == want[w])
            {
                g++;
                continue;
            }

            if (!skippable(w))
            {
                why = $"missing or out of order: {want[w].Server} {want[w].Path} (at library request #{g})";
                return false;
            }
        }

        if (g < got.Count)
        {
            why = $"unexpected request: {got[g].Server} {got[g].Path}";
            return false;
        }

        why = string.Empty;
        return true;
    }

    private static void CheckAuthorization(JsonElement observed, JsonElement expected, IReadOnlyList<RecordedRequest> requests, string detail)
    {
        if (observed.ValueKind != JsonValueKind.Object || !observed.TryGetProperty("request_headers", out var headers))
        {
            return;
        }

        var want = expected.GetProperty("requests").EnumerateArray().Select(r => (r.GetProperty("server").GetString()!, r.GetProperty("path").GetString()!)).ToList();
        var wantHeaders = headers.EnumerateArray().ToList();
        foreach (var r in requests)
        {
            var i = want.IndexOf((r.Server, r.Path));
            if (i < 0 || i >= wantHeaders.Count)
            {
                continue;
            }

            var hasWant = wantHeaders[i].TryGetProperty("authorization", out var auth) && auth.ValueKind == JsonValueKind.String;
            var hasGot = r.Headers.TryGetValue("Authorization", out var gotAuth);
            Assert.That(hasGot, Is.EqualTo(hasWant), $"Authorization header on {r.Server} {r.Path}; {detail}");
            if (hasWant && hasGot && auth.GetString() is { } a && !a.Contains("xxxxx", StringComparison.Ordinal))
            {
                Assert.That(gotAuth, Is.EqualTo(a), $"Authorization value on {r.Server} {r.Path}; {detail}");
            }
        }
    }

    /// <summary>The recording harness's error class of a library error.</summary>
    public static string ErrorClass(Exception error)
    {
        switch (error)
        {
            case ZipRejectedException:
                return "zip_invalid";
            case ChecksumMismatchException mismatch:
                return mismatch.ExpectedSource is "go.sum" or "go.work.sum" ? "gosum_mismatch" : "sumdb_mismatch";
            case GoModules.SumDb.ChecksumDatabaseSecurityException:
                return "sumdb_error";
            case ModuleFetchException { Failure: ModuleFetchFailure.InvalidConfiguration, InnerException: GoModules.SumDb.InvalidChecksumDatabaseSettingException }:
                return "gosumdb_invalid";
            case ModuleFetchException { Failure: ModuleFetchFailure.ChecksumDatabase, InnerException: ChecksumMismatchException }:
                return "sumdb_mismatch";
            case ModuleFetchException { Failure: ModuleFetchFailure.ChecksumDatabase }:
                return "sumdb_error";
            case NoMatchingVersionException:
                return "no_matching_versions";
            case ModuleNotFoundException nf:
                return nf.Failure switch
                {
                    ModuleFetchFailure.ProxyOff => "proxy_off",
                    ModuleFetchFailure.DisabledByNoProxy => "disabled_by_goprivate",
                    ModuleFetchFailure.HttpStatus or ModuleFetchFailure.FileNotFound => nf.StatusCode == 410 ? "not_found_410" : "not_found_404",
                    _ => "other",
                };
            case ModuleFetchException fe:
                return fe.Failure switch
                {
                    ModuleFetchFailure.HttpStatus => "http_" + fe.StatusCode,
                    ModuleFetchFailure.ConnectionRefused => "connection_refused",
                    ModuleFetchFailure.ConnectionReset => "connection_reset",
                    ModuleFetchFailure.ConnectionClosed => "eof",
                    ModuleFetchFailure.TruncatedBody => "unexpected_eof",
                    ModuleFetchFailure.Tls => "tls_to_plain_http",
                    ModuleFetchFailure.TooManyRedirects => "redirect_loop",
                    ModuleFetchFailure.InsecureCredentials => "insecure_credentials",
                    ModuleFetchFailure.InvalidResponse => "bad_info_json",
                    ModuleFetchFailure.WrongVersion => "wrong_info_version",
                    ModuleFetchFailure.TooLarge => fe.Message.Contains("zip", StringComparison.Ordinal) ? "zip_too_large" : "other",
                    ModuleFetchFailure.DirectNotConfigured => "direct_failed",
                    ModuleFetchFailure.FileAccessDenied => "http_403",
                    ModuleFetchFailure.Timeout => "timeout",
                    ModuleFetchFailure.InvalidConfiguration => fe.Message.Contains("contains no entries", StringComparison.Ordinal) ? "goproxy_empty_list" : "goproxy_bad_url",
                    _ => "other",
                };
            default:
                return "other";
        }
    }

    private static bool ClassMatches(string want, string got, JsonElement scenario)
    {
        if (want == got || want == "other")
        {
            return true;
        }

        // A database line that disagrees reads "verifying ...: checksum mismatch ... SECURITY ERROR" in the go command.
        if (got == "sumdb_mismatch" && want is "gosum_mismatch" or "sumdb_error")
        {
            return true;
        }

        // Without direct mode every direct attempt fails the same way; it still ranks as a direct error.
        if (got == "direct_failed" && want is "direct_failed_other" or "insecure_direct")
        {
            return true;
        }

        return false;
    }

    /// <summary>Which entries the error message names, in order of first appearance.</summary>
    private static string[] ReportedBy(Exception error, ScenarioRun run)
    {
        var message = error.Message;
        var found = new List<(int At, string Name)>();
        foreach (var (name, server) in run.Servers)
        {
            var at = message.IndexOf(server.HostPort, StringComparison.Ordinal);
            if (at >= 0)
            {
                found.Add((at, name));
            }
        }

        if (error is ModuleFetchException { Failure: ModuleFetchFailure.DirectNotConfigured })
        {
            found.Add((int.MaxValue - 1, "direct"));
        }

        if (error is ModuleNotFoundException { Failure: ModuleFetchFailure.ProxyOff })
        {
            found.Add((int.MaxValue, "off"));
        }

        return found.OrderBy(f => f.At).Select(f => f.Name).ToArray();
    }
}
