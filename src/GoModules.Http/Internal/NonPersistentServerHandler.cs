using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Http.Internal;

/// <summary>
/// Sends requests to servers that answer HTTP/1.0 without <c>Connection: keep-alive</c> (such as Python's
/// <c>http.server</c>) over connections that are never reused, as Go's transport treats such answers.
/// </summary>
/// <remarks>
/// SocketsHttpHandler pools the connection of an HTTP/1.0 answer although the server closes it; it normally hides
/// the resulting failure by re-sending the request, but the proxy transport turns that re-send off (the go command
/// sends a request once), so the next request on the dead connection would fail with EOF. Once a server has answered
/// HTTP/1.0, its requests go through a second handler whose connections have a zero lifetime. Until a server has
/// shown that it keeps connections (an HTTP/1.1 or later answer without <c>Connection: close</c>), its requests take
/// that second handler too, so that requests racing the first answer never pick up a connection it left behind.
/// </remarks>
internal sealed class NonPersistentServerHandler : HttpMessageHandler
{
    private readonly HttpMessageInvoker _pooled;
    private readonly HttpMessageInvoker _unpooled;
    private readonly ConcurrentDictionary<string, byte> _nonPersistent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _persistent = new(StringComparer.OrdinalIgnoreCase);

    public NonPersistentServerHandler(SocketsHttpHandler pooled, SocketsHttpHandler unpooled)
    {
        unpooled.PooledConnectionLifetime = TimeSpan.Zero;
        _pooled = new HttpMessageInvoker(pooled, disposeHandler: true);
        _unpooled = new HttpMessageInvoker(unpooled, disposeHandler: true);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authority = request.RequestUri is { } uri ? uri.Scheme + "://" + uri.Authority : string.Empty;
        var invoker = _persistent.ContainsKey(authority) && !_nonPersistent.ContainsKey(authority) ? _pooled : _unpooled;
        var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Version == HttpVersion.Version10 && !KeepAlive(response))
        {
            _nonPersistent.TryAdd(authority, 0);
        }
        else if (response.Version >= HttpVersion.Version11 && response.Headers.ConnectionClose != true)
        {
            _persistent.TryAdd(authority, 0);
        }

        return response;
    }

    private static bool KeepAlive(HttpResponseMessage response)
    {
        foreach (var token in response.Headers.Connection)
        {
            if (string.Equals(token, "keep-alive", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pooled.Dispose();
            _unpooled.Dispose();
        }

        base.Dispose(disposing);
    }
}
