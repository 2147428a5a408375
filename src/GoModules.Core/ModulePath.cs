using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace GoModules;

/// <summary>
/// A module path that has passed Go's module-path check, such as <c>golang.org/x/mod</c> or
/// <c>github.com/Azure/azure-sdk-for-go/v68</c>. The static members check, escape and split raw paths
/// exactly as Go's <c>golang.org/x/mod/module</c> package does.
/// </summary>
/// <remarks>
/// <para>
/// A module path is a sequence of slash-separated elements. Its first element, by convention a domain name,
/// must be lower case and contain a dot; the other elements may use ASCII letters of either case, digits and
/// <c>- . _ ~</c>. A final <c>/vN</c> element (<c>.vN</c> for <c>gopkg.in/</c> paths) names the major version.
/// See https://go.dev/ref/mod#module-path and https://go.dev/ref/mod#goproxy-protocol.
/// </para>
/// <para>
/// Module paths keep their case, but the module cache and the proxy protocol must work on file systems that
/// ignore case, so they use an escaped form in which every upper-case letter is written as <c>!</c> followed
/// by the lower-case letter (<c>github.com/Azure/x</c> becomes <c>github.com/!azure/x</c>). Paths without
/// upper case are their own escaped form. See <see cref="EscapePath(string)"/>.
/// </para>
/// <para>
/// The <see langword="default"/> value is not a valid module path: its <see cref="Value"/> is empty and
/// <see cref="Escape"/> rejects it. Obtain instances from <see cref="Parse(string)"/>,
/// <see cref="TryParse(string, out ModulePath)"/> or <see cref="Unescape(string)"/>.
/// </para>
/// <para>Equality and ordering compare the paths ordinally, which for these ASCII-only paths is Go's byte order.</para>
/// </remarks>
[DebuggerDisplay("{Value,nq}")]
public readonly partial struct ModulePath : IEquatable<ModulePath>, IComparable<ModulePath>, IComparable, ISpanParsable<ModulePath>, ISpanFormattable
{
    /// <summary>
    /// The module path go toolchains are published under (<c>golang.org/toolchain</c>): the checksum database is always
    /// consulted for it, and toolchain downloads use it.
    /// </summary>
    internal const string ToolchainModulePath = "golang.org/toolchain";

    private readonly string? _value;

    private ModulePath(string value)
    {
        _value = value;
    }

    /// <summary>Gets the path text.</summary>
    /// <value>The module path, or the empty string for the <see langword="default"/> value.</value>
    public string Value => _value ?? string.Empty;

    /// <summary>Gets the major-version suffix of the path, as split off by <see cref="SplitPathVersion(string)"/>.</summary>
    /// <value><c>/v2</c> for <c>example.com/m/v2</c>, <c>.v3</c> for <c>gopkg.in/yaml.v3</c>, or the empty string when there is none.</value>
    public string PathMajor
    {
        get
        {
            var value = Value;
            _ = PathChecker.SplitPathVersion<char>(value, out var prefixLength);
            return prefixLength == value.Length ? string.Empty : value[prefixLength..];
        }
    }

    /// <summary>Determines whether two paths are equal (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when the paths are equal.</returns>
    public static bool operator ==(ModulePath left, ModulePath right) => left.Equals(right);

    /// <summary>Determines whether two paths differ (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when the paths differ.</returns>
    public static bool operator !=(ModulePath left, ModulePath right) => !left.Equals(right);

    /// <summary>Determines whether one path sorts before another (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts first.</returns>
    public static bool operator <(ModulePath left, ModulePath right) => left.CompareTo(right) < 0;

    /// <summary>Determines whether one path sorts before or equal to another (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> does not sort after <paramref name="right"/>.</returns>
    public static bool operator <=(ModulePath left, ModulePath right) => left.CompareTo(right) <= 0;

    /// <summary>Determines whether one path sorts after another (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> sorts last.</returns>
    public static bool operator >(ModulePath left, ModulePath right) => left.CompareTo(right) > 0;

    /// <summary>Determines whether one path sorts after or equal to another (ordinal comparison).</summary>
    /// <param name="left">The first path.</param>
    /// <param name="right">The second path.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> does not sort before <paramref name="right"/>.</returns>
    public static bool operator >=(ModulePath left, ModulePath right) => left.CompareTo(right) >= 0;

    /// <summary>Checks a module path and wraps it.</summary>
    /// <param name="s">The module path.</param>
    /// <returns>The checked path; it keeps the given string instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="s"/> is not a valid module path (see <see cref="CheckPath(string)"/>).</exception>
    public static ModulePath Parse(string s)
    {
        CheckPath(s);
        return new ModulePath(s);
    }

    /// <summary>Checks a module path and wraps it.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="provider">Ignored: module paths do not depend on culture.</param>
    /// <returns>The checked path; it keeps the given string instance.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidModulePathException"><paramref name="s"/> is not a valid module path (see <see cref="CheckPath(string)"/>).</exception>
    static ModulePath IParsable<ModulePath>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <summary>Checks a module path and wraps a copy of it.</summary>
    /// <param name="s">The module path.</param>
    /// <returns>The checked path.</returns>
    /// <exception cref="InvalidModulePathException"><paramref name="s"/> is not a valid module path (see <see cref="CheckPath(string)"/>).</exception>
    public static ModulePath Parse(ReadOnlySpan<char> s)
    {
        CheckPath(s);
        return new ModulePath(s.ToString());
    }

    /// <summary>Checks a module path and wraps a copy of it.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="provider">Ignored: module paths do not depend on culture.</param>
    /// <returns>The checked path.</returns>
    /// <exception cref="InvalidModulePathException"><paramref name="s"/> is not a valid module path (see <see cref="CheckPath(string)"/>).</exception>
    static ModulePath ISpanParsable<ModulePath>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <summary>Checks a module path and wraps it, without throwing.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="result">The checked path (the given string instance), or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid module path.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out ModulePath result)
    {
        if (s is not null && PathChecker.Check<char>(s, ModulePathKind.Module).IsValid)
        {
            result = new ModulePath(s);
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Checks a module path and wraps it, without throwing.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="provider">Ignored: module paths do not depend on culture.</param>
    /// <param name="result">The checked path (the given string instance), or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid module path.</returns>
    static bool IParsable<ModulePath>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out ModulePath result) => TryParse(s, out result);

    /// <summary>Checks a module path and wraps a copy of it, without throwing.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="result">The checked path, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid module path.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out ModulePath result)
    {
        if (PathChecker.Check(s, ModulePathKind.Module).IsValid)
        {
            result = new ModulePath(s.ToString());
            return true;
        }

        result = default;
        return false;
    }

    /// <summary>Checks a module path and wraps a copy of it, without throwing.</summary>
    /// <param name="s">The module path.</param>
    /// <param name="provider">Ignored: module paths do not depend on culture.</param>
    /// <param name="result">The checked path, or <see langword="default"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a valid module path.</returns>
    static bool ISpanParsable<ModulePath>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out ModulePath result) => TryParse(s, out result);

    /// <summary>Wraps a path that the caller has already checked.</summary>
    internal static ModulePath FromChecked(string value)
    {
        Debug.Assert(PathChecker.Check<char>(value, ModulePathKind.Module).IsValid, "path must be valid");
        return new ModulePath(value);
    }

    /// <summary>Returns the escaped form of the path used in the module cache and the proxy protocol.</summary>
    /// <returns>The path with each upper-case letter written as <c>!</c> and its lower-case form; the same string instance when there is no upper case.</returns>
    /// <exception cref="InvalidModulePathException">The instance is the <see langword="default"/> value.</exception>
    public string Escape() => _value is null ? EscapePath(string.Empty) : EscapeUpperCase(_value);

    /// <inheritdoc/>
    public bool Equals(ModulePath other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ModulePath other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>Compares two paths ordinally.</summary>
    /// <param name="other">The other path.</param>
    /// <returns>Negative, zero or positive as this path sorts before, with or after <paramref name="other"/>; the <see langword="default"/> value sorts first.</returns>
    public int CompareTo(ModulePath other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Compares this path with another object.</summary>
    /// <param name="obj">A <see cref="ModulePath"/> or <see langword="null"/>.</param>
    /// <returns>As <see cref="CompareTo(ModulePath)"/>; a positive number when <paramref name="obj"/> is <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither <see langword="null"/> nor a <see cref="ModulePath"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        ModulePath other => CompareTo(other),
        _ => throw new ArgumentException("The object is not a ModulePath.", nameof(obj)),
    };

    /// <summary>Returns the path text.</summary>
    /// <returns>The path, or the empty string for the <see langword="default"/> value.</returns>
    public override string ToString() => Value;

    /// <summary>Returns the path text.</summary>
    /// <param name="format">Ignored.</param>
    /// <param name="formatProvider">Ignored.</param>
    /// <returns>The path, or the empty string for the <see langword="default"/> value.</returns>
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider) => Value;

    /// <summary>Copies the path text into a span.</summary>
    /// <param name="destination">The span to write to.</param>
    /// <param name="charsWritten">The number of characters written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> when the path fitted.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        var value = Value;
        if (value.TryCopyTo(destination))
        {
            charsWritten = value.Length;
            return true;
        }

        charsWritten = 0;
        return false;
    }

    /// <inheritdoc/>
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => TryFormat(destination, out charsWritten);
}
