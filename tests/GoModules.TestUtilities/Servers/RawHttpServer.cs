using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GoModules.TestUtilities.Servers;

/// <summary>
/// A loopback HTTP/1.1 server whose answers are written by hand, byte by byte if need be: it reads one request
/// head per connection, hands the connection to the script and closes it afterwards. It counts the body bytes
/// the scripts managed to send, so tests can show that a client stopped reading. Scripts are bounded by the
/// server's stop token (disposal) and by their own byte limits.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Exchange, Task> _script;
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private long _bytesSent;
    private int _requests;

    public RawHttpServer(Func<Exchange, Task> script, IPAddress? address = null)
    {
        _script = script;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public string BaseUrl => "http://127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets the number of bytes the scripts wrote (after the head they wrote with <see cref="Exchange.WriteHeadAsync"/>).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Gets a task that completes when a script's write failed because the client went away.</summary>
    public TaskCompletionSource ClientLeft { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AcceptLoopAsync()
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

            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                var head = new List<byte>();
                var one = new byte[1];
                while (head.Count < 65536)
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0)
                    {
                        return;
                    }

                    head.Add(one[0]);
                    if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
                    {
                        break;
                    }
                }

                Interlocked.Increment(ref _requests);
                var requestLine = Encoding.Latin1.GetString(head.ToArray()).Split("\r\n")[0];
                await _script(new Exchange(this, stream, requestLine, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                if (ex is IOException or SocketException)
                {
                    ClientLeft.TrySetResult();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] pending;
        lock (_connections)
        {
            pending = [.. _connections];
        }

        try
        {
            await Task.WhenAll(pending.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    /// <summary>One request: its request line and the connection to answer on.</summary>
    public sealed class Exchange(RawHttpServer server, NetworkStream stream, string requestLine, CancellationToken stopping)
    {
        public string RequestLine { get; } = requestLine;

        /// <summary>Gets the request target (path and query, or an absolute URL when asked as a proxy).</summary>
        public string Target => RequestLine.Split(' ').ElementAtOrDefault(1) ?? "/";

        public string Method => RequestLine.Split(' ')[0];

        public CancellationToken Stopping { get; } = stopping;

        /// <summary>Writes the status line and headers (not counted in <see cref="BytesSent"/>).</summary>
        public async Task WriteHeadAsync(string statusLine, params string[] headers)
        {
            var sb = new StringBuilder(statusLine).Append("\r\n");
            foreach (var h in headers)
            {
                sb.Append(h).Append("\r\n");
            }

            sb.Append("\r\n");
            await stream.WriteAsync(Encoding.Latin1.GetBytes(sb.ToString()), Stopping);
            await stream.FlushAsync(Stopping);
        }

        /// <summary>Writes body bytes and counts them.</summary>
        public async Task WriteAsync(ReadOnlyMemory<byte> data)
        {
            await stream.WriteAsync(data, Stopping);
            await stream.FlushAsync(Stopping);
            Interlocked.Add(ref server._bytesSent, data.Length);
        }

        public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

        /// <summary>Waits until the server stops (a body that never arrives), at most <paramref name="limit"/>.</summary>
        public async Task StallAsync(TimeSpan limit)
        {
            try
            {
                await Task.Delay(limit, Stopping);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
