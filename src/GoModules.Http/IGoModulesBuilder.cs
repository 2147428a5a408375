using Microsoft.Extensions.DependencyInjection;

namespace GoModules.Http;

/// <summary>
/// Returned by <see cref="GoModulesServiceCollectionExtensions.AddGoModules(IServiceCollection)"/>
/// to configure GoModules further, for example to add handlers (such as a resilience handler) to its HTTP client.
/// </summary>
public interface IGoModulesBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the builder of the HTTP client GoModules sends proxy requests with.</summary>
    IHttpClientBuilder HttpClient { get; }

    /// <summary>
    /// Gets the name of the setup this builder configures: <see cref="Microsoft.Extensions.Options.Options.DefaultName"/> (empty) for
    /// the default setup, whose services are registered without a key; otherwise the name given to
    /// <see cref="GoModulesServiceCollectionExtensions.AddGoModules(IServiceCollection, string, System.Action{GoModulesHttpOptions}?)"/>,
    /// which is both the options name and the service key of that setup's services.
    /// </summary>
    string Name { get; }
}
