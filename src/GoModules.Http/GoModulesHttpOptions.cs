using System;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http;
using System.Reflection;

namespace GoModules.Http;

/// <summary>
/// Settings of the GoModules HTTP transport only: the connection pool, HTTP version, timeouts, retries, resumed
/// downloads, the User-Agent and size limits. Bound from configuration and validated at start. The Go settings
/// (GOPROXY, GOSUMDB, GOPATH, GOMODCACHE, GOPRIVATE, NETRC, GOAUTH, ...) are <see cref="GoModulesOptions"/> in GoModules.Core.
/// </summary>
/// <remarks>
/// Timeouts are finite by design: the go command has none, so a proxy that accepts a
/// connection and never answers stalls it forever. Retries are off by default so that, by default,
/// the requests sent are exactly those the go command sends.
/// </remarks>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The TimeSpan [Range] rules are checked by the source-generated validator, which uses its own copy of the attribute; RangeAttribute's reflection-based converter never runs.")]
public sealed class GoModulesHttpOptions
{
    /// <summary>Gets or sets the maximum number of simultaneous connections to one server.</summary>
    /// <value>The default value is 16.</value>
    [Range(1, 1024)]
    public int MaxConnectionsPerServer { get; set; } = 16;

    /// <summary>Gets or sets how long an idle pooled connection is kept (Go's <c>IdleConnTimeout</c> is 90 s).</summary>
    /// <value>The default value is 90 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Gets or sets how long a pooled connection may be reused, so DNS changes are picked up.</summary>
    /// <value>The default value is 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the HTTP version requested; with <see cref="HttpVersionPolicy"/> this can force HTTP/1.1 (Go's <c>GODEBUG=http2client=0</c>).</summary>
    /// <value>The default value is 2.0 (HTTP/2 over TLS when the server offers it, HTTP/1.1 otherwise, as Go does).</value>
    [Required]
    public Version HttpVersion { get; set; } = System.Net.HttpVersion.Version20;

    /// <summary>Gets or sets how <see cref="HttpVersion"/> is applied.</summary>
    /// <value>The default value is <see cref="System.Net.Http.HttpVersionPolicy.RequestVersionOrLower"/>.</value>
    public HttpVersionPolicy HttpVersionPolicy { get; set; } = HttpVersionPolicy.RequestVersionOrLower;

    /// <summary>Gets or sets the time allowed to establish a connection (Go's dialer uses 30 s).</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time allowed from sending a request to receiving the response headers.</summary>
    /// <value>The default value is 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the longest wait for the next bytes of a response body.</summary>
    /// <value>The default value is 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the longest time one file request may take as a whole: from sending it (redirects,
    /// authentication rounds and retries included) to the last byte of its body, error answers included.
    /// It bounds what <see cref="BodyReadTimeout"/> alone cannot: a server that sends one byte just often
    /// enough never trips the per-read timeout.
    /// </summary>
    /// <value>The default value is 30 minutes (a 500 MiB zip at about 300 kB/s).</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Gets or sets how many times a request is retried after a transient failure (connection reset or
    /// closed, timeout) or a 429 answer. The go command never retries.
    /// </summary>
    /// <value>The default value is 0 (no retries, as the go command).</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; }

    /// <summary>
    /// Gets or sets whether a zip download whose body breaks off after the headers (connection reset or closed,
    /// body timeout) is resumed where it stopped, with <c>Range: bytes=N-</c> and <c>If-Range</c>. Only when the
    /// server advertised <c>Accept-Ranges: bytes</c> and sent a <c>Content-Length</c> and a strong <c>ETag</c> (or,
    /// without an ETag, <c>Last-Modified</c>). The resumed bytes continue the same destination; the hash of the whole
    /// zip still decides. The go command (1.27) never resumes; Go's development branch does.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ResumeDownloads { get; set; } = true;

    /// <summary>
    /// Gets or sets how many further requests one zip download may make after its body broke off: each resumed
    /// request counts, and so does starting again from byte 0 when the file changed on the server (a 200 answer to
    /// a ranged request). 0 turns resuming off.
    /// </summary>
    /// <value>The default value is 2.</value>
    [Range(0, 10)]
    public int MaxDownloadRestarts { get; set; } = 2;

    /// <summary>Gets or sets the first retry delay; each further retry doubles it.</summary>
    /// <value>The default value is 500 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the longest <c>Retry-After</c> honoured; a 429 asking for longer is not retried.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the User-Agent GoModules sends by default: <c>GoModules/&lt;version&gt; (+https://github.com/gomodules-dotnet/gomodules)</c>.
    /// GoModules names itself; it never sends the go command's <c>GoCommand/1</c>.
    /// </summary>
    /// <value>For example <c>GoModules/0.1.0 (+https://github.com/gomodules-dotnet/gomodules)</c>.</value>
    public static string DefaultUserAgent { get; } = CreateDefaultUserAgent();

    /// <summary>Gets or sets the User-Agent header of every request, or <see langword="null"/> or empty to send none.</summary>
    /// <value>The default value is <see cref="DefaultUserAgent"/>.</value>
    public string? UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>Gets or sets the largest accepted module zip, in bytes.</summary>
    /// <value>The default value is 500 MiB, the go command's limit.</value>
    [Range(1L, long.MaxValue - 1)]
    public long MaxZipBytes { get; set; } = GoModules.Fetching.ModuleFetchLimits.DefaultMaxZipBytes;

    /// <summary>Gets or sets the largest accepted go.mod file, in bytes.</summary>
    /// <value>The default value is 16 MiB, the go command's limit.</value>
    [Range(1L, long.MaxValue - 1)]
    public long MaxGoModBytes { get; set; } = GoModules.Fetching.ModuleFetchLimits.DefaultMaxGoModBytes;

    private static string CreateDefaultUserAgent()
    {
        var version = typeof(GoModulesHttpOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(GoModulesHttpOptions).Assembly.GetName().Version?.ToString(3)
            ?? "0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return "GoModules/" + (plus < 0 ? version : version[..plus]) + " (+https://github.com/gomodules-dotnet/gomodules)";
    }
}
