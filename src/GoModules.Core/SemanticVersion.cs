using System;
using System.Diagnostics.CodeAnalysis;
using GoModules.Kernel;

namespace GoModules;

/// <summary>
/// A Go semantic version such as <c>v1.2.3</c>, <c>v2.0.0-rc.1</c> or <c>v3.1.0+incompatible</c>, as a value that
/// compares in Go's order (golang.org/x/mod/semver's <c>Compare</c>); the typed counterpart of the string functions
/// of <see cref="SemVer"/>.
/// </summary>
/// <remarks>
/// <para>
/// A value is made by <see cref="Parse(string)"/> or <see cref="TryParse(string, out SemanticVersion)"/>, which accept
/// exactly the texts <see cref="SemVer.IsValid(string)"/> accepts (shorthands such as <c>v1</c> and <c>v1.2</c>
/// included) and keep the text as given. The <see langword="default"/> value stands for every invalid version (Go's
/// empty version): <see cref="IsValid"/> is <see langword="false"/>, its text is empty, and it sorts below every valid
/// version, as invalid versions do in Go.
/// </para>
/// <para>
/// Ordering is semantic-version precedence: numbers compare numerically, a release sorts above its prereleases,
/// prerelease identifiers compare by the Semantic Versioning rules, shorthands equal their canonical forms and build
/// metadata (including <c>+incompatible</c>) is ignored. Equality follows the same rule, so that
/// <c>a.Equals(b)</c> exactly when <c>a.CompareTo(b) == 0</c>: <c>v1</c>, <c>v1.0.0</c> and <c>v1.0.0+meta</c> are
/// equal, and <c>v2.0.0+incompatible</c> equals <c>v2.0.0</c>. To tell such texts apart compare
/// <see cref="ToString"/> ordinally, or use <see cref="SemVerComparer.TotalOrder"/> on the strings.
/// </para>
/// </remarks>
public readonly struct SemanticVersion : IEquatable<SemanticVersion>, IComparable<SemanticVersion>, IComparable, ISpanParsable<SemanticVersion>, ISpanFormattable
{
    private readonly string? _text;
    private readonly SemVerParts _parts;

    private SemanticVersion(string text, SemVerParts parts)
    {
        _text = text;
        _parts = parts;
    }

    /// <summary>Gets a value indicating whether this is a valid version (only the <see langword="default"/> value is not).</summary>
    public bool IsValid => _text is not null;

    /// <summary>Gets the major version prefix, such as <c>v2</c> for <c>v2.1.0</c>.</summary>
    /// <value>The text <c>vMAJOR</c>, or the empty string for the <see langword="default"/> value.</value>
    public string Major => SemVer.Major(_text);

    /// <summary>Gets the major and minor version prefix, such as <c>v2.1</c> for <c>v2.1.0</c> (<c>v2.0</c> for <c>v2</c>).</summary>
    /// <value>The text <c>vMAJOR.MINOR</c>, or the empty string for the <see langword="default"/> value.</value>
    public string MajorMinor => SemVer.MajorMinor(_text);

    /// <summary>Gets the prerelease with its leading <c>-</c>, such as <c>-rc.1</c>.</summary>
    /// <value>The prerelease, or the empty string when there is none.</value>
    public string Prerelease => SemVer.Prerelease(_text);

    /// <summary>Gets a value indicating whether the version has a prerelease (<c>v1.0.0-rc.1</c>, pseudo-versions).</summary>
    public bool IsPrerelease => _parts.HasPrerelease;

    /// <summary>Gets the build metadata with its leading <c>+</c>, such as <c>+incompatible</c>.</summary>
    /// <value>The build metadata, or the empty string when there is none.</value>
    public string Build => SemVer.Build(_text);

    /// <summary>
    /// Gets a value indicating whether the build metadata is exactly <c>+incompatible</c>, the mark of a major version
    /// above v1 used by a module path without a <c>/vN</c> suffix.
    /// </summary>
    public bool IsIncompatible => _text is not null && _parts.Build(_text).SequenceEqual(SemVer.IncompatibleSuffix);

    /// <summary>Gets a value indicating whether the text is already canonical (no shorthand, no build metadata).</summary>
    public bool IsCanonical => _text is not null && !_parts.IsShorthand && !_parts.HasBuild;

    /// <summary>Gets a value indicating whether this is a pseudo-version (see <see cref="PseudoVersion.IsPseudoVersion(string)"/>).</summary>
    public bool IsPseudoVersion => PseudoVersion.IsPseudoVersion(_text);

    /// <summary>Gets the canonical form, <c>vMAJOR.MINOR.PATCH[-PRERELEASE]</c>: shorthands filled in, build metadata dropped.</summary>
    /// <value>The canonical text (see <see cref="SemVer.Canonical(string)"/>); empty for the <see langword="default"/> value.</value>
    public string Canonical => SemVer.Canonical(_text);

    /// <summary>
    /// Gets the canonical form of a module version: as <see cref="Canonical"/>, but <c>+incompatible</c> is kept
    /// (Go's <c>module.CanonicalVersion</c>; this is the version the module cache and go.sum use).
    /// </summary>
    /// <value>The canonical module version text; empty for the <see langword="default"/> value.</value>
    public string ModuleCanonical => SemVer.CanonicalModuleVersion(_text);

    /// <summary>Reports whether two versions have the same precedence.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when <see cref="CompareTo(SemanticVersion)"/> is zero.</returns>
    public static bool operator ==(SemanticVersion left, SemanticVersion right) => left.Equals(right);

    /// <summary>Reports whether two versions differ in precedence.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns><see langword="true"/> when <see cref="CompareTo(SemanticVersion)"/> is not zero.</returns>
    public static bool operator !=(SemanticVersion left, SemanticVersion right) => !left.Equals(right);

    /// <summary>Reports whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison result.</returns>
    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    /// <summary>Reports whether <paramref name="left"/> sorts before or with <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison result.</returns>
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Reports whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison result.</returns>
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    /// <summary>Reports whether <paramref name="left"/> sorts after or with <paramref name="right"/>.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The comparison result.</returns>
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Parses a Go semantic version.</summary>
    /// <param name="s">The text, such as <c>v1.2.3</c>.</param>
    /// <returns>The version; it keeps the given string instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid Go semantic version.</exception>
    public static SemanticVersion Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var result) ? result : throw NotSemVer(s);
    }

    /// <summary>Parses a Go semantic version.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: versions do not depend on culture.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid Go semantic version.</exception>
    static SemanticVersion IParsable<SemanticVersion>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses a Go semantic version from a span.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The version, holding a copy of the text.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid Go semantic version.</exception>
    public static SemanticVersion Parse(ReadOnlySpan<char> s) => TryParse(s, out var result) ? result : throw NotSemVer(s);

    /// <summary>Parses a Go semantic version from a span.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: versions do not depend on culture.</param>
    /// <returns>The version, holding a copy of the text.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a valid Go semantic version.</exception>
    static SemanticVersion ISpanParsable<SemanticVersion>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <summary>Parses a Go semantic version without throwing.</summary>
    /// <param name="s">The text; <see langword="null"/> is invalid.</param>
    /// <param name="result">The version (keeping the given string instance), or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out SemanticVersion result)
    {
        if (s is not null && SemVerParts.TryParse(s, out var parts))
        {
            result = new SemanticVersion(s, parts);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Parses a Go semantic version without throwing.</summary>
    /// <param name="s">The text; <see langword="null"/> is invalid.</param>
    /// <param name="provider">Ignored: versions do not depend on culture.</param>
    /// <param name="result">The version, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is valid.</returns>
    static bool IParsable<SemanticVersion>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out SemanticVersion result) => TryParse(s, out result);

    /// <summary>Parses a Go semantic version from a span without throwing.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The version (holding a copy of the text), or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out SemanticVersion result)
    {
        if (SemVerParts.TryParse(s, out var parts))
        {
            result = new SemanticVersion(s.ToString(), parts);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Parses a Go semantic version from a span without throwing.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored: versions do not depend on culture.</param>
    /// <param name="result">The version, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is valid.</returns>
    static bool ISpanParsable<SemanticVersion>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out SemanticVersion result) => TryParse(s, out result);

    /// <summary>
    /// Returns the version for any text, mapping invalid text (and <see langword="null"/>) to the
    /// <see langword="default"/> value, which sorts below every valid version as Go's <c>semver.Compare</c> does.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <returns>The version, or <see langword="default"/>.</returns>
    public static SemanticVersion ParseOrDefault(string? s)
    {
        _ = TryParse(s, out var result);
        return result;
    }

    /// <summary>Returns the greater of two versions; <paramref name="right"/> when they are equal.</summary>
    /// <param name="left">The first version.</param>
    /// <param name="right">The second version.</param>
    /// <returns>The version that sorts last.</returns>
    public static SemanticVersion Max(SemanticVersion left, SemanticVersion right) => left > right ? left : right;

    /// <summary>Compares by Go's semantic-version precedence (see the remarks on <see cref="SemanticVersion"/>).</summary>
    /// <param name="other">The other version.</param>
    /// <returns>-1, 0 or +1 as this version sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(SemanticVersion other)
    {
        if (_text is null || other._text is null)
        {
            return (_text is null) == (other._text is null) ? 0 : _text is null ? -1 : 1;
        }

        return SemVer.CompareParsed(_text, _parts, other._text, other._parts);
    }

    /// <summary>Compares this version with another object.</summary>
    /// <param name="obj">A <see cref="SemanticVersion"/> or <see langword="null"/>.</param>
    /// <returns>As <see cref="CompareTo(SemanticVersion)"/>; a positive number when <paramref name="obj"/> is <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither <see langword="null"/> nor a <see cref="SemanticVersion"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        SemanticVersion other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a SemanticVersion.", nameof(obj)),
    };

    /// <summary>Reports whether two versions have the same precedence (build metadata and shorthand ignored).</summary>
    /// <param name="other">The other version.</param>
    /// <returns><see langword="true"/> when <see cref="CompareTo(SemanticVersion)"/> is zero.</returns>
    public bool Equals(SemanticVersion other) => CompareTo(other) == 0;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is SemanticVersion other && Equals(other);

    /// <summary>Returns a hash code consistent with <see cref="Equals(SemanticVersion)"/>: of the numbers and the prerelease.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode()
    {
        if (_text is null)
        {
            return 0;
        }

        ReadOnlySpan<char> v = _text;
        return HashCode.Combine(
            string.GetHashCode(_parts.MajorDigits(v), StringComparison.Ordinal),
            string.GetHashCode(_parts.MinorDigits(v), StringComparison.Ordinal),
            string.GetHashCode(_parts.PatchDigits(v), StringComparison.Ordinal),
            string.GetHashCode(_parts.Prerelease(v), StringComparison.Ordinal));
    }

    /// <summary>Returns the version text as it was parsed.</summary>
    /// <returns>The text, or the empty string for the <see langword="default"/> value.</returns>
    public override string ToString() => _text ?? string.Empty;

    /// <summary>Returns the version text as it was parsed.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The text.</returns>
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Copies the version text into a span.</summary>
    /// <param name="destination">The span to write to.</param>
    /// <param name="charsWritten">The number of characters written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> when the text fitted.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        var text = ToString();
        if (text.TryCopyTo(destination))
        {
            charsWritten = text.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <inheritdoc/>
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormat(destination, out charsWritten);

    private static FormatException NotSemVer(ReadOnlySpan<char> s)
        => new(SRFormat.Format(SR.InvalidSemanticVersion, GoQuote.Quote(s)));
}
