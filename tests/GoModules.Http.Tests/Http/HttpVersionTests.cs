using System.Collections.Concurrent;
using System.Net;
using GoModules.Http.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Tests.Http;

/// <summary>The HTTP-version policy against a TLS server that offers HTTP/2 (Kestrel).</summary>
[TestFixture]
[NonParallelizable]
[CancelAfter(30_000)]
public sealed class HttpVersionTests
{
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    private static async Task<(WebApplication App, string Url, ConcurrentQueue<string> Protocols)> StartAsync()
    {
        var protocols = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(TestCertificate.Instance);
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            protocols.Enqueue(context.Request.Protocol);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"Version\":\"v1.0.0\"}");
        });
        await app.StartAsync();
        return (app, app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal), protocols);
    }

    [Test]
    public async Task HttpsUsesHttp2ByDefaultAsGoDoes(CancellationToken ct)
    {
        var (app, url, protocols) = await StartAsync();
        await using (app)
        {
            await using var host = new HttpTestHost();
            var info = await host.Fetcher(url).GetInfoAsync(V100, ct);
            Assert.That(info.Version, Is.EqualTo("v1.0.0"));
            Assert.That(protocols, Is.EqualTo(new[] { "HTTP/2" }));
            await app.StopAsync(ct);
        }
    }

    [Test]
    public async Task Http11CanBeForcedLikeGodebugHttp2ClientZero(CancellationToken ct)
    {
        var (app, url, protocols) = await StartAsync();
        await using (app)
        {
            await using var host = new HttpTestHost();
            var fetcher = host.Fetcher(url, o =>
            {
                o.HttpVersion = HttpVersion.Version11;
                o.HttpVersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionExact;
            });
            await fetcher.GetInfoAsync(V100, ct);
            Assert.That(protocols, Is.EqualTo(new[] { "HTTP/1.1" }));
            await app.StopAsync(ct);
        }
    }
}
