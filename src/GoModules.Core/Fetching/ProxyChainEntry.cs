using System;
using GoModules.Fetching.Internal;

namespace GoModules.Fetching;

/// <summary>
/// One entry of a parsed GOPROXY list (<see cref="ProxyChain"/>): a proxy URL, <c>direct</c>,
/// <c>off</c> or the implicit <c>noproxy</c>, together with what a walk does when it fails.
/// </summary>
/// <remarks>
/// <para>
/// A request walks the entries in order (the walk restarts at the first entry for every request):
/// success stops the walk; after a failure the next entry is tried when
/// <see cref="ShouldFallBack(bool)"/> says so, otherwise the walk ends with that error. Before each
/// entry the module path is tested against <see cref="ProxyChain.NoProxy"/>: a matching path is
/// fetched directly by <see cref="ProxyChainEntryKind.NoProxy"/> and <see cref="ProxyChainEntryKind.Direct"/>
/// entries and is refused with a not-found error (<c>disabled by GOPRIVATE/GONOPROXY</c>) by URL and
/// <see cref="ProxyChainEntryKind.Off"/> entries, which therefore never see it.
/// </para>
/// <para>
/// <c>default(ProxyChainEntry)</c> is not a valid entry: its <see cref="Kind"/> is 0.
/// See <c>go help goproxy</c> and https://go.dev/ref/mod#goproxy-protocol.
/// </para>
/// </remarks>
public readonly struct ProxyChainEntry : IEquatable<ProxyChainEntry>
{
    private readonly string? _url;

    private ProxyChainEntry(ProxyChainEntryKind kind, string? url, GoUrl parsedUrl, ProxyFallback fallBack)
    {
        Kind = kind;
        _url = url;
        ParsedUrl = parsedUrl;
        FallBack = fallBack;
    }

    /// <summary>Gets what the entry is.</summary>
    /// <value>One of the <see cref="ProxyChainEntryKind"/> values; 0 only for <c>default(ProxyChainEntry)</c>.</value>
    public ProxyChainEntryKind Kind { get; }

    /// <summary>
    /// Gets the proxy base URL of a <see cref="ProxyChainEntryKind.Url"/> entry, as the go command keeps
    /// it: the trimmed text of the entry, with <c>https://</c> put in front of a bare host such as
    /// <c>proxy.example.com</c> or <c>127.0.0.1:8080</c>. The scheme is <c>https</c>, <c>http</c> or
    /// <c>file</c> in any letter case; a trailing <c>/</c> is kept (request paths are joined to it).
    /// </summary>
    /// <value>The URL, or <see langword="null"/> for the other kinds.</value>
    public string? Url => Kind == ProxyChainEntryKind.Url ? _url : null;

    /// <summary>Gets what happens after this entry fails (<see cref="ProxyFallback"/>).</summary>
    /// <value>
    /// <see cref="ProxyFallback.OnAnyError"/> when the entry was followed by <c>|</c>;
    /// <see cref="ProxyFallback.OnNotFound"/> when it was followed by <c>,</c> or ended the text, and always
    /// for <c>direct</c>, <c>off</c> and the implicit <c>noproxy</c> entry, as in the go command.
    /// </value>
    public ProxyFallback FallBack { get; }

    /// <summary>Gets the URL parts as Go's <c>net/url</c> parsed them (only for <see cref="ProxyChainEntryKind.Url"/>).</summary>
    internal GoUrl ParsedUrl { get; }

    /// <summary>Reports whether a walk goes on to the next entry after this entry failed.</summary>
    /// <param name="isNotFound"><see langword="true"/> when the failure was a not-found error (HTTP 404/410,
    /// a missing file, or the go command's own not-found errors).</param>
    /// <returns><see langword="true"/> when the next entry is to be tried.</returns>
    public bool ShouldFallBack(bool isNotFound) => isNotFound || FallBack == ProxyFallback.OnAnyError;

    /// <summary>Returns the name the go command uses for the entry: the URL, <c>direct</c>, <c>off</c> or <c>noproxy</c>.</summary>
    /// <returns>The entry's name; the empty string for <c>default(ProxyChainEntry)</c>.</returns>
    public override string ToString() => Kind switch
    {
        ProxyChainEntryKind.Url => _url!,
        ProxyChainEntryKind.Direct => "direct",
        ProxyChainEntryKind.Off => "off",
        ProxyChainEntryKind.NoProxy => "noproxy",
        _ => string.Empty,
    };

    /// <inheritdoc/>
    public bool Equals(ProxyChainEntry other)
        => Kind == other.Kind && FallBack == other.FallBack && string.Equals(_url, other._url, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProxyChainEntry other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, FallBack, _url is null ? 0 : StringComparer.Ordinal.GetHashCode(_url));

    /// <summary>Compares two entries by kind, URL (ordinal) and fallback.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(ProxyChainEntry left, ProxyChainEntry right) => left.Equals(right);

    /// <summary>Compares two entries by kind, URL (ordinal) and fallback.</summary>
    /// <param name="left">The first entry.</param>
    /// <param name="right">The second entry.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(ProxyChainEntry left, ProxyChainEntry right) => !left.Equals(right);

    internal static ProxyChainEntry ForUrl(string url, GoUrl parsedUrl, ProxyFallback fallBack)
        => new(ProxyChainEntryKind.Url, url, parsedUrl, fallBack);

    internal static ProxyChainEntry ForKeyword(ProxyChainEntryKind kind)
        => new(kind, null, default, ProxyFallback.OnNotFound);
}
