using System.Globalization;

namespace GoModules.Kernel;

/// <summary>
/// Message texts for pattern lists, GOPROXY parsing and Go settings. Texts that users search for
/// reuse the go command's wording. Format them with <see cref="FormatText"/>.
/// </summary>
internal static partial class SR
{
    /// <summary>Formats one of these messages with the invariant culture (messages are cold paths).</summary>
    /// <remarks>Arguments that Go formats with <c>%q</c> must be passed through <see cref="GoQuote.Quote(System.ReadOnlySpan{char})"/>.</remarks>
    public static string FormatText(string format, params object?[] args)
        => string.Format(CultureInfo.InvariantCulture, format, args);

    public const string EmptyPathPattern = "A path pattern must contain more than an optional trailing '/'.";

    // GOPROXY (cmd/go/internal/modfetch/proxy.go, net/url).
    public const string ProxyListNoEntries = "GOPROXY list is not the empty string, but contains no entries";
    public const string ProxyUrlMissingScheme = "invalid proxy URL missing scheme: {0}";
    public const string ProxyUrlBadScheme = "invalid proxy URL scheme (must be https, http, file): {0}";
    public const string ProxyFileUrlNonPath = "invalid file:// proxy URL with non-path elements: {0}";
    public const string ProxyUrlParse = "parse {0}: {1}";
    public const string ProxyChainEntryDefault = "The entry is default(ProxyChainEntry).";

    public const string UrlControlCharacter = "net/url: invalid control character in URL";
    public const string UrlMissingProtocolScheme = "missing protocol scheme";
    public const string UrlColonInFirstSegment = "first path segment in URL cannot contain colon";
    public const string UrlInvalidUserinfo = "net/url: invalid userinfo";
    public const string UrlMissingBracket = "missing ']' in host";
    public const string UrlInvalidPort = "invalid port {0} after host";
    public const string UrlInvalidEscape = "invalid URL escape {0}";
    public const string UrlInvalidHostCharacter = "invalid character {0} in host name";

    // GOFLAGS (cmd/go/internal/base/goflags.go).
    public const string GoFlagsNonFlag = "go: parsing $GOFLAGS: non-flag {0}";
    public const string GoFlagsInvalidBoolean = "go: invalid boolean value {0} for flag -{1} (from $GOFLAGS)";
    public const string GoFlagsNeedsArgument = "go: flag needs an argument: -{0} (from $GOFLAGS)";
}
