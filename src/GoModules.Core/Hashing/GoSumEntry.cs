using System;

namespace GoModules.Hashing;

/// <summary>
/// One line of a go.sum file: <c>&lt;module path&gt; &lt;version&gt; &lt;hash&gt;</c>, where the version
/// field is <c>&lt;version&gt;/go.mod</c> for the checksum of the go.mod file alone.
/// </summary>
/// <remarks>go.sum treats all three fields as opaque text; nothing here is validated.
/// <see langword="default"/> has null fields and is not a meaningful entry.</remarks>
/// <param name="Path">The module path as written (unescaped), for example <c>rsc.io/quote</c>.</param>
/// <param name="Version">The version field, for example <c>v1.5.2</c> or <c>v1.5.2/go.mod</c>.</param>
/// <param name="Hash">The hash, for example <c>h1:…</c>; other prefixes are kept but not used.</param>
public readonly record struct GoSumEntry(string Path, string Version, string Hash)
{
    /// <summary>The suffix of the version field of go.mod checksums.</summary>
    public const string GoModSuffix = "/go.mod";

    /// <summary>Gets a value indicating whether this is the checksum of the go.mod file alone.</summary>
    public bool IsGoMod => Version is not null && Version.EndsWith(GoModSuffix, StringComparison.Ordinal);

    /// <summary>Gets the module version without the <c>/go.mod</c> suffix.</summary>
    public string ModuleVersion => IsGoMod ? Version[..^GoModSuffix.Length] : Version;

    /// <summary>Returns the line as the go command writes it, without the newline.</summary>
    /// <returns><c>path version hash</c>.</returns>
    public override string ToString() => string.Concat(Path, " ", Version, " ", Hash);
}
