using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http.Internal;

internal sealed class GoModulesBuilder : IGoModulesBuilder
{
    public GoModulesBuilder(IServiceCollection services, IHttpClientBuilder httpClient, string name)
    {
        Services = services;
        HttpClient = httpClient;
        Name = name;
    }

    public IServiceCollection Services { get; }

    public IHttpClientBuilder HttpClient { get; }

    public string Name { get; }
}
