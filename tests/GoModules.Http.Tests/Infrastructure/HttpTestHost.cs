using GoModules.Fetching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoModules.Http.Tests.Infrastructure;

/// <summary>Servers plus a fetcher built through AddGoModules, for HTTP transport tests.</summary>
public sealed class HttpTestHost : IAsyncDisposable
{
    private readonly List<ScriptedHttpServer> _servers = new();
    private readonly List<ServiceProvider> _providers = new();

    public HttpTestHost()
    {
        Root = Path.Combine(TestContext.CurrentContext.WorkDirectory, "http-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
    }

    public string Root { get; }

    public string Home => Path.Combine(Root, "home");

    public RequestLog Log { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public ScriptedHttpServer Server(string name, Func<string, ServerBehavior> route, bool tls = false, System.Net.IPAddress? address = null, bool http10 = false)
    {
        var s = new ScriptedHttpServer(name, route, Log, address, certificate: tls ? TestCertificate.Instance : null, http10: http10);
        _servers.Add(s);
        return s;
    }

    /// <summary>A server that answers by path and request headers (Range, If-Range, …).</summary>
    public ScriptedHttpServer Server(string name, Func<string, IReadOnlyDictionary<string, string>, ServerBehavior> route, bool tls = false, System.Net.IPAddress? address = null)
    {
        var s = new ScriptedHttpServer(name, path => route(path, new Dictionary<string, string>()), route, Log, address, certificate: tls ? TestCertificate.Instance : null);
        _servers.Add(s);
        return s;
    }

    public IModuleFetcher Fetcher(string goproxy, Action<GoModulesHttpOptions>? configure = null, IReadOnlyDictionary<string, string?>? env = null, Action<IGoModulesBuilder>? build = null)
    {
        // The checksum database is consulted by default, as by the go command; the fake modules here are in none, so
        // it is off unless a test says otherwise (as a user of a private proxy would set GOSUMDB=off or GONOSUMDB).
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal) { ["GOPROXY"] = goproxy, ["HOME"] = Home, ["GOSUMDB"] = "off" };
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                vars[k] = v;
            }
        }

        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new CapturingLoggerFactory(Logs));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var builder = services.AddGoModules(o =>
        {
            o.ConnectTimeout = TimeSpan.FromSeconds(5);
            o.ResponseHeadersTimeout = TimeSpan.FromSeconds(5);
            o.BodyReadTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        }).Configure(o => o.UseEnvironment = false).UseGoEnvironment(GoEnvironment.FromVariables(vars));
        builder.HttpClient.ConfigurePrimaryHttpMessageHandler((handler, _) =>
            ((SocketsHttpHandler)handler).SslOptions.RemoteCertificateValidationCallback =
                (_, cert, _, _) => cert is not null && cert.GetCertHashString() == TestCertificate.Instance.GetCertHashString());
        build?.Invoke(builder);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<IModuleFetcher>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers)
        {
            await p.DisposeAsync();
        }

        foreach (var s in _servers)
        {
            await s.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
        }
    }
}
