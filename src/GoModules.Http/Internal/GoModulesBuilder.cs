using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Internal;

internal sealed class GoModulesBuilder : IGoModulesBuilder
{
    public GoModulesBuilder(IServiceCollection services, IHttpClientBuilder httpClient)
    {
        Services = services;
        HttpClient = httpClient;
    }

    public IServiceCollection Services { get; }

    public IHttpClientBuilder HttpClient { get; }
}
