using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace GoModules.Fetching.Internal;

/// <summary>
/// Decodes <c>.info</c> JSON with the tolerance of Go's <c>encoding/json</c>: unknown fields are
/// ignored, names match case-insensitively (an exact match wins), <c>null</c> leaves a field unset,
/// the top level may be <c>null</c>, and a type mismatch is an error.
/// </summary>
internal static class ModuleInfoJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static bool TryParse(ReadOnlyMemory<byte> utf8, out ModuleInfo? info, out string? error)
    {
        info = null;
        try
        {
            using var doc = JsonDocument.Parse(utf8, Options);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                info = new ModuleInfo(string.Empty, default);
                error = null;
                return true;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"json: cannot unmarshal {Kind(root.ValueKind)} into Go value of type modfetch.RevInfo");
                return false;
            }

            string version = string.Empty;
            DateTimeOffset time = default;
            ModuleOrigin? origin = null;
            string? name = null, shortName = null;
            List<string>? tags = null;
            foreach (var prop in root.EnumerateObject())
            {
                switch (Match(root, prop.Name, "Version", "Time", "Origin", "Name", "Short", "Tags"))
                {
                    case "Version":
                        version = String(prop, "Version") ?? version;
                        break;
                    case "Time":
                        if (prop.Value.ValueKind == JsonValueKind.Null)
                        {
                            break;
                        }

                        var t = String(prop, "Time");
                        if (!TryParseRfc3339(t!, out time))
                        {
                            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"parsing time \"{t}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"));
                        }

                        break;
                    case "Origin":
                        origin = prop.Value.ValueKind == JsonValueKind.Null ? null : ParseOrigin(prop.Value);
                        break;
                    case "Name":
                        name = String(prop, "Name");
                        break;
                    case "Short":
                        shortName = String(prop, "Short");
                        break;
                    case "Tags":
                        if (prop.Value.ValueKind == JsonValueKind.Null)
                        {
                            tags = null;
                            break;
                        }

                        if (prop.Value.ValueKind != JsonValueKind.Array)
                        {
                            throw Mismatch(prop.Value.ValueKind, "Tags", "[]string");
                        }

                        tags = new List<string>();
                        foreach (var e in prop.Value.EnumerateArray())
                        {
                            if (e.ValueKind != JsonValueKind.String)
                            {
                                throw Mismatch(e.ValueKind, "Tags", "string");
                            }

                            tags.Add(e.GetString()!);
                        }

                        break;
                }
            }

            info = new ModuleInfo(version, time)
            {
                Origin = origin,
                Name = name,
                Short = shortName,
                Tags = tags is null ? Array.Empty<string>() : tags.ToArray(),
            };
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static ModuleOrigin ParseOrigin(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(e.ValueKind, "Origin", "codehost.Origin");
        }

        string? vcs = null, url = null, subdir = null, hash = null, tagPrefix = null, tagSum = null, rf = null, repoSum = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (Match(e, p.Name, "VCS", "URL", "Subdir", "Hash", "TagPrefix", "TagSum", "Ref", "RepoSum"))
            {
                case "VCS": vcs = String(p, "Origin.VCS"); break;
                case "URL": url = String(p, "Origin.URL"); break;
                case "Subdir": subdir = String(p, "Origin.Subdir"); break;
                case "Hash": hash = String(p, "Origin.Hash"); break;
                case "TagPrefix": tagPrefix = String(p, "Origin.TagPrefix"); break;
                case "TagSum": tagSum = String(p, "Origin.TagSum"); break;
                case "Ref": rf = String(p, "Origin.Ref"); break;
                case "RepoSum": repoSum = String(p, "Origin.RepoSum"); break;
            }
        }

        return new ModuleOrigin { Vcs = vcs, Url = url, Subdir = subdir, Hash = hash, TagPrefix = tagPrefix, TagSum = tagSum, Ref = rf, RepoSum = repoSum };
    }

    // Go matches a JSON key to a field exactly first, then case-insensitively. An object may hold a key
    // that matches case-insensitively while another key matches exactly; both are applied in order,
    // which gives the same "last one wins" result as Go for the inputs that matter.
    private static string? Match(JsonElement owner, string key, params string[] fields)
    {
        _ = owner;
        foreach (var f in fields)
        {
            if (string.Equals(f, key, StringComparison.Ordinal))
            {
                return f;
            }
        }

        foreach (var f in fields)
        {
            if (string.Equals(f, key, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        return null;
    }

    private static string? String(JsonProperty p, string field)
    {
        return p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Mismatch(p.Value.ValueKind, field, "string"),
        };
    }

    private static FormatException Mismatch(JsonValueKind kind, string field, string type) =>
        new(string.Create(CultureInfo.InvariantCulture, $"json: cannot unmarshal {Kind(kind)} into Go struct field RevInfo.{field} of type {type}"));

    private static string Kind(JsonValueKind k) => k switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "value",
    };

    private static readonly string[] Rfc3339Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFFFK",
    ];

    /// <summary>Parses an RFC 3339 time as Go's <c>time.RFC3339</c> layout accepts it.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        var s = text;
        // .NET keeps at most 7 fractional digits; Go accepts 9. Drop the extra precision.
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                s = string.Concat(s.AsSpan(0, dot + 8), s.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParseExact(s, Rfc3339Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }
}
