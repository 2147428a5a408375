using System;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Direct;

/// <summary>Fetches go-get discovery pages (<c>https://path?go-get=1</c>); GoModules.Http provides the HttpClient implementation.</summary>
public interface IGoGetPageSource
{
    /// <summary>Fetches a page. Any status is returned; transport failures throw.</summary>
    /// <param name="url">The absolute <c>https</c> or <c>http</c> URL.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ModuleFetchException">The request could not be made or the response could not be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<GoGetPage> GetAsync(Uri url, CancellationToken cancellationToken = default);
}
