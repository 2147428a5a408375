using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GoModules.TestUtilities.Servers;

/// <summary>A small HTTP server on 127.0.0.1 (never another address) answering through a delegate, logging request paths.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<string, (int Status, byte[] Body)> _handler;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpServer(Func<string, (int Status, byte[] Body)> handler)
    {
        _handler = handler;
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Port = port;
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                // Another process took the port between the probe and the bind; closing may fail the same way.
                try
                {
                    listener.Abort();
                }
                catch (HttpListenerException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        try
        {
            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            Requests.Enqueue(path);
            var (status, body) = _handler(path);
            context.Response.StatusCode = status;
            context.Response.ContentType = status == 200 ? "application/octet-stream" : "text/plain; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
        }
        catch (Exception)
        {
            try
            {
                context.Response.Abort();
            }
            catch (Exception)
            {
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            // Close alone: after Stop, the managed listener's Close binds the port again to remove its prefixes, which
            // fails if another test took the port meanwhile.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Already released.
        }

        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // Stopping.
        }

        _stop.Dispose();
    }
}
