using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GoModules.Fetching.Internal;
using GoModules.Kernel;
using GoModules.Patterns;

namespace GoModules.Fetching;

/// <summary>
/// A parsed GOPROXY list: the ordered <see cref="ProxyChainEntry"/> values a request walks through,
/// parsed exactly as the go command parses GOPROXY (with GONOPROXY deciding the implicit
/// <c>noproxy</c> entry).
/// </summary>
/// <remarks>
/// <para>Parsing rules (go 1.19 <c>modfetch.proxyList</c>):</para>
/// <list type="number">
/// <item><description>An empty GOPROXY means the default, <see cref="DefaultGoProxy"/>.</description></item>
/// <item><description>When GONOPROXY is not the empty string and GOPROXY is not exactly <c>direct</c>, the
/// list starts with an implicit <see cref="ProxyChainEntryKind.NoProxy"/> entry. (GONOPROXY is
/// tested as text: even <c>","</c>, which matches nothing, adds it.)</description></item>
/// <item><description>The text is split at every <c>,</c> and <c>|</c>; the separator after an entry sets
/// its <see cref="ProxyChainEntry.FallBack"/>. Each entry is trimmed of white space; entries that are
/// then empty are skipped.</description></item>
/// <item><description><c>off</c> and <c>direct</c> (exact, lower case) add their entry and end the list:
/// anything after them is ignored, even invalid text.</description></item>
/// <item><description>Any other entry is a URL. When it contains <c>.</c>, <c>:</c> or <c>/</c>, does not
/// contain <c>:/</c> and is not an absolute file path, <c>https://</c> is put in front, so
/// <c>proxy.example.com</c> and <c>127.0.0.1:8080</c> are HTTPS proxies. The URL must parse as Go's
/// <c>net/url</c> parses URLs and have the scheme <c>https</c>, <c>http</c> or <c>file</c>; a <c>file:</c>
/// URL may only have a path (<c>file:///srv/proxy</c>). Local directories must be written as
/// <c>file://</c> URLs.</description></item>
/// <item><description>A list with no entries, or with only the implicit <c>noproxy</c>, is an error
/// (for example <c>","</c> or <c>" "</c>).</description></item>
/// </list>
/// <para>
/// Errors are reported as <see cref="InvalidProxyListException"/>; the go command fails every module
/// operation with them before sending any request. Instances are immutable and thread-safe.
/// See <c>go help goproxy</c>, https://go.dev/ref/mod#goproxy-protocol and
/// https://go.dev/ref/mod#private-module-proxy-direct.
/// </para>
/// </remarks>
public sealed class ProxyChain
{
    /// <summary>The value GOPROXY has when it is unset or empty.</summary>
    public const string DefaultGoProxy = GoEnvironment.DefaultGoProxy;

    private ProxyChain(string goProxy, string goNoProxy, ImmutableArray<ProxyChainEntry> entries)
    {
        GoProxy = goProxy;
        GoNoProxy = goNoProxy;
        NoProxy = PathPatternList.Parse(goNoProxy);
        Entries = entries;
    }

    /// <summary>Gets the GOPROXY text that was parsed.</summary>
    /// <value>The text as given, or <see cref="DefaultGoProxy"/> when the given text was empty.</value>
    public string GoProxy { get; }

    /// <summary>Gets the GONOPROXY text the chain was parsed with.</summary>
    /// <value>The effective GONOPROXY (GOPRIVATE when GONOPROXY is empty); the empty string when none.</value>
    public string GoNoProxy { get; }

    /// <summary>
    /// Gets the GONOPROXY patterns: module paths matching them are never sent to a proxy URL (or
    /// refused by <c>off</c>) and are fetched directly by the <c>noproxy</c> and <c>direct</c> entries.
    /// </summary>
    /// <value>The parsed <see cref="GoNoProxy"/>.</value>
    public PathPatternList NoProxy { get; }

    /// <summary>Gets the entries in walk order, including the implicit <c>noproxy</c> entry when present.</summary>
    /// <value>At least one entry that is not <see cref="ProxyChainEntryKind.NoProxy"/>.</value>
    public ImmutableArray<ProxyChainEntry> Entries { get; }

