using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GoModules.TestUtilities.Servers;

/// <summary>
/// A loopback HTTP server that answers go-get discovery requests for a fake host, both as an origin
/// (<c>GET /path?go-get=1</c>) and as an HTTP proxy (<c>GET http://host/path?go-get=1</c>); it refuses
/// <c>CONNECT</c> so https attempts fail fast and GOINSECURE falls back to http.
/// </summary>
public sealed class GoGetMetaServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, string?> _metaFor;
    private readonly Task _loop;

    public GoGetMetaServer(Func<string, string?> metaFor)
    {
        _metaFor = metaFor;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public int Requests => _requests;

    private int _requests;

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
                var requestLine = await reader.ReadLineAsync();
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                {
                }

                if (requestLine is null)
                {
                    return;
                }

                Interlocked.Increment(ref _requests);
                var parts = requestLine.Split(' ');
                string response;
                if (parts[0] == "CONNECT")
                {
                    response = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                }
                else
                {
                    var target = parts.Length > 1 ? parts[1] : "/";
                    if (target.StartsWith("http://", StringComparison.Ordinal))
                    {
                        target = target["http://".Length..];
                    }
                    else
                    {
                        target = "host" + target;
                    }

                    var q = target.IndexOf('?', StringComparison.Ordinal);
                    var path = q < 0 ? target : target[..q];
                    var body = _metaFor(path);
                    response = body is null
                        ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + Encoding.UTF8.GetByteCount(body) + "\r\nConnection: close\r\n\r\n" + body;
                }

                var bytes = Encoding.UTF8.GetBytes(response);
                await stream.WriteAsync(bytes);
                await stream.FlushAsync();
            }
            catch (IOException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
