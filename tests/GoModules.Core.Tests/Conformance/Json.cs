using System.Text;
using System.Text.Json;

namespace GoModules.Tests.Conformance;

/// <summary>Small helpers for reading vector fields, honouring the <c>_b64</c> convention.</summary>
public static class Json
{
    /// <summary>Reads <paramref name="name"/> as UTF-8 bytes, or <c>name_b64</c> when present.</summary>
    public static byte[]? Bytes(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name + "_b64", out var b64))
        {
            return Convert.FromBase64String(b64.GetString()!);
        }

        return obj.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(s.GetString()!) : null;
    }

    /// <summary>Reads a string field; null when the field is absent or only its <c>_b64</c> form exists.</summary>
    public static string? Str(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    /// <summary>True when the field has a <c>_b64</c> form (the text is not valid UTF-8).</summary>
    public static bool HasB64(JsonElement obj, string name) => obj.TryGetProperty(name + "_b64", out _);

    public static bool Bool(JsonElement obj, string name) => obj.GetProperty(name).GetBoolean();

    public static JsonElement? Opt(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
}
