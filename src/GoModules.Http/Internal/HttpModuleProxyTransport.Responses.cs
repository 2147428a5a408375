using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Http.Internal;

/// <summary>Answers to bodies and failures to messages: status errors, capped and resumable bodies, transport errors.</summary>
internal sealed partial class HttpModuleProxyTransport
{
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
                        throw new RetryableException(Read(ModuleFetchFailure.Timeout, shown, SR.TimeoutAwaitingBody, ex), null);
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
            return Transport(ModuleFetchFailure.ConnectionReset, shown, SR.ConnectionReset, ex);
        }

        if (socket is SocketError.TimedOut)
        {
            return Transport(ModuleFetchFailure.Timeout, shown, SR.DialTimeout, ex);
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => Transport(ModuleFetchFailure.NameResolution, shown, SR.NoSuchHost, ex),
            HttpRequestError.SecureConnectionError => Transport(ModuleFetchFailure.Tls, shown, SR.Format(SR.Tls, ex.InnerException is AuthenticationException or IOException ? ex.InnerException.Message : ex.Message), ex),
            HttpRequestError.ResponseEnded => Transport(ModuleFetchFailure.ConnectionClosed, shown, SR.Eof, ex),
            HttpRequestError.ConnectionError when ex.InnerException is OperationCanceledException or TimeoutException => Transport(ModuleFetchFailure.Timeout, shown, SR.DialTimeout, ex),
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
        new(SR.Format(SR.GetFailed, shown, reason), failure, null, shown, null, inner);

    // Go: url.Error{Op: "read", URL, Err} prints as: read URL: err
    private static ModuleFetchException Read(ModuleFetchFailure failure, string shown, string reason, Exception? inner) =>
        new(SR.Format(SR.ReadFailed, shown, reason), failure, 200, shown, null, inner);
}
