using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Internal;

/// <summary>Sending one request: redirects, credentials and the GOAUTH retry.</summary>
internal sealed partial class HttpModuleProxyTransport
{
    /// <summary>
    /// Sends GET with manual redirects; returns a 200 response or throws. After an https 4xx answer, GOAUTH is
    /// consulted again for the URL asked for and the request sent once more, as the go command does (Go 1.24+).
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri uri, string shown, KeyValuePair<string, string>[]? extraHeaders, CancellationToken cancellationToken)
    {
        if (_insecureUserInfo)
        {
            throw new ModuleFetchException(SR.Format(SR.InsecureCredentials, shown), ModuleFetchFailure.InsecureCredentials, null, shown, null, null);
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
                throw Transport(ModuleFetchFailure.InvalidResponse, currentShown, SR.Format(SR.BadLocation, UrlRedaction.Redact(location.OriginalString)), null);
            }

            var nextShown = UrlRedaction.Redact(next.AbsoluteUri);
            if (secureOrigin && !string.Equals(next.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw Transport(ModuleFetchFailure.InsecureRedirect, nextShown, SR.Format(SR.InsecureRedirect, currentShown, nextShown), null);
            }

            if (!string.Equals(next.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(next.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                // Go's http.Client: Get "file:///…": unsupported protocol scheme "file". Never read as a local file.
                throw Transport(ModuleFetchFailure.Transport, nextShown, SR.Format(SR.UnsupportedScheme, next.Scheme), null);
            }

            if (hop >= MaxRedirects)
            {
                throw Transport(ModuleFetchFailure.TooManyRedirects, nextShown, SR.TooManyRedirects, null);
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
}
