using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using GoModules.Http.Tests.Infrastructure;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// .netrc machines are matched against the GOPROXY URL as written, as the newest go command matches them (its
/// credential lookup walks <c>url.String()</c> without <c>https://</c>): an explicit default port and the host's case
/// are part of it. No loopback server listens on 443, so these requests stop at a handler that records them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class NetrcWrittenUrlTests
{
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    [TestCase("https://proxy.example", "proxy.example", true)]
    [TestCase("https://proxy.example:443", "proxy.example", false)]
    [TestCase("https://proxy.example:443", "proxy.example:443", true)]
    [TestCase("https://proxy.example", "proxy.example:443", false)]
    [TestCase("https://Proxy.Example", "proxy.example", false)]
    [TestCase("https://Proxy.Example", "Proxy.Example", true)]
    [TestCase("https://proxy.example/base", "proxy.example/base", true)]
    [TestCase("https://proxy.example/base", "proxy.example/other", false)]
    public async Task TheMachineIsMatchedAgainstTheUrlAsWritten(string goproxy, string machine, bool sent, CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        File.WriteAllText(Path.Combine(host.Home, ".netrc"), $"machine {machine} login alice password secret\n");
        var seen = new List<string>();
        var fetcher = host.Fetcher(goproxy, build: b => b.HttpClient.AddHttpMessageHandler(() => new AnsweringHandler(seen)));

        await fetcher.GetInfoAsync(V100, ct);

        var expected = sent ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")) : "-";
        Assert.That(seen, Is.EqualTo(new[] { expected }));
    }

    /// <summary>Answers every request with the .info file and records its Authorization header.</summary>
    private sealed class AnsweringHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.Headers.Authorization?.ToString() ?? "-");
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}
