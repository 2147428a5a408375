using System;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Direct;

/// <summary>Finds the repository behind a module path (known hosting patterns, then go-get discovery).</summary>
public interface IRepositoryRootResolver
{
    /// <summary>Resolves the repository that holds a module path.</summary>
    /// <param name="path">The module path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The repository root.</returns>
    /// <exception cref="ModuleNotFoundException">No repository could be found for the path: discovery failed, or policy
    /// (GOVCS, GOINSECURE) forbids the repository. The go command treats all of these as "does not exist".</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<RepositoryRoot> ResolveAsync(ModulePath path, CancellationToken cancellationToken = default);
}
