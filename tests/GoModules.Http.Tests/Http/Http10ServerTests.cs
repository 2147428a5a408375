using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// A server that answers HTTP/1.0 and closes every connection (Python's http.server, the neutral static server of
/// the download benchmark) must not make requests fail through the default <c>AddGoModules()</c> stack:
/// SocketsHttpHandler alone would hand out those closed connections again.
/// </summary>
[TestFixture]
public sealed class Http10ServerTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task ManyConcurrentRequestsToAnHttp10Server_AllSucceed()
    {
        var python = FindOnPath("python3");
        if (python is null)
        {
            Assert.Ignore("python3 is not on PATH");
        }

        var root = Directory.CreateTempSubdirectory("gomodules-http10-").FullName;
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var dir = Path.Combine(root, "example.com", "m" + i, "@v");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "list"), "v1.0.0\n");
            }

            var psi = new ProcessStartInfo(python, ["-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory", root])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var server = Process.Start(psi)!;
            try
            {
                var line = await server.StandardOutput.ReadLineAsync() ?? string.Empty;
                var port = System.Text.RegularExpressions.Regex.Match(line, @"port (\d+)").Groups[1].Value;
                Assert.That(port, Is.Not.Empty, line);

                // The library's default stack, as AddGoModules builds it.
                var services = new ServiceCollection();
                var seen = 0;
                services.AddGoModules(o => o.MaxConnectionsPerServer = 4).Configure(o => o.UseEnvironment = false).HttpClient.AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref seen)));
                await using var provider = services.BuildServiceProvider();
                var transport = provider.GetRequiredService<HttpModuleProxyTransportFactory>().Create("http://127.0.0.1:" + port);
                var failures = 0;
                string? firstFailure = null;
                await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                {
                    try
                    {
                        var data = await transport.ReadAsync($"example.com/m{i % 20}/@v/list", 1 << 20, ct);
                        Assert.That(data.Length, Is.EqualTo(7));
                    }
                    catch (ModuleFetchException ex)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, ex.ToString(), null);
                    }
                });
                Assert.That(failures, Is.Zero, firstFailure);
                Assert.That(Volatile.Read(ref seen), Is.EqualTo(200), "a handler the user added sees every request, also to a server that closes its connections");
            }
            finally
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A user's handler (logging, resilience) that counts what passes through it.</summary>
    private sealed class CountingHandler(Action count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return base.SendAsync(request, cancellationToken);
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
