using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http;

/// <summary>
/// Returned by <see cref="GoModulesServiceCollectionExtensions.AddGoModules(IServiceCollection, System.Action{GoModulesHttpOptions}?)"/>
/// to configure GoModules further, for example to add handlers (such as a resilience handler) to its HTTP client.
/// </summary>
public interface IGoModulesBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the builder of the HTTP client GoModules sends proxy requests with.</summary>
    IHttpClientBuilder HttpClient { get; }
}
