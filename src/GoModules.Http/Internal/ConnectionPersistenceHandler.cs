using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Http.Internal;

/// <summary>
/// Keeps requests off connections that the server is about to close: servers that answer HTTP/1.0 without
/// <c>Connection: keep-alive</c> (Python's <c>http.server</c>, for one) close every connection after one answer,
/// as Go's transport expects of them, but SocketsHttpHandler returns such a connection to its pool anyway.
/// </summary>
/// <remarks>
/// <para>
/// The proxy transport turns off SocketsHttpHandler's silent re-send of a request whose pooled connection turns out to
/// be closed (it re-sends even on fresh connections, where Go reports the failure), so a request that rents a
/// connection the server has just closed would fail with EOF. This handler learns per server (scheme, host, port)
/// whether it keeps connections: the first request to a server goes alone through the pooled handler and the others
/// wait for its answer's headers; an HTTP/1.1 or later answer lets everything through
/// the pool from then on, while an HTTP/1.0 answer without keep-alive (to the first request or any later one) sends that
/// server's requests, for the rest of the handler's life, through a second handler whose connections are never reused.
/// </para>
/// <para>
/// It is the innermost handler of the pipeline (<see cref="ConnectionPersistenceFilter"/> places it after every handler
/// a user added through <see cref="IGoModulesBuilder.HttpClient"/>), so those handlers see every request, and the second
/// handler is configured exactly as the primary one (the user's <c>ConfigurePrimaryHttpMessageHandler</c> callbacks
/// included): only the pooling differs.
/// </para>
/// <para>
/// Both handlers carry the same <see cref="SocketsHttpHandler.MaxConnectionsPerServer"/>. A server that keeps
/// connections only ever sees the pooled handler; a server that closes them sees at most the first, already closed,
/// pooled connection plus the limit of the second handler, and each of those connections is closed after one answer.
/// </para>
/// </remarks>
internal sealed class ConnectionPersistenceHandler : DelegatingHandler
{
    private readonly HttpMessageInvoker _unpooled;
    private readonly ConcurrentDictionary<string, ServerState> _servers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="unpooled">The handler for servers that close their connections; its pooled-connection lifetime is set to zero and it is disposed with this handler.</param>
    public ConnectionPersistenceHandler(SocketsHttpHandler unpooled)
    {
        unpooled.PooledConnectionLifetime = TimeSpan.Zero;
        _unpooled = new HttpMessageInvoker(unpooled, disposeHandler: true);
    }

    /// <summary>What is known of one server's connections.</summary>
    private enum Persistence
    {
        Unknown,
        Persistent,
        Closing,
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var state = _servers.GetOrAdd(uri.Scheme + "://" + uri.Authority, static _ => new ServerState());
        switch (state.Persistence)
        {
            case Persistence.Persistent:
                return Observe(state, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
            case Persistence.Closing:
                return await _unpooled.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Unknown: one request at a time learns what the server does.
        await state.Probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        var released = false;
        try
        {
            switch (state.Persistence)
            {
                case Persistence.Persistent:
                    state.Probe.Release();
                    released = true;
                    return Observe(state, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));
                case Persistence.Closing:
                    state.Probe.Release();
                    released = true;
                    return await _unpooled.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            state.Persistence = ClosesConnection(response) ? Persistence.Closing : Persistence.Persistent;
            return response;
        }
        finally
        {
            if (!released)
            {
                state.Probe.Release();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _unpooled.Dispose();
            foreach (var state in _servers.Values)
            {
                state.Probe.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>A pooled answer that says the server closes: that server's later requests avoid the pool.</summary>
    private static HttpResponseMessage Observe(ServerState state, HttpResponseMessage response)
    {
        if (ClosesConnection(response))
        {
            state.Persistence = Persistence.Closing;
        }

        return response;
    }

    /// <summary>
    /// Whether the answer is HTTP/1.0 without keep-alive. An HTTP/1.1 <c>Connection: close</c> answer is not: SocketsHttpHandler
    /// itself does not pool that connection.
    /// </summary>
    private static bool ClosesConnection(HttpResponseMessage response)
    {
        if (response.Version != HttpVersion.Version10)
        {
            return false;
        }

        foreach (var token in response.Headers.Connection)
        {
            if (string.Equals(token, "keep-alive", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class ServerState
    {
        private int _persistence;

        public SemaphoreSlim Probe { get; } = new(1, 1);

        public Persistence Persistence
        {
            get => (Persistence)Volatile.Read(ref _persistence);
            set => Volatile.Write(ref _persistence, (int)value);
        }
    }
}
