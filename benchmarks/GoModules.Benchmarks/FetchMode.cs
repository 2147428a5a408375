using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GoModules.Fetching;
using GoModules.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Benchmarks;

/// <summary>
/// The fetching benchmark of issue 5: the <c>.info</c> and <c>.mod</c> of N modules from a loopback
/// GOPROXY with C concurrent callers, through <c>AddGoModules()</c> (the same stack an application
/// gets). Prints requests per second and the TCP connections the server accepted, against the
/// configured maximum per server.
/// <c>fetch [--modules 300] [--callers 32] [--max-connections 4,16] [--rounds 5]</c>.
/// </summary>
public static class FetchMode
{
    public static int Run(string[] args)
    {
        var modules = int.Parse(Option(args, "--modules") ?? "300", CultureInfo.InvariantCulture);
        var callers = int.Parse(Option(args, "--callers") ?? "32", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var limits = (Option(args, "--max-connections") ?? "4,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"fetch: {modules} modules x (.info + .mod) = {2 * modules} requests, {callers} concurrent callers, {rounds} rounds after 1 warm-up, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| max connections/server | median req/s | min req/s | max req/s | TCP connections accepted (per round) | peak open connections |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var limit in limits)
        {
            RunOne(modules, callers, rounds, limit).GetAwaiter().GetResult();
        }

        return 0;
    }

    private static async Task RunOne(int modules, int callers, int rounds, int maxConnections)
    {
        var rates = new List<double>();
        var accepted = new List<int>();
        var peaks = new List<int>();
        for (var round = -1; round < rounds; round++)
        {
            await using var server = new LoopbackProxy();
            var services = new ServiceCollection();
            services.AddGoModules(o => o.MaxConnectionsPerServer = maxConnections).Configure(o =>
            {
                o.UseEnvironment = false;
                o.GoProxy = server.BaseUrl;
                o.GoSumDb = "off"; // the proxy protocol alone, as download.sh measures it (the database is on by default)
            });
            await using var provider = services.BuildServiceProvider();
            var fetcher = provider.GetRequiredService<IModuleFetcher>();
            var work = Enumerable.Range(0, modules).Select(i => new ModuleVersion(ModulePath.Parse($"example.com/bench/m{i:D3}"), "v1.0.0")).ToArray();
            var next = -1;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < work.Length)
                {
                    var info = await fetcher.GetInfoAsync(work[i]);
                    var mod = await fetcher.GetGoModAsync(work[i]);
                    if (info.Version != "v1.0.0" || mod.Length == 0)
                    {
                        throw new InvalidOperationException("bad answer");
                    }
                }
            }));
            watch.Stop();
            if (round < 0)
            {
                continue; // warm-up: JIT and first connections
            }

            rates.Add(2.0 * modules / watch.Elapsed.TotalSeconds);
            accepted.Add(server.AcceptedConnections);
            peaks.Add(server.PeakOpenConnections);
            if (server.Requests != 2 * modules)
            {
                throw new InvalidOperationException($"server saw {server.Requests} requests");
            }
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {maxConnections} | {rates[rates.Count / 2]:F0} | {rates[0]:F0} | {rates[^1]:F0} | {string.Join(", ", accepted)} | {peaks.Max()} |"));
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A minimal keep-alive HTTP/1.1 GOPROXY answering every module's v1.0.0 .info and .mod.</summary>
    private sealed class LoopbackProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _accepted;
        private int _open;
        private int _peak;
        private int _requests;

        public LoopbackProxy()
        {
            _listener.Start(1024);
            BaseUrl = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
            _loop = Task.Run(AcceptAsync);
        }

        public string BaseUrl { get; }

        public int AcceptedConnections => Volatile.Read(ref _accepted);

        public int PeakOpenConnections => Volatile.Read(ref _peak);

        public int Requests => Volatile.Read(ref _requests);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                Interlocked.Increment(ref _accepted);
                var open = Interlocked.Increment(ref _open);
                int peak;
                while (open > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, open, peak) != peak)
                {
                }

                _ = Task.Run(() => ServeAsync(socket));
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            socket.NoDelay = true;
            var buffer = new byte[8192];
            var filled = 0;
            try
            {
                while (true)
                {
                    int end;
                    while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                        if (n == 0)
                        {
                            return;
                        }

                        filled += n;
                    }

                    var head = Encoding.ASCII.GetString(buffer, 0, end);
                    var path = head.Split(' ', 3)[1];
                    Buffer.BlockCopy(buffer, end + 4, buffer, 0, filled - end - 4);
                    filled -= end + 4;
                    Interlocked.Increment(ref _requests);
                    var body = path.EndsWith(".info", StringComparison.Ordinal)
                        ? "{\"Version\":\"v1.0.0\",\"Time\":\"2024-01-01T00:00:00Z\"}"
                        : "module " + path[1..path.IndexOf("/@v/", StringComparison.Ordinal)] + "\n\ngo 1.21\n";
                    var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n{body}");
                    await socket.SendAsync(response, _stop.Token);
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (SocketException)
            {
            }
            finally
            {
                Interlocked.Decrement(ref _open);
                socket.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception)
            {
            }

            _stop.Dispose();
        }
    }
}
