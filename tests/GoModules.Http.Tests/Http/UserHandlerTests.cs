using GoModules.Http.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// Handlers a user adds through <see cref="IGoModulesBuilder.HttpClient"/> (issue 13, items 14 and 15): whatever they
/// throw is a <see cref="ModuleFetchException"/> of that proxy, so the GOPROXY walk goes on; and the User-Agent GoModules
/// sends (issue 14, item 3).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(30_000)]
public sealed class UserHandlerTests
{
    private const string Info = "{\"Version\":\"v1.0.0\",\"Time\":\"2023-01-01T00:00:00Z\"}";
    private static readonly ModuleVersion V100 = new(ModulePath.Parse("example.com/m"), "v1.0.0");

    /// <summary>What a resilience pipeline throws (Polly's TimeoutRejectedException, BrokenCircuitException): not an HTTP exception type.</summary>
    private sealed class PipelineRejectedException : Exception
    {
        public PipelineRejectedException(string message)
            : base(message)
        {
        }
    }

    private sealed class ThrowingHandler : DelegatingHandler
    {
        private readonly string _port;
        private readonly Func<Exception> _exception;

        public ThrowingHandler(string port, Func<Exception> exception)
        {
            _port = port;
            _exception = exception;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == _port
                ? throw _exception()
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>Answers with a body whose stream throws on the first read.</summary>
    private sealed class BrokenBodyHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Content = new StreamContent(new ThrowingStream());
            return response;
        }
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new PipelineRejectedException("body pipeline rejected");

        public override int Read(byte[] buffer, int offset, int count) => throw new PipelineRejectedException("body pipeline rejected");
    }

    private sealed class HangingHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    public static IEnumerable<TestCaseData> PipelineExceptions()
    {
        yield return new TestCaseData(new Func<Exception>(() => new PipelineRejectedException("The operation didn't complete within the allowed timeout of '00:00:10'."))).SetArgDisplayNames("timeout-rejected");
        yield return new TestCaseData(new Func<Exception>(() => new PipelineRejectedException("The circuit is now open and is not allowing calls."))).SetArgDisplayNames("broken-circuit");
        yield return new TestCaseData(new Func<Exception>(() => new HttpRequestException("handler said no"))).SetArgDisplayNames("http-request");
        yield return new TestCaseData(new Func<Exception>(() => new IOException("broken pipe"))).SetArgDisplayNames("io");
        yield return new TestCaseData(new Func<Exception>(() => new InvalidOperationException("handler bug"))).SetArgDisplayNames("handler-own");
        yield return new TestCaseData(new Func<Exception>(() => new TaskCanceledException("a handler's own timeout"))).SetArgDisplayNames("handler-timeout");
    }

    [TestCaseSource(nameof(PipelineExceptions))]
    public async Task AnExceptionInTheHttpPipelineIsAFetchFailureOfThatProxy(Func<Exception> exception)
    {
        var ct = TestContext.CurrentContext.CancellationToken;
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info, "application/json"));
        var c = host.Server("C", _ => ServerBehavior.Text(200, Info, "application/json"));
        var port = a.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        void Build(IGoModulesBuilder b) => b.HttpClient.AddHttpMessageHandler(() => new ThrowingHandler(port, exception));

        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () => await host.Fetcher(a.BaseUrl, build: Build).GetInfoAsync(V100, ct));
        Assert.That(Chain(ex!), Has.Some.TypeOf(exception().GetType()), "the original is kept as an inner exception");
        Assert.That(ex.Message, Does.Contain(a.BaseUrl + "/example.com/m/@v/v1.0.0.info"));

        var info = await host.Fetcher(a.BaseUrl + "|" + c.BaseUrl, build: Build).GetInfoAsync(V100, ct);
        Assert.That(info.Version, Is.EqualTo("v1.0.0"), "'|' goes on to the next proxy");
    }

    [Test]
    public async Task AnExceptionWhileReadingTheBodyIsAFetchFailureOfThatProxy(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info, "application/json"));
        var ex = Assert.ThrowsAsync<ModuleFetchException>(async () =>
            await host.Fetcher(a.BaseUrl, build: b => b.HttpClient.AddHttpMessageHandler(() => new BrokenBodyHandler())).GetInfoAsync(V100, ct));
        Assert.That(Chain(ex!), Has.Some.TypeOf<PipelineRejectedException>());
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Test]
    public async Task TheCallersCancellationStillPropagatesAsCancellation(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info, "application/json"));
        var fetcher = host.Fetcher(a.BaseUrl, build: b => b.HttpClient.AddHttpMessageHandler(() => new HangingHandler()));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMilliseconds(200));
        Assert.That(async () => await fetcher.GetInfoAsync(V100, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task AnHttp10ServerOverTlsIsReachedThroughTheUsersHandlersAndPrimaryHandlerSettings(CancellationToken ct)
    {
        // The server closes every connection after one HTTP/1.0 answer; its certificate is trusted only through the
        // callback HttpTestHost sets with ConfigurePrimaryHttpMessageHandler.
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info, "application/json"), tls: true, http10: true);
        var seen = 0;
        var fetcher = host.Fetcher(a.BaseUrl, o => o.MaxConnectionsPerServer = 2, build: b => b.HttpClient.AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref seen))));
        const int Requests = 24;
        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (_, token) =>
            Assert.That((await fetcher.GetInfoAsync(V100, token)).Version, Is.EqualTo("v1.0.0")));
        Assert.That(Volatile.Read(ref seen), Is.EqualTo(Requests), "the user's handler saw every request");
        Assert.That(host.Log.Snapshot(), Has.Count.EqualTo(Requests));
    }

    private sealed class CountingHandler(Action count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Test]
    public async Task TheDefaultUserAgentNamesGoModulesNotTheGoCommand(CancellationToken ct)
    {
        await using var host = new HttpTestHost();
        var a = host.Server("A", _ => ServerBehavior.Text(200, Info, "application/json"));
        await host.Fetcher(a.BaseUrl).GetInfoAsync(V100, ct);
        await host.Fetcher(a.BaseUrl, o => o.UserAgent = "acme-builder/2.0").GetInfoAsync(V100, ct);
        await host.Fetcher(a.BaseUrl, o => o.UserAgent = null).GetInfoAsync(V100, ct);

        var log = host.Log.Snapshot();
        Assert.That(log[0].Headers["User-Agent"], Does.Match(@"^GoModules/\d+\.\d+\.\d+\S* \(\+https://github\.com/gomodules-dotnet/gomodules\)$"));
        Assert.That(log[0].Headers["User-Agent"], Is.EqualTo(GoModulesHttpOptions.DefaultUserAgent));
        Assert.That(log[1].Headers["User-Agent"], Is.EqualTo("acme-builder/2.0"));
        Assert.That(log[2].Headers.ContainsKey("User-Agent"), Is.False);
    }

    [Test]
    public void GoGetRequestsOfDirectModeCarryTheSameUserAgent()
    {
        var services = new ServiceCollection();
        services.AddGoModules().Configure(o => o.UseEnvironment = false).UseDirectMode();
        using var provider = services.BuildServiceProvider();
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("GoModules.GoGet");
        Assert.That(client.DefaultRequestHeaders.UserAgent.ToString(), Is.EqualTo(GoModulesHttpOptions.DefaultUserAgent));
    }

    [Test]
    public void AUserAgentClaimingToBeTheGoCommandIsRejected()
    {
        var services = new ServiceCollection();
        services.AddGoModules(o => o.UserAgent = "GoCommand/1 (+https://go.dev/cmd/go)");
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.Message, Does.Contain("UserAgent"));
    }
}
