using System;
using System.Collections.Concurrent;
using System.Net.Http;
using GoModules.Fetching;
using GoModules.Http.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoModules.Http;

/// <summary>
/// Creates the transports of GOPROXY URL entries: <c>https://</c> and <c>http://</c> over HTTP with
/// the go command's rules, <c>file://</c> from the local file system.
/// </summary>
/// <remarks>
/// HTTP rules: 200 is success; 404 and 410 are <see cref="ModuleNotFoundException"/>; any other status
/// is a <see cref="ModuleFetchException"/> whose message carries the status line and, for a
/// <c>text/plain</c> answer, the first lines of the body (<c>server response:</c>). At most 10 redirects
/// are followed and never from https to http. Credentials from the URL, .netrc and GOAUTH are sent
/// over https only, never to another host, and never logged; a plain-http URL with user information is
/// refused. Normally created by <see cref="GoModulesServiceCollectionExtensions.AddGoModules(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>.
/// </remarks>
public sealed class HttpModuleProxyTransportFactory : IModuleProxyTransportFactory
{
    private readonly Func<HttpClient> _client;
    private readonly GoModulesHttpOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lazy<HttpCredentials> _credentials;
    private readonly ConcurrentDictionary<string, IModuleProxyTransport> _transports = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">Returns the <see cref="HttpClient"/> to send a request with; called per request, so it may come from <c>IHttpClientFactory</c>. Its handler must not follow redirects.</param>
    /// <param name="options">The settings; its timeouts and retries apply to every request.</param>
    /// <param name="environment">The Go settings that supply NETRC, GOAUTH and the home directory, or <see langword="null"/> for the process environment.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retry delays, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public HttpModuleProxyTransportFactory(Func<HttpClient> client, GoModulesHttpOptions options, GoEnvironment? environment = null, ILogger<HttpModuleProxyTransportFactory>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _credentials = new Lazy<HttpCredentials>(() =>
        {
            var env = environment ?? GoEnvironment.FromProcess();
            var goAuth = GoSettings.GoAuth(env);
            var netrc = GoSettings.NetrcPath(env);
            return new HttpCredentials(goAuth, netrc, _logger);
        });
    }

    /// <inheritdoc/>
    public IModuleProxyTransport Create(string proxyUrl)
    {
        ArgumentNullException.ThrowIfNull(proxyUrl);
        return _transports.GetOrAdd(proxyUrl, url =>
        {
            if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new FileModuleProxyTransport(url);
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new NotSupportedException(SR.Format(SR.InvalidProxyScheme, UrlRedaction.Redact(url)));
            }

            return new HttpModuleProxyTransport(uri, _client, _options, _credentials.Value, _logger, _time);
        });
    }
}
