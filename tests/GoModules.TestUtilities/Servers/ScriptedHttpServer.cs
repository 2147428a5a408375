using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GoModules.TestUtilities.Servers;

/// <summary>
/// A small HTTP/1.1 server on a TcpListener for tests: answers by a routing function, keeps
/// connections alive, counts accepted TCP connections, and can misbehave on purpose (reset, close
/// without answering, hang, truncate the body, delay).
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, ServerBehavior> _route;
    private readonly Func<string, IReadOnlyDictionary<string, string>, ServerBehavior>? _routeWithHeaders;
    private readonly RequestLog _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, TcpClient> _clients = new();
    private readonly Task _acceptLoop;
    private int _connections;
    private int _active;
    private int _peakActive;

    private readonly X509Certificate2? _certificate;

    private readonly bool _http10;

    /// <summary>Starts listening; with <paramref name="http10"/> it answers HTTP/1.0 without keep-alive and closes every connection after one answer (as Python's http.server).</summary>
    public ScriptedHttpServer(string name, Func<string, ServerBehavior> route, RequestLog log, IPAddress? address = null, int port = 0, X509Certificate2? certificate = null, bool http10 = false)
        : this(name, route, null, log, address, port, certificate, http10)
    {
    }

    /// <summary>Starts listening; <paramref name="routeWithHeaders"/>, when given, answers by path and request headers.</summary>
    public ScriptedHttpServer(string name, Func<string, ServerBehavior> route, Func<string, IReadOnlyDictionary<string, string>, ServerBehavior>? routeWithHeaders, RequestLog log, IPAddress? address = null, int port = 0, X509Certificate2? certificate = null, bool http10 = false)
    {
        _routeWithHeaders = routeWithHeaders;
        Name = name;
        _http10 = http10;
        _certificate = certificate;
        _route = route;
        _log = log;
        _listener = new TcpListener(address ?? IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Host = ((IPEndPoint)_listener.LocalEndpoint).Address.ToString();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Name { get; }

    public string Host { get; }

    public int Port { get; }

    public string HostPort => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string BaseUrl => (_certificate is null ? "http://" : "https://") + HostPort;

    /// <summary>Gets how many TCP connections were accepted.</summary>
    public int AcceptedConnections => Volatile.Read(ref _connections);

    /// <summary>Gets the largest number of connections open at the same time.</summary>
    public int PeakConcurrentConnections => Volatile.Read(ref _peakActive);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var id = Interlocked.Increment(ref _connections);
            var active = Interlocked.Increment(ref _active);
            int peak;
            while (active > (peak = Volatile.Read(ref _peakActive)) && Interlocked.CompareExchange(ref _peakActive, active, peak) != peak)
            {
            }

            _clients[id] = client;
            _ = Task.Run(async () =>
            {
                try
                {
                    await ServeAsync(client, id);
                }
                catch (Exception)
                {
                    // Connection errors are part of the script.
                }
                finally
                {
                    Interlocked.Decrement(ref _active);
                    _clients.TryRemove(id, out _);
                    client.Dispose();
                }
            });
        }
    }

    private async Task ServeAsync(TcpClient client, int connectionId)
    {
        client.NoDelay = true;
        Stream stream = client.GetStream();
        if (_certificate is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            stream = ssl;
        }

        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (!_stop.IsCancellationRequested)
        {
            // Read one request head.
            int headEnd;
            if (filled == 0)
            {
                var first = await stream.ReadAsync(buffer.AsMemory(0, buffer.Length), _stop.Token);
                if (first == 0)
                {
                    return;
                }

                filled = first;
                if (buffer[0] == 0x16 && _certificate is null)
                {
                    // A TLS handshake on a plain-HTTP port: answer like a plain HTTP server and close.
                    await WriteAsync(stream, "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
                    return;
                }
            }

            while ((headEnd = IndexOfHeadEnd(buffer.AsSpan(0, filled))) < 0)
            {
                if (filled == buffer.Length)
                {
                    return;
                }

                var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                if (n == 0)
                {
                    return;
                }

                filled += n;
            }

            var head = Encoding.Latin1.GetString(buffer, 0, headEnd);
            var consumed = headEnd + 4;
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;

            var lines = head.Split("\r\n");
            var parts = lines[0].Split(' ');
            if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                // Not HTTP (for example a TLS handshake): answer like a plain HTTP server and close.
                await WriteAsync(stream, "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
                return;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            var raw = parts[1];
            var q = raw.IndexOf('?', StringComparison.Ordinal);
            var rawPath = q < 0 ? raw : raw[..q];
            var decodedPath = Uri.UnescapeDataString(rawPath);
            var shown = q < 0 ? decodedPath : decodedPath + raw[q..];
            _log.Add(new RecordedRequest(Name, shown, raw, headers, connectionId));

            var behavior = _routeWithHeaders is null ? _route(decodedPath) : _routeWithHeaders(decodedPath, headers);
            if (behavior.DelaySeconds > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(behavior.DelaySeconds), _stop.Token);
            }

            switch (behavior.Action)
            {
                case "reset":
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    return;
                case "close":
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                case "hang":
                    await Task.Delay(TimeSpan.FromSeconds(behavior.HangSeconds), _stop.Token);
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                case "stall":
                    // Headers and part of the body, then silence (a body that stops arriving).
                    await WriteResponseAsync(stream, behavior, behavior.DeclaredLength);
                    await Task.Delay(TimeSpan.FromSeconds(behavior.HangSeconds), _stop.Token);
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
                case "truncate":
                    await WriteResponseAsync(stream, behavior, behavior.DeclaredLength);
                    client.Client.Shutdown(SocketShutdown.Both);
                    return;
            }

            await WriteResponseAsync(stream, behavior, behavior.Body.Length, _http10);
            if (_http10 || (headers.TryGetValue("Connection", out var conn) && conn.Equals("close", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }
        }
    }

    private static async Task WriteResponseAsync(Stream stream, ServerBehavior b, long contentLength, bool http10 = false)
    {
        var sb = new StringBuilder();
        sb.Append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ").Append(b.Status).Append(' ').Append(Reason(b.Status)).Append("\r\n");
        var contentType = b.ContentType ?? (b.Status >= 400 ? "text/plain; charset=utf-8" : "application/octet-stream");
        sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        sb.Append("Content-Length: ").Append(contentLength).Append("\r\n");
        if (b.Location is not null)
        {
            sb.Append("Location: ").Append(b.Location).Append("\r\n");
        }

        if (b.Headers is not null)
        {
            foreach (var (k, v) in b.Headers)
            {
                sb.Append(k).Append(": ").Append(v).Append("\r\n");
            }
        }

        sb.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(sb.ToString());
        var all = new byte[head.Length + b.Body.Length];
        head.CopyTo(all, 0);
        b.Body.CopyTo(all, head.Length);
        await WriteAsync(stream, all);
    }

    private static async Task WriteAsync(Stream stream, byte[] data)
    {
        await stream.WriteAsync(data);
        await stream.FlushAsync();
    }

    private static int IndexOfHeadEnd(ReadOnlySpan<byte> data) => data.IndexOf("\r\n\r\n"u8);

    public static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        410 => "Gone",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => string.Empty,
    };

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var c in _clients.Values)
        {
            c.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }

        _stop.Dispose();
    }
}
