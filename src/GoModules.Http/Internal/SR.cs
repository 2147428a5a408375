namespace GoModules.Http.Internal;

/// <summary>Message texts of GoModules.Http (the go command's wording where users search for it).</summary>
internal static class SR
{
    /// <summary>{0} = URL, {1} = reason. Go's <c>url.Error</c> of a request.</summary>
    public const string GetFailed = "Get \"{0}\": {1}";

    /// <summary>{0} = URL, {1} = reason. Go's <c>url.Error</c> of a body read.</summary>
    public const string ReadFailed = "read {0}: {1}";

    /// <summary>{0} = URL, {1} = reason. A go-get page whose body could not be read.</summary>
    public const string ReadingFailed = "reading {0}: {1}";

    /// <summary>{0} = URL, {1} = status, {2} = separator, {3} = the server's explanation. Go's HTTPError.</summary>
    public const string ReadingWithServerResponse = "reading {0}: {1}\n\tserver response:{2}{3}";

    /// <summary>The reason of a request that ran out of time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The reason of a body that stopped arriving in time.</summary>
    public const string TimeoutAwaitingBody = "timeout awaiting response body";

    /// <summary>The reason of a reset connection.</summary>
    public const string ConnectionReset = "read: connection reset by peer";

    /// <summary>The reason of a connection that timed out.</summary>
    public const string DialTimeout = "dial tcp: i/o timeout";

    /// <summary>The reason of a host name that did not resolve.</summary>
    public const string NoSuchHost = "dial tcp: lookup: no such host";

    /// <summary>{0} = the TLS error.</summary>
    public const string Tls = "tls: {0}";

    /// <summary>The reason of a connection closed before a response.</summary>
    public const string Eof = "EOF";

    /// <summary>{0} = redacted URL.</summary>
    public const string InsecureCredentials = "refusing to pass credentials to insecure URL: {0}";

    /// <summary>{0} = the Location header, redacted.</summary>
    public const string BadLocation = "failed to parse Location header {0}";

    /// <summary>{0} = from URL, {1} = to URL.</summary>
    public const string InsecureRedirect = "redirected from secure URL {0} to insecure URL {1}";

    /// <summary>{0} = scheme.</summary>
    public const string UnsupportedScheme = "unsupported protocol scheme \"{0}\"";

    /// <summary>The reason of too many redirects.</summary>
    public const string TooManyRedirects = "stopped after 10 redirects";

    /// <summary>{0} = why the download could not start over.</summary>
    public const string ChangedWhileResumed = "the file changed on the server while the download was resumed ({0})";

    /// <summary>Reason for <see cref="ChangedWhileResumed"/>.</summary>
    public const string CannotStartOver = "the destination cannot start over";

    /// <summary>Reason for <see cref="ChangedWhileResumed"/>.</summary>
    public const string NoRestartRemains = "no restart remains";

    /// <summary>{0} = redacted URL.</summary>
    public const string InvalidProxyScheme = "invalid proxy URL scheme (must be https, http, file): {0}";

    /// <summary>{0} = the configured version.</summary>
    public const string OptionHttpVersion = "GoModulesHttpOptions.HttpVersion must be 1.0, 1.1, 2.0 or 3.0; it is {0}.";

    /// <summary>A User-Agent that claims to be the go command.</summary>
    public const string OptionUserAgent = "GoModulesHttpOptions.UserAgent must not claim to be the go command (GoCommand/...).";

    /// <summary>Pool timeouts in the wrong order.</summary>
    public const string OptionIdleTimeout = "GoModulesHttpOptions.PooledConnectionIdleTimeout must not exceed PooledConnectionLifetime.";

    /// <summary>{0} = why the GOPROXY list is invalid.</summary>
    public const string OptionGoProxy = "GoModulesOptions.GoProxy is invalid: {0}";

    /// <summary>{0} = why GOAUTH is invalid.</summary>
    public const string OptionGoAuth = "GoModulesOptions.GoAuth is invalid: {0}";

    /// <summary>{0} = why GOSUMDB is invalid.</summary>
    public const string OptionGoSumDb = "GoModulesOptions.GoSumDb is invalid: {0}";

    /// <summary>{0} = why GOFLAGS is invalid.</summary>
    public const string OptionGoFlags = "GoModulesOptions.GoFlags is invalid: {0}";

    /// <summary>{0} = why GOTOOLCHAIN is invalid.</summary>
    public const string OptionGoToolchain = "GoModulesOptions.GoToolchain is invalid: {0}";

    /// <summary>{0} = the configured GOMODCACHE.</summary>
    public const string OptionGoModCache = "GoModulesOptions.GoModCache must be an absolute path; it is {0}.";

    /// <summary>A MaxAge policy without a positive age.</summary>
    public const string OptionMaxAge = "GoModulesOptions.MetadataCacheMaxAge must be positive with MetadataCache MaxAge.";

    /// <summary>An unknown metadata cache mode.</summary>
    public const string OptionMetadataCacheMode = "GoModulesOptions.MetadataCache is not a known mode.";

    /// <summary>Formats a message with the invariant culture.</summary>
    public static string Format(string format, params object?[] args) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
}
