using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Internal;

/// <summary>
/// Reads GOPROXY files over HTTP(S) with the go command's rules: 200 is success, 404 and 410 are "not
/// found", any other status is an error carrying the status line and the server's plain-text
/// explanation; at most 10 redirects and never from https to http; credentials only over https and
/// never to another host; URL passwords redacted everywhere. A zip body that breaks off after the headers is
/// resumed with Range + If-Range when the server allows it (see <see cref="DownloadResumption"/>).
/// </summary>
internal sealed class HttpModuleProxyTransport : IModuleProxyTransport
{
    private const int MaxRedirects = 10;

    private readonly string _basePath;
    private readonly string _authorityPrefix;
    private readonly string _writtenAuthorityPrefix;
    private readonly string _redactedBase;
    private readonly string? _userInfoAuthorization;
    private readonly bool _insecureUserInfo;
    private readonly Func<HttpClient> _client;
    private readonly GoModulesHttpOptions _options;
    private readonly HttpCredentials _credentials;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public HttpModuleProxyTransport(Uri baseUrl, Func<HttpClient> client, GoModulesHttpOptions options, HttpCredentials credentials, ILogger logger, TimeProvider time)
    {
        _client = client;
        _options = options;
        _credentials = credentials;
        _logger = logger;
        _time = time;
        _redactedBase = UrlRedaction.Redact(baseUrl.OriginalString).TrimEnd('/');
        var escapedPath = baseUrl.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        _basePath = ProxyPaths.CleanRooted(escapedPath).TrimEnd('/');
        _authorityPrefix = baseUrl.GetLeftPart(UriPartial.Authority);
        _writtenAuthorityPrefix = WrittenAuthorityPrefix(baseUrl);
        if (baseUrl.UserInfo.Length != 0)
        {
            // Strip the user information from the URL we send; it becomes an Authorization header.
            _authorityPrefix = baseUrl.Scheme + "://" + baseUrl.Authority;
            var info = baseUrl.UserInfo;
            var colon = info.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
            var pass = colon < 0 ? string.Empty : Uri.UnescapeDataString(info[(colon + 1)..]);
            _userInfoAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + pass));
            _insecureUserInfo = !string.Equals(baseUrl.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        }
    }

    public string RedactedBaseUrl => _redactedBase;

    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var deadline = StartDeadline(cancellationToken);
        try
        {
            return await ReadWithinDeadlineAsync(path, maxBytes, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw DeadlineExceeded(path, ex);
        }
    }

    public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var deadline = StartDeadline(cancellationToken);
        try
        {
            return await CopyToWithinDeadlineAsync(path, destination, maxBytes, progress, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw DeadlineExceeded(path, ex);
        }
    }

    // Every request has a deadline (RequestTimeout): redirects, authentication, retries and the whole body,
    // so a server that drips bytes just often enough to dodge BodyReadTimeout still cannot hold it open.
    private CancellationTokenSource StartDeadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        return deadline;
    }

    private ModuleFetchException DeadlineExceeded(string path, OperationCanceledException ex)
    {
        var shown = Target(path).Shown;
        var err = Transport(ModuleFetchFailure.Timeout, shown, "request deadline exceeded (" + _options.RequestTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s)", ex);
        Log.RequestFailed(_logger, shown, err.Failure, err.Message);
        return err;
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadWithinDeadlineAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var (uri, shown) = Target(path);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await SendAsync(uri, shown, null, cancellationToken).ConfigureAwait(false);
                var buffer = new MemoryStream();
                await CopyBodyAsync(response, shown, buffer, maxBytes, null, new BodyCount(), cancellationToken).ConfigureAwait(false);
                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
            catch (RetryableException retry)
            {
                if (!await ShouldRetryAsync(retry, attempt, shown, cancellationToken).ConfigureAwait(false))
                {
                    throw retry.Error;
                }
            }
        }
    }

    private async ValueTask<long> CopyToWithinDeadlineAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var (uri, shown) = Target(path);
        var response = await SendWithRetriesAsync(uri, shown, null, cancellationToken).ConfigureAwait(false);
        var start = destination.CanSeek ? destination.Position : -1;
        var maxRestarts = _options.ResumeDownloads ? _options.MaxDownloadRestarts : 0;
        var resume = maxRestarts > 0 ? DownloadResumption.From(response) : null;
        var written = new BodyCount();
        var restarts = 0;
        try
        {
            while (true)
            {
                try
                {
                    return await CopyBodyAsync(response, shown, destination, maxBytes, progress, written, cancellationToken).ConfigureAwait(false);
                }
                catch (RetryableException retry)
                {
                    // The body broke off after the headers. Without a way to resume, the bytes already in the
                    // destination stand in the way of any retry here: the failure is the proxy's.
                    if (resume is null || restarts >= maxRestarts || written.Value >= resume.Length || written.Value > maxBytes)
                    {
                        throw retry.Error;
                    }

                    restarts++;
                    Log.ResumingDownload(_logger, shown, written.Value, resume.Length, retry.Error.Failure, restarts, maxRestarts);
                    response.Dispose();
                    response = await SendWithRetriesAsync(uri, shown, resume.RangeHeaders(written.Value), cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == System.Net.HttpStatusCode.PartialContent)
                    {
                        resume.CheckContinues(response, written.Value, shown);
                        continue;
                    }

                    // 200: If-Range did not match, the file changed on the server. Its whole body is here; taking it
                    // from byte 0 is one more restart, and needs a destination that can start over.
                    if (restarts >= maxRestarts || start < 0)
                    {
                        var reason = start < 0 ? "the destination cannot start over" : "no restart remains";
                        throw Read(retry.Error.Failure, shown, "the file changed on the server while the download was resumed (" + reason + ")", retry.Error);
                    }

                    restarts++;
                    Log.RestartingDownload(_logger, shown, restarts, maxRestarts);
                    destination.Position = start;
                    destination.SetLength(start);
                    written.Value = 0;
                    progress?.Report(0);
                    resume = DownloadResumption.From(response);
                }
            }
        }
        finally
        {
            response.Dispose();
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(Uri uri, string shown, KeyValuePair<string, string>[]? extraHeaders, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendAsync(uri, shown, extraHeaders, cancellationToken).ConfigureAwait(false);
            }
            catch (RetryableException retry)
            {
                if (!await ShouldRetryAsync(retry, attempt, shown, cancellationToken).ConfigureAwait(false))
                {
                    throw retry.Error;
                }
            }
        }
    }

    private (Uri Uri, string Shown) Target(string path)
    {
        var escaped = ProxyPaths.PathEscape(path);
        var text = _authorityPrefix + _basePath + "/" + escaped;
        var uri = new Uri(text, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        return (uri, _redactedBase + "/" + escaped);
    }

    /// <summary>
    /// <c>scheme://authority</c> as the user wrote it in GOPROXY (host case, an explicit default port and user
    /// information kept): the go command matches .netrc machines against the URL as written.
    /// </summary>
    private static string WrittenAuthorityPrefix(Uri baseUrl)
    {
        var text = baseUrl.OriginalString.Trim();
        var start = text.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return baseUrl.GetLeftPart(UriPartial.Authority);
        }

        var authority = text[(start + 3)..];
        var end = authority.AsSpan().IndexOfAny("/?#");
        return baseUrl.Scheme + "://" + (end < 0 ? authority : authority[..end]);
    }

    /// <summary>A request URL built by <see cref="Target"/>, written as the go command writes it.</summary>
    private string Written(Uri uri) =>
        uri.OriginalString.StartsWith(_authorityPrefix, StringComparison.Ordinal)
            ? _writtenAuthorityPrefix + uri.OriginalString[_authorityPrefix.Length..]
            : uri.OriginalString;

    private async ValueTask<bool> ShouldRetryAsync(RetryableException retry, int attempt, string shown, CancellationToken cancellationToken)
    {
        if (attempt >= _options.MaxRetries || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var delay = retry.RetryAfter ?? TimeSpan.FromTicks(_options.RetryDelay.Ticks << Math.Min(attempt, 20));
        if (retry.RetryAfter is { } ra && ra > _options.MaxRetryAfter)
        {
            return false;
        }

        Log.Retrying(_logger, shown, Log.Milliseconds(delay), retry.Error.Failure, attempt + 1, _options.MaxRetries);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// Sends GET with manual redirects; returns a 200 response or throws. After an https 4xx answer, GOAUTH is
    /// consulted again for the URL asked for and the request sent once more, as the go command does (Go 1.24+).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri uri, string shown, KeyValuePair<string, string>[]? extraHeaders, CancellationToken cancellationToken)
    {
        if (_insecureUserInfo)
        {
            throw new ModuleFetchException("refusing to pass credentials to insecure URL: " + shown, ModuleFetchFailure.InsecureCredentials, null, shown, null, null);
        }

        using var activity = ProxyActivities.HasListeners()
            ? ProxyActivities.StartActivity("GoModules.ProxyGet", ActivityKind.Client)
            : null;
        activity?.SetTag("url.full", shown);

        var secure = string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        var response = await FollowRedirectsAsync(uri, shown, extraHeaders, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (secure && status is >= 400 and < 500)
        {
            try
            {
                await _credentials.RefreshAfterFailureAsync(uri, response, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                response.Dispose();
            }

            Log.RetryingWithCredentials(_logger, shown, status);
            response = await FollowRedirectsAsync(uri, shown, extraHeaders, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }

        activity?.SetTag("http.response.status_code", status);
        // A ranged request (resuming a download) may also be answered with its part.
        if (status == 200 || (status == 206 && extraHeaders is not null))
        {
            return response;
        }

        using (response)
        {
            // Like the go command, the message names the URL asked for, not the last redirect target.
            var error = await StatusErrorAsync(response, shown, _options.BodyReadTimeout, cancellationToken).ConfigureAwait(false);
            if (status == 429 && _options.MaxRetries > 0)
            {
                throw new RetryableException((ModuleFetchException)error, RetryAfter(response) ?? TimeSpan.Zero);
            }

            throw error;
        }
    }

    /// <summary>
    /// Sends GET for <paramref name="uri"/> and follows its redirects (at most 10, never from https to anything else,
    /// only to http and https); returns the first answer that is not a redirect. Credentials found for the URL asked
    /// for (.netrc, GOAUTH, the URL's user information) go only to that URL's scheme, host and port: a redirect to
    /// another server never carries them, and no credentials are looked up for a redirect target.
    /// </summary>
    private async Task<HttpResponseMessage> FollowRedirectsAsync(Uri uri, string shown, KeyValuePair<string, string>[]? extraHeaders, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetAsync(uri, Written(uri), cancellationToken).ConfigureAwait(false);
        var current = uri;
        var currentShown = shown;
        var secureOrigin = string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        var start = _time.GetTimestamp();
        for (var hop = 1; ; hop++)
        {
            Log.RequestStarting(_logger, currentShown);
            var sameServer = SameServer(current, uri);
            if (!sameServer && (credentials is not null || _userInfoAuthorization is not null))
            {
                Log.CredentialsWithheld(_logger, currentShown);
            }

            var response = await SendOnceAsync(current, currentShown, sameServer ? credentials : null, sameServer ? _userInfoAuthorization : null, extraHeaders, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var elapsed = Log.Milliseconds(_time.GetElapsedTime(start));
                Log.ResponseReceived(_logger, currentShown, status, elapsed);
            }

            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (!Uri.TryCreate(current, location, out var next))
            {
                throw Transport(ModuleFetchFailure.InvalidResponse, currentShown, "failed to parse Location header " + UrlRedaction.Redact(location.OriginalString), null);
            }

            var nextShown = UrlRedaction.Redact(next.AbsoluteUri);
            if (secureOrigin && !string.Equals(next.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw Transport(ModuleFetchFailure.InsecureRedirect, nextShown, "redirected from secure URL " + currentShown + " to insecure URL " + nextShown, null);
            }

            if (!string.Equals(next.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(next.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                // Go's http.Client: Get "file:///…": unsupported protocol scheme "file". Never read as a local file.
                throw Transport(ModuleFetchFailure.Transport, nextShown, "unsupported protocol scheme \"" + next.Scheme + "\"", null);
            }

            if (hop >= MaxRedirects)
            {
                throw Transport(ModuleFetchFailure.TooManyRedirects, nextShown, "stopped after 10 redirects", null);
            }

            Log.Redirected(_logger, currentShown, nextShown);
            current = next;
            currentShown = nextShown;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Uri url, string shown, KeyValuePair<string, string>[]? credentials, string? userInfoAuthorization, KeyValuePair<string, string>[]? extraHeaders, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url)
        {
            Version = _options.HttpVersion,
            VersionPolicy = _options.HttpVersionPolicy,

            // An empty body (sent as Content-Length: 0) stops SocketsHttpHandler from silently
            // re-sending a GET whose connection closed before any answer (up to three times).
            // The go command sends such a request once, and the GOPROXY walk must see that failure.
            Content = new ByteArrayContent([]),
        };
        if (_options.UserAgent is { Length: > 0 } ua)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", ua);
        }

        foreach (var (name, value) in extraHeaders ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (credentials is not null)
        {
            foreach (var (name, value) in credentials)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        else if (userInfoAuthorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", userInfoAuthorization);
        }

        using var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        headersTimeout.CancelAfter(_options.ResponseHeadersTimeout);
        try
        {
            return await _client().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex) when (headersTimeout.IsCancellationRequested)
        {
            var err = Transport(ModuleFetchFailure.Timeout, shown, "timeout awaiting response headers (" + _options.ResponseHeadersTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s)", ex);
            Log.RequestFailed(_logger, shown, err.Failure, err.Message);
            throw new RetryableException(err, null);
        }
        catch (HttpRequestException ex)
        {
            var err = MapTransport(ex, shown);
            Log.RequestFailed(_logger, shown, err.Failure, err.Message);
            if (IsTransient(err.Failure))
            {
                throw new RetryableException(err, null);
            }

            throw err;
        }
        catch (Exception ex) when (ex is not GoModuleException)
        {
            // Anything else the HTTP pipeline raises (a handler's own exception, a resilience pipeline's timeout or
            // open circuit, an I/O error) is a failure of this proxy, so the GOPROXY walk goes on as for any other.
            var err = Transport(ModuleFetchFailure.Transport, shown, ex.Message, ex);
            Log.RequestFailed(_logger, shown, err.Failure, err.Message);
            throw err;
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        if (ra?.Date is { } date)
        {
            var d = date - _time.GetUtcNow();
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }

        return null;
    }

    /// <summary>Whether two URLs name the same server: scheme, host and port.</summary>
    private static bool SameServer(Uri url, Uri origin) =>
        string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == origin.Port;

    private static async Task<GoModuleException> StatusErrorAsync(HttpResponseMessage response, string shown, TimeSpan bodyTimeout, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        // The reason phrase is the server's text: made safe for a terminal and a log before it enters the message.
        var status = code.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + ServerText.Sanitize(response.ReasonPhrase);
        var detail = string.Empty;
        if (ErrorDetail.Wanted(response.Content.Headers.ContentType))
        {
            // The explanation is optional: a body that does not arrive in time is left out (the error stands).
            using var bodyDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyDeadline.CancelAfter(bodyTimeout);
            try
            {
                var body = await ReadCappedAsync(response.Content, 64 * 1024, bodyDeadline.Token).ConfigureAwait(false);
                detail = ErrorDetail.Format(body);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The status line alone still describes the failure.
                detail = string.Empty;
            }
        }

        var message = ErrorDetail.Message(shown, status.TrimEnd(), detail);
        var serverResponse = detail.Length == 0 ? null : detail;
        return code is 404 or 410
            ? new ModuleNotFoundException(message, ModuleFetchFailure.HttpStatus, code, shown, serverResponse, null)
            : new ModuleFetchException(message, ModuleFetchFailure.HttpStatus, code, shown, serverResponse, null);
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[max];
            var total = 0;
            while (total < max)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    /// <summary>Copies a body into <paramref name="destination"/>, counting in <paramref name="written"/> (which may start past 0 when resuming).</summary>
    private async Task<long> CopyBodyAsync(HttpResponseMessage response, string shown, Stream destination, long maxBytes, IProgress<long>? progress, BodyCount written, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            readTimeout.CancelAfter(_options.BodyReadTimeout);
            var body = await response.Content.ReadAsStreamAsync(readTimeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                while (written.Value <= maxBytes)
                {
                    var want = (int)Math.Min(buffer.Length, maxBytes + 1 - written.Value);
                    int n;
                    try
                    {
                        n = await body.ReadAsync(buffer.AsMemory(0, want), readTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (OperationCanceledException ex)
                    {
                        throw new RetryableException(Read(ModuleFetchFailure.Timeout, shown, "timeout awaiting response body", ex), null);
                    }
                    catch (Exception ex) when (ex is not GoModuleException)
                    {
                        // Any failure while reading, including one raised by a handler's own content, is this proxy's.
                        throw MapBodyError(ex, shown);
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    if (!readTimeout.TryReset())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    readTimeout.CancelAfter(_options.BodyReadTimeout);
                    await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    written.Value += n;
                    progress?.Report(written.Value);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return written.Value;
    }

    private Exception MapBodyError(Exception ex, string shown)
    {
        ModuleFetchException err;
        if (ex is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
        {
            err = Read(ModuleFetchFailure.TruncatedBody, shown, "unexpected EOF", ex);
        }
        else if (FindSocketError(ex) is SocketError.ConnectionReset)
        {
            err = Read(ModuleFetchFailure.ConnectionReset, shown, "connection reset by peer", ex);
        }
        else
        {
            err = Read(ModuleFetchFailure.BodyReadFailed, shown, ex.Message, ex);
        }

        Log.RequestFailed(_logger, shown, err.Failure, err.Message);
        return IsTransient(err.Failure) || err.Failure == ModuleFetchFailure.TruncatedBody ? new RetryableException(err, null) : err;
    }

    private static ModuleFetchException MapTransport(HttpRequestException ex, string shown)
    {
        var socket = FindSocketError(ex);
        if (socket is SocketError.ConnectionRefused)
        {
            return Transport(ModuleFetchFailure.ConnectionRefused, shown, "dial tcp: connect: connection refused", ex);
        }

        if (socket is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return Transport(ModuleFetchFailure.ConnectionReset, shown, "read: connection reset by peer", ex);
        }

        if (socket is SocketError.TimedOut)
        {
            return Transport(ModuleFetchFailure.Timeout, shown, "dial tcp: i/o timeout", ex);
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => Transport(ModuleFetchFailure.NameResolution, shown, "dial tcp: lookup: no such host", ex),
            HttpRequestError.SecureConnectionError => Transport(ModuleFetchFailure.Tls, shown, "tls: " + (ex.InnerException is AuthenticationException or IOException ? ex.InnerException.Message : ex.Message), ex),
            HttpRequestError.ResponseEnded => Transport(ModuleFetchFailure.ConnectionClosed, shown, "EOF", ex),
            HttpRequestError.ConnectionError when ex.InnerException is OperationCanceledException or TimeoutException => Transport(ModuleFetchFailure.Timeout, shown, "dial tcp: i/o timeout", ex),
            _ => Transport(ModuleFetchFailure.Transport, shown, ex.Message, ex),
        };
    }

    private static SocketError? FindSocketError(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException se)
            {
                return se.SocketErrorCode;
            }
        }

        return null;
    }

    private static bool IsTransient(ModuleFetchFailure f) =>
        f is ModuleFetchFailure.ConnectionReset or ModuleFetchFailure.ConnectionClosed or ModuleFetchFailure.Timeout;

    // Go: url.Error{Op: "Get", URL, Err} prints as: Get "URL": err
    private static ModuleFetchException Transport(ModuleFetchFailure failure, string shown, string reason, Exception? inner) =>
        new("Get \"" + shown + "\": " + reason, failure, null, shown, null, inner);

    // Go: url.Error{Op: "read", URL, Err} prints as: read URL: err
    private static ModuleFetchException Read(ModuleFetchFailure failure, string shown, string reason, Exception? inner) =>
        new("read " + shown + ": " + reason, failure, 200, shown, null, inner);

    /// <summary>The number of body bytes written to the destination so far.</summary>
    private sealed class BodyCount
    {
        public long Value { get; set; }
    }

    /// <summary>Carries a failure that may be retried when retries are enabled.</summary>
    private sealed class RetryableException : Exception
    {
        public RetryableException(ModuleFetchException error, TimeSpan? retryAfter)
            : base(error.Message, error)
        {
            Error = error;
            RetryAfter = retryAfter;
        }

        public ModuleFetchException Error { get; }

        public TimeSpan? RetryAfter { get; }
    }
}
