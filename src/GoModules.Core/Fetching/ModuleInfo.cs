using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using GoModules.Fetching.Internal;

namespace GoModules.Fetching;

/// <summary>
/// The metadata of one module version: the JSON of a proxy's <c>@v/VERSION.info</c> and <c>@latest</c>
/// answers (Go's <c>RevInfo</c>).
/// </summary>
/// <remarks>
/// Like the go command, unknown JSON fields are ignored, field names match case-insensitively, and a
/// missing <c>Time</c> is accepted as Go's zero time (<see cref="DateTimeOffset.MinValue"/> in UTC).
/// See https://go.dev/ref/mod#goproxy-protocol.
/// </remarks>
public sealed class ModuleInfo
{
    private static readonly IReadOnlyList<string> NoTags = Array.Empty<string>();

    /// <summary>Initializes a new instance.</summary>
    /// <param name="version">The version, as the source reported it.</param>
    /// <param name="time">The commit time; <see langword="default"/> when unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is <see langword="null"/>.</exception>
    public ModuleInfo(string version, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(version);
        Version = version;
        Time = time;
    }

    /// <summary>Gets the version, such as <c>v1.2.3</c> or a pseudo-version.</summary>
    public string Version { get; }

    /// <summary>Gets the commit time, or <see langword="default"/> (Go's zero time) when the source gave none.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>
    /// Gets <see cref="Version"/> as a typed version for comparing query results in Go's order, such as
    /// <c>a.SemanticVersion &gt; b.SemanticVersion</c>.
    /// </summary>
    /// <value>The parsed version, or the <see langword="default"/> value (which sorts below every valid version) when
    /// <see cref="Version"/> is not a semantic version.</value>
    public SemanticVersion SemanticVersion => SemanticVersion.ParseOrDefault(Version);

    /// <summary>Gets where the version came from, when the source said so.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ModuleOrigin? Origin { get; init; }

    /// <summary>Gets the underlying revision name (a commit hash) when the source gave one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Name { get; init; }

    /// <summary>Gets the short form of <see cref="Name"/> when the source gave one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Short { get; init; }

    /// <summary>Gets the tags of the revision when the source gave them.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> Tags { get; init; } = NoTags;

    /// <summary>
    /// Reads the JSON of a <c>.info</c> file or of a GOPROXY <c>@v/VERSION.info</c> answer as the go command does:
    /// <c>Version</c>, <c>Time</c> (RFC 3339) and <c>Origin</c>; unknown fields are ignored and a JSON <c>null</c> is
    /// an empty version.
    /// </summary>
    /// <param name="utf8Json">The UTF-8 JSON text.</param>
    /// <param name="info">The metadata, or <see langword="null"/> when the text is not such JSON.</param>
    /// <returns><see langword="true"/> when the text could be read.</returns>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out ModuleInfo? info)
        => ModuleInfoJson.TryParse(utf8Json, out info, out _) && info is not null;

    /// <summary>
    /// Writes the metadata as JSON in one of the forms of <see cref="ModuleInfoJsonForm"/>, escaped as Go's
    /// <c>encoding/json</c> escapes strings and with the time in RFC 3339 (fractional seconds kept, trailing zeros
    /// trimmed), byte for byte as the go command writes the same form. No trailing newline.
    /// </summary>
    /// <param name="form">Which fields, compact or indented.</param>
    /// <param name="path">The module path, written first as <c>Path</c>; <see langword="null"/> to leave it out.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="form"/> is not a defined form.</exception>
    public string ToJson(ModuleInfoJsonForm form, string? path = null)
    {
        if (!Enum.IsDefined(form))
        {
            throw new ArgumentOutOfRangeException(nameof(form));
        }

        return ModuleInfoFile.Format(this, form, path);
    }

    /// <inheritdoc/>
    public override string ToString() => Version;
}
