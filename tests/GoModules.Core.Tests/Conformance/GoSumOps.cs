using System.Text;
using System.Text.Json;
using GoModules.Hashing;

namespace GoModules.Tests.Conformance;

/// <summary>
/// Checks op <c>gosum</c>: reading go.sum in the newest go's way (the default: a line without three fields is fatal;
/// <c>newest_go_error</c>, or <c>error</c> in vectors that predate that field), Go 1.19's (legacy
/// <see cref="GoSumReadMode.StopAtMalformedLine"/>: <c>entries</c>) and <c>go mod tidy</c>'s, lookups and the written form.
/// </summary>
public static class GoSumOps
{
    [ConformanceOp("gosum")]
    public static void GoSumVector(ConformanceVector v)
    {
        var text = Json.Bytes(v.Input, "text")!;
        var expect = v.Expect;
        if (HasB64Fields(expect))
        {
            Assert.Ignore($"{v}: expected fields are not valid UTF-8; GoSumFile decodes such fields with U+FFFD");
        }

        var label = $"{v} text={JsonSerializer.Serialize(Encoding.UTF8.GetString(text))}";
        var stop = GoSumFile.Parse(text, GoSumReadMode.StopAtMalformedLine);
        var skip = GoSumFile.Parse(text, GoSumReadMode.SkipMalformedLines);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Entries(stop), Is.EqualTo(ExpectedEntries(expect.GetProperty("entries"))), $"entries: {label}");
            Assert.That(Entries(skip), Is.EqualTo(ExpectedEntries(expect.GetProperty("entries_skip_malformed"))), $"entries_skip_malformed: {label}");
            Assert.That(stop.DroppedLines, Is.EqualTo(expect.GetProperty("dropped_empty_gomod_lines").EnumerateArray().Select(e => e.GetInt32()).ToArray()), $"dropped_empty_gomod_lines: {label}");

            if (Json.Opt(expect, "error") is { } error)
            {
                Assert.That(error.GetProperty("kind").GetString(), Is.EqualTo("wrong_field_count"), label);
                var line = error.GetProperty("line").GetInt32();
                var fields = error.GetProperty("fields").GetInt32();
                Assert.That(stop.MalformedLine?.LineNumber, Is.EqualTo(line), $"error.line: {label}");
                Assert.That(stop.MalformedLine?.FieldCount, Is.EqualTo(fields), $"error.fields: {label}");
                var newest = Json.Opt(expect, "newest_go_error") ?? error;
                var thrown = Assert.Throws<GoSumFormatException>(() => GoSumFile.Parse(text), $"default (newest go): {label}");
                Assert.That(thrown?.LineNumber, Is.EqualTo(newest.GetProperty("line").GetInt32()), $"newest go line: {label}");
                Assert.That(thrown?.FieldCount, Is.EqualTo(newest.GetProperty("fields").GetInt32()), $"newest go fields: {label}");
                Assert.That(thrown?.Message, Is.EqualTo(newest.GetProperty("message").GetString()), $"newest go message: {label}");
            }
            else
            {
                Assert.That(stop.MalformedLine, Is.Null, $"error: {label}");
                Assert.That(Json.Opt(expect, "newest_go_error"), Is.Null, label);
                Assert.That(() => GoSumFile.Parse(text), Throws.Nothing, $"default (newest go): {label}");
            }

            CompareFormatted(stop.Format(), expect, "formatted", label);
            CompareFormatted(skip.Format(), expect, "formatted_skip_malformed", label);

            var keys = expect.GetProperty("keys_skip_malformed").EnumerateArray().ToList();
            Assert.That(skip.Entries.Select(e => (e.Path, e.Version)).Distinct().Count(), Is.EqualTo(keys.Count), $"distinct keys: {label}");
            foreach (var key in keys)
            {
                var path = key.GetProperty("path").GetString()!;
                var version = key.GetProperty("version").GetString()!;
                var hashes = skip.Entries.Where(e => e.Path == path && e.Version == version).Select(e => e.Hash).ToList();
                Assert.That(hashes.Any(h => h.StartsWith("h1:", StringComparison.Ordinal)), Is.EqualTo(key.GetProperty("has_h1").GetBoolean()), $"has_h1 {path} {version}: {label}");
                Assert.That(hashes, Has.Count.EqualTo(key.GetProperty("hash_count").GetInt32()), $"hash_count {path} {version}: {label}");

                // Keys that name a valid module path go through the typed lookups as well.
                var kind = version.EndsWith(GoSumEntry.GoModSuffix, StringComparison.Ordinal) ? GoSumHashKind.GoMod : GoSumHashKind.Zip;
                var bare = kind == GoSumHashKind.GoMod ? version[..^GoSumEntry.GoModSuffix.Length] : version;
                if (ModulePath.TryParse(path, out var modulePath))
                {
                    var module = new ModuleVersion(modulePath, bare);
                    Assert.That(skip.HasSum(module, kind), Is.EqualTo(key.GetProperty("has_h1").GetBoolean()), $"HasSum {path} {version}: {label}");
                    Assert.That(skip.GetHashes(module, kind), Is.EqualTo(hashes), $"GetHashes {path} {version}: {label}");
                }
            }
        }
    }

    private static void CompareFormatted(string actual, JsonElement expect, string field, string label)
    {
        var want = expect.GetProperty(field).GetString()!;
        if (expect.GetProperty(field + "_order_ambiguous").GetBoolean())
        {
            Assert.That(actual.Split('\n').Order(StringComparer.Ordinal), Is.EqualTo(want.Split('\n').Order(StringComparer.Ordinal)), $"{field} (as a set): {label}");
        }
        else
        {
            Assert.That(actual, Is.EqualTo(want), $"{field}: {label}");
        }
    }

    private static List<(string, string, string)> Entries(GoSumFile file)
        => file.Entries.Select(e => (e.Path, e.Version, e.Hash)).ToList();

    private static List<(string, string, string)> ExpectedEntries(JsonElement list)
        => list.EnumerateArray().Select(e => (e.GetProperty("path").GetString()!, e.GetProperty("version").GetString()!, e.GetProperty("hash").GetString()!)).ToList();

    private static bool HasB64Fields(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.EndsWith("_b64", StringComparison.Ordinal) || HasB64Fields(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasB64Fields),
        _ => false,
    };
}
