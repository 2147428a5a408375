using GoModules.Fetching;
using GoModules.Hashing;

namespace GoModules.Graph;

/// <summary>What <see cref="ModuleLister"/> adds to each module, as the flags of <c>go list -m</c> do.</summary>
public sealed class ModuleListOptions
{
    /// <summary>Gets or sets a value indicating whether available updates, retractions and deprecations are reported (<c>-u</c>).</summary>
    public bool Updates { get; set; }

    /// <summary>Gets or sets a value indicating whether retractions are reported (<c>-retracted</c>; implied by <see cref="Updates"/>).</summary>
    public bool Retracted { get; set; }

    /// <summary>
    /// Gets or sets the fetcher that lists versions for updates, retractions and deprecations. Its version lists must
    /// include retracted versions (for a <see cref="ProxyChainFetcher"/>, set <see cref="ProxyChainFetcher.IncludeRetracted"/>).
    /// Required when <see cref="Updates"/> or <see cref="Retracted"/> is set.
    /// </summary>
    public IModuleFetcher? Fetcher { get; set; }

    /// <summary>Gets or sets the main module's go.sum as read before the command, whose hashes are reported as <c>Sum</c> and <c>GoModSum</c>.</summary>
    public GoSumFile? GoSum { get; set; }
}
