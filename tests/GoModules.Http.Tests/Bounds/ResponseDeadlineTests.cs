using GoModules.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Tests.Bounds;

/// <summary>
/// Security (#13.10): every answer has a deadline. An error answer whose explanation never arrives used to hang
/// the caller forever (the body timeout was not applied on the error path), and a server that drips a byte just
/// often enough to dodge the per-read timeout could hold a download open indefinitely.
/// </summary>
[TestFixture]
public sealed class ResponseDeadlineTests
{
    internal static GoModulesHttpOptions SmallTimeouts() => new()
    {
        ResponseHeadersTimeout = TimeSpan.FromSeconds(5),
        BodyReadTimeout = TimeSpan.FromMilliseconds(700),
        RequestTimeout = TimeSpan.FromSeconds(3),
    };

    internal static IModuleProxyTransport Transport(RawHttpServer server, GoModulesHttpOptions options, HttpClient client)
        => new HttpModuleProxyTransportFactory(() => client, options, GoEnvironment.FromVariables(new Dictionary<string, string?>())).Create(server.BaseUrl);

    [Test]
    [CancelAfter(60_000)]
    public async Task AnErrorAnswerWhoseBodyNeverArrivesStillFailsWithItsStatus(CancellationToken cancellationToken)
    {
        await using var server = new RawHttpServer(RawHttpScripts.ErrorWithoutBody);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        var transport = Transport(server, SmallTimeouts(), client);

        // Before the fix this waited for the body for as long as the caller's token allowed.
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await transport.ReadAsync("example.com/m/@v/list", 1 << 20, cancellationToken));
        Assert.That(ex!.Message, Is.EqualTo("reading " + server.BaseUrl + "/example.com/m/@v/list: 503 Service Unavailable"));
        Assert.That(ex.StatusCode, Is.EqualTo(503));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ADripFeedingServerHitsTheRequestDeadline(CancellationToken cancellationToken)
    {
        await using var server = new RawHttpServer(RawHttpScripts.Drip);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        var transport = Transport(server, SmallTimeouts(), client);

        // Each byte comes well within BodyReadTimeout, so only the overall deadline can end this.
        var read = Assert.ThrowsAsync<ModuleFetchException>(async () => await transport.ReadAsync("example.com/m/@v/v1.0.0.mod", 16 << 20, cancellationToken));
        Assert.That(read!.Failure, Is.EqualTo(ModuleFetchFailure.Timeout));
        Assert.That(read.Message, Is.EqualTo("Get \"" + server.BaseUrl + "/example.com/m/@v/v1.0.0.mod\": request deadline exceeded (3 s)"));

        using var destination = new MemoryStream();
        var copy = Assert.ThrowsAsync<ModuleFetchException>(async () => await transport.CopyToAsync("example.com/m/@v/v1.0.0.zip", destination, 16 << 20, null, cancellationToken));
        Assert.That(copy!.Failure, Is.EqualTo(ModuleFetchFailure.Timeout));
        Assert.That(destination.Length, Is.LessThan(1 << 20), "the server still had most of its body");
    }

    [Test]
    public async Task CallerCancellationIsNotReportedAsTheDeadline()
    {
        await using var server = new RawHttpServer(RawHttpScripts.Drip);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        var options = SmallTimeouts();
        options.RequestTimeout = TimeSpan.FromMinutes(5);
        var transport = Transport(server, options, client);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        Assert.CatchAsync<OperationCanceledException>(async () => await transport.ReadAsync("example.com/m/@v/list", 1 << 20, cancel.Token));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void TheRequestDeadlineIsValidated(int seconds)
    {
        var services = new ServiceCollection();
        services.AddGoModules(o => o.RequestTimeout = TimeSpan.FromSeconds(seconds)).Configure(o => o.UseEnvironment = false);
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<GoModulesHttpOptions>>().Value);
        Assert.That(ex!.Message, Does.Contain("RequestTimeout"));
    }

    [Test]
    public void TheRequestDeadlineIsFiniteByDefault()
    {
        Assert.That(new GoModulesHttpOptions().RequestTimeout, Is.EqualTo(TimeSpan.FromMinutes(30)));
    }
}