    /// <summary>Parses a GOPROXY list without GONOPROXY (so no implicit <c>noproxy</c> entry).</summary>
    /// <param name="goProxy">The GOPROXY value; empty means <see cref="DefaultGoProxy"/>.</param>
    /// <returns>The parsed chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="goProxy"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidProxyListException">An entry is not an acceptable proxy URL
    /// -or- the list contains no entries.</exception>
    public static ProxyChain Parse(string goProxy) => Parse(goProxy, null);

    /// <summary>Parses a GOPROXY list together with the effective GONOPROXY.</summary>
    /// <param name="goProxy">The GOPROXY value; empty means <see cref="DefaultGoProxy"/>.</param>
    /// <param name="goNoProxy">The effective GONOPROXY value (GOPRIVATE when GONOPROXY is empty), or
    /// <see langword="null"/> or empty for none.</param>
    /// <returns>The parsed chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="goProxy"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidProxyListException">An entry is not an acceptable proxy URL
    /// -or- the list contains no entries.</exception>
    public static ProxyChain Parse(string goProxy, string? goNoProxy)
    {
        ArgumentNullException.ThrowIfNull(goProxy);
        if (!TryParseCore(goProxy, goNoProxy, HostPlatforms.Current, out var chain, out var error))
        {
            throw error;
        }

        return chain;
    }

    /// <summary>Parses the GOPROXY list of <paramref name="environment"/>, with GONOPROXY's implicit <c>noproxy</c> entry.</summary>
    /// <param name="environment">The settings.</param>
    /// <returns>The parsed chain.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidProxyListException">GOPROXY has an unacceptable entry -or- no entries (the go command
    /// fails every module download with this error).</exception>
    public static ProxyChain FromEnvironment(GoEnvironment environment)
        => TryFromEnvironment(environment, out var chain, out var error) ? chain : throw error;

