using System.Net.Http;

namespace GoModules.Http.Internal;

/// <summary>The typed client registered with IHttpClientFactory; resolved per request by the transports.</summary>
internal sealed class GoModuleProxyHttpClient
{
    public GoModuleProxyHttpClient(HttpClient client)
    {
        Client = client;
    }

    public HttpClient Client { get; }
}
