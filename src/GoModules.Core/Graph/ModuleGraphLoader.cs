using System;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;

namespace GoModules.Graph;

/// <summary>
/// Loads module graphs through one <see cref="ModuleCache"/>: the service an embedder resolves to call
/// <see cref="ModuleGraph.LoadAsync(string, ModuleCache, CancellationToken)"/> without wiring the cache itself
/// (GoModules.Http's <c>AddGoModules</c> registers one per setup).
/// </summary>
public sealed class ModuleGraphLoader
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="cache">The module cache through which dependencies' go.mod files are read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> is <see langword="null"/>.</exception>
    public ModuleGraphLoader(ModuleCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        Cache = cache;
    }

    /// <summary>Gets the module cache the graphs are loaded through.</summary>
    public ModuleCache Cache { get; }

    /// <summary>Loads the graph of the main module in <paramref name="moduleDirectory"/>; see <see cref="ModuleGraph.LoadAsync(string, ModuleCache, CancellationToken)"/>.</summary>
    /// <param name="moduleDirectory">The main module's directory.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The loaded graph.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="moduleDirectory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModFile.GoModParseException">The main module's go.mod is invalid.</exception>
    /// <exception cref="System.IO.IOException">The main module's go.mod cannot be read.</exception>
    /// <exception cref="GoModuleException">A dependency's go.mod cannot be fetched, verified or parsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<ModuleGraph> LoadAsync(string moduleDirectory, CancellationToken cancellationToken = default) =>
        ModuleGraph.LoadAsync(moduleDirectory, Cache, cancellationToken);
}