    /// <summary>Tries to parse the GOPROXY list of <paramref name="environment"/>, with GONOPROXY's implicit <c>noproxy</c> entry.</summary>
    /// <param name="environment">The settings.</param>
    /// <param name="chain">The parsed chain, or <see langword="null"/> when GOPROXY is unusable.</param>
    /// <param name="error">The error that makes GOPROXY unusable, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the list is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> is <see langword="null"/>.</exception>
    public static bool TryFromEnvironment(GoEnvironment environment, [NotNullWhen(true)] out ProxyChain? chain, [NotNullWhen(false)] out InvalidProxyListException? error)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return TryParseCore(environment.GoProxy, environment.GoNoProxy, environment.Platform, out chain, out error);
    }

    /// <summary>Tries to parse a GOPROXY list without GONOPROXY.</summary>
    /// <param name="goProxy">The GOPROXY value; empty means <see cref="DefaultGoProxy"/>.</param>
    /// <param name="chain">The parsed chain, or <see langword="null"/> when parsing failed.</param>
    /// <returns><see langword="true"/> when the list is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? goProxy, [NotNullWhen(true)] out ProxyChain? chain)
        => TryParse(goProxy, null, out chain);

    /// <summary>Tries to parse a GOPROXY list together with the effective GONOPROXY.</summary>
    /// <param name="goProxy">The GOPROXY value; empty means <see cref="DefaultGoProxy"/>.</param>
    /// <param name="goNoProxy">The effective GONOPROXY value, or <see langword="null"/> or empty for none.</param>
    /// <param name="chain">The parsed chain, or <see langword="null"/> when parsing failed.</param>
    /// <returns><see langword="true"/> when the list is valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? goProxy, string? goNoProxy, [NotNullWhen(true)] out ProxyChain? chain)
    {
        if (goProxy is null)
        {
            chain = null;
            return false;
        }

        return TryParseCore(goProxy, goNoProxy, HostPlatforms.Current, out chain, out _);
    }

    /// <summary>Returns the GOPROXY text that was parsed.</summary>
    /// <returns>The same as <see cref="GoProxy"/>.</returns>
    public override string ToString() => GoProxy;

    /// <summary>
    /// The parser. <paramref name="platform"/> only matters for the "absolute file path" test that
    /// decides whether <c>https://</c> is added (Windows also knows <c>C:\dir</c> and <c>\\host\share</c>).
    /// </summary>
    internal static bool TryParseCore(
        string goProxy,
        string? goNoProxy,
        HostPlatform platform,
        [NotNullWhen(true)] out ProxyChain? chain,
        [NotNullWhen(false)] out InvalidProxyListException? error)
    {
        chain = null;
        error = null;
        var text = goProxy.Length == 0 ? DefaultGoProxy : goProxy;
        goNoProxy ??= string.Empty;

        var entries = ImmutableArray.CreateBuilder<ProxyChainEntry>();
        if (goNoProxy.Length != 0 && text != "direct")
        {
            entries.Add(ProxyChainEntry.ForKeyword(ProxyChainEntryKind.NoProxy));
        }

        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            ReadOnlySpan<char> element;
            var fallBack = ProxyFallback.OnNotFound;
            var separator = rest.IndexOfAny(',', '|');
            if (separator >= 0)
            {
                element = rest[..separator];
                fallBack = rest[separator] == '|' ? ProxyFallback.OnAnyError : ProxyFallback.OnNotFound;
                rest = rest[(separator + 1)..];
            }
            else
            {
                element = rest;
                rest = default;
            }

            // Go's strings.TrimSpace and .NET's char.IsWhiteSpace agree on the set of white space.
            element = element.Trim();
            if (element.IsEmpty)
            {
                continue;
            }

            if (element.SequenceEqual("off"))
            {
                entries.Add(ProxyChainEntry.ForKeyword(ProxyChainEntryKind.Off));
                break;
            }

            if (element.SequenceEqual("direct"))
            {
                // Reserved for future use: nothing after "direct" is even looked at.
                entries.Add(ProxyChainEntry.ForKeyword(ProxyChainEntryKind.Direct));
                break;
            }

            var url = element.ToString();
            if (url.AsSpan().IndexOfAny(".:/") >= 0
                && !url.Contains(":/", StringComparison.Ordinal)
                && !GoFilePath.IsAbs(url, platform)
                && !url.StartsWith('/'))
            {
                // A bare host (with port or path): single words stay reserved for keywords.
                url = "https://" + url;
            }

            if (!TryValidateUrl(text, url, out var parsed, out error))
            {
                return false;
            }

            entries.Add(ProxyChainEntry.ForUrl(url, parsed, fallBack));
        }

        if (entries.Count == 0 || (entries.Count == 1 && entries[0].Kind == ProxyChainEntryKind.NoProxy))
        {
            error = new InvalidProxyListException(SR.ProxyListNoEntries, text, null, "contains no entries");
            return false;
        }

        chain = new ProxyChain(text, goNoProxy, entries.ToImmutable());
        return true;
    }

    /// <summary>The checks of the go command's <c>newProxyRepo</c> on a proxy base URL.</summary>
    private static bool TryValidateUrl(string list, string url, out GoUrl parsed, [NotNullWhen(false)] out InvalidProxyListException? error)
    {
        error = null;
        var shown = GoUrl.Redact(url);
        if (!GoUrl.TryParse(url, out parsed, out var parseError, out var subject))
        {
            var message = SR.FormatText(SR.ProxyUrlParse, GoQuote.Quote(GoUrl.Redact(subject)), parseError);
            error = new InvalidProxyListException(message, list, shown, parseError!);
            return false;
        }

        switch (parsed.Scheme)
        {
            case "http":
            case "https":
                return true;
            case "file":
                if (parsed.IsPathOnly)
                {
                    return true;
                }

                error = new InvalidProxyListException(
                    SR.FormatText(SR.ProxyFileUrlNonPath, shown), list, shown, "file:// URL with non-path elements");
                return false;
            case "":
                error = new InvalidProxyListException(
                    SR.FormatText(SR.ProxyUrlMissingScheme, shown), list, shown, "missing scheme");
                return false;
            default:
                error = new InvalidProxyListException(
                    SR.FormatText(SR.ProxyUrlBadScheme, shown), list, shown, "scheme must be https, http or file");
                return false;
        }
    }
}
