using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching.Internal;

/// <summary>
/// Go's <c>CheckRetractions</c>: the retract directives of the go.mod of the module's latest version (the query
/// "latest" with retractions ignored), loaded once on first use. A failure to load them retracts nothing.
/// </summary>
internal sealed class RetractionFilter
{
    private bool _loaded;
    private IReadOnlyList<GoModules.ModFile.GoModRetract> _retract = [];

    public async ValueTask<bool> IsRetractedAsync(ProxyQueryContext context, string version, CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _loaded = true;
            try
            {
                var latest = await ProxyVersionQuery.QueryFromListAsync(context, VersionQuery.Parse(context.Path, "latest"), null, cancellationToken).ConfigureAwait(false);
                var data = await context.GetGoModAsync(latest.Version, cancellationToken).ConfigureAwait(false);
                if (GoModules.ModFile.GoModFile.TryParse("go.mod", data.Span, GoModules.ModFile.GoModParseMode.Lax, out var file, out _))
                {
                    _retract = file.Retract;
                }
            }
            catch (ChecksumMismatchException)
            {
                throw;
            }
            catch (GoModuleException)
            {
                // As in the go command, a version is only skipped when it is known to be retracted.
            }
        }

        var v = SemanticVersion.ParseOrDefault(version);
        foreach (var r in _retract)
        {
            if (SemanticVersion.ParseOrDefault(r.Low) <= v && v <= SemanticVersion.ParseOrDefault(r.High))
            {
                return true;
            }
        }

        return false;
    }
}
