namespace GoModules.Fetching;

/// <summary>The kinds of entries of a parsed GOPROXY list (<see cref="ProxyChainEntry.Kind"/>).</summary>
/// <remarks>The value 0 is not a kind: it only appears in <c>default(ProxyChainEntry)</c>.</remarks>
public enum ProxyChainEntryKind
{
    /// <summary>A module proxy at an <c>https://</c>, <c>http://</c> or <c>file://</c> URL
    /// (<see cref="ProxyChainEntry.Url"/>).</summary>
    Url = 1,

    /// <summary>
    /// The keyword <c>direct</c>: fetch from the module's origin (version-control system or go-get
    /// discovery) instead of a proxy. Always the last entry; later text is ignored.
    /// </summary>
    Direct = 2,

    /// <summary>
    /// The keyword <c>off</c>: fail with the not-found error <c>module lookup disabled by GOPROXY=off</c>.
    /// Always the last entry; later text is ignored.
    /// </summary>
    Off = 3,

    /// <summary>
    /// The implicit first entry the go command adds when GONOPROXY (or GOPRIVATE, its default) is
    /// set: for a module path matching GONOPROXY it fetches directly from the origin; for any other
    /// path it fails with the not-found error <c>path does not match GOPRIVATE/GONOPROXY</c> so the walk
    /// moves on. It never appears in the GOPROXY text itself.
    /// </summary>
    NoProxy = 4,
}
