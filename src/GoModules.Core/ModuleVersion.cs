using System;
using System.Diagnostics.CodeAnalysis;

namespace GoModules;

/// <summary>
/// A module path and version pair, such as <c>golang.org/x/mod@v0.7.0</c>; the counterpart of Go's
/// <c>module.Version</c>. Both parts are stored in their plain (unescaped) form.
/// </summary>
/// <param name="Path">The module path.</param>
/// <param name="Version">
/// The version, normally a canonical semantic version such as <c>v1.2.3</c>. As in Go, it may also be empty
/// (the main module, or a directory replacement) or <c>none</c> (during version selection); use
/// <c>Check()</c> to require a valid pair.
/// </param>
/// <remarks>
/// The <see langword="default"/> value has the <see langword="default"/> (invalid) path and a
/// <see langword="null"/> version, which <see cref="ToString"/> prints as empty.
/// </remarks>
public readonly record struct ModuleVersion(ModulePath Path, string Version)
{
    /// <summary>Splits <c>path@version</c> (or a bare <c>path</c>, which gives an empty version) and checks the path.</summary>
    /// <param name="text">The text, such as <c>golang.org/x/mod@v0.7.0</c>.</param>
    /// <returns>The pair. The version is not checked; call <c>Check()</c> for that.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException">The part before the first <c>@</c> is not a valid module path.</exception>
    public static ModuleVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? new ModuleVersion(ModulePath.Parse(text), string.Empty)
            : new ModuleVersion(ModulePath.Parse(text.AsSpan(0, at)), text[(at + 1)..]);
    }

    /// <summary>Splits <c>path@version</c> (or a bare <c>path</c>) and checks the path, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The pair, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when the part before the first <c>@</c> is a valid module path.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModuleVersion result)
    {
        if (text is not null)
        {
            var at = text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0 ? ModulePath.TryParse(text, out var path) : ModulePath.TryParse(text.AsSpan(0, at), out path))
            {
                result = new ModuleVersion(path, at < 0 ? string.Empty : text[(at + 1)..]);
                return true;
            }
        }

        result = default;
        return false;
    }

    /// <summary>Returns <c>path@version</c>, or just the path when the version is empty, as Go's <c>Version.String</c> does.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => string.IsNullOrEmpty(Version) ? Path.Value : Path.Value + "@" + Version;
}
