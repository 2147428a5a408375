using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
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
/// <remarks>
/// This file holds the reads, their deadlines and retries; <c>HttpModuleProxyTransport.Send.cs</c> sends one request
/// (redirects, credentials, GOAUTH retry) and <c>HttpModuleProxyTransport.Responses.cs</c> turns answers into bodies
/// and failures into the go command's messages.
/// </remarks>
internal sealed partial class HttpModuleProxyTransport : IModuleProxyTransport
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
                        var reason = start < 0 ? SR.CannotStartOver : SR.NoRestartRemains;
                        throw Read(retry.Error.Failure, shown, SR.Format(SR.ChangedWhileResumed, reason), retry.Error);
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
