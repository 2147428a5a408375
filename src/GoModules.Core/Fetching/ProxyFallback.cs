namespace GoModules.Fetching;

/// <summary>
/// What a GOPROXY walk does after a <see cref="ProxyChainEntry"/> fails: whether the next entry is
/// tried for every error or only when the module or version was not found.
/// </summary>
/// <remarks>
/// The separator that <em>ends</em> an entry in the GOPROXY text decides: <c>,</c> (or the end of the
/// text) gives <see cref="OnNotFound"/>, <c>|</c> gives <see cref="OnAnyError"/>. In
/// <c>A|B,C</c>, A falls back on any error and B only on not-found. See <c>go help goproxy</c> and
/// https://go.dev/ref/mod#goproxy-protocol.
/// </remarks>
public enum ProxyFallback
{
    /// <summary>
    /// Entry followed by <c>,</c>: the next entry is tried only when this one reports "not found"
    /// (HTTP 404 or 410, a missing file of a <c>file://</c> proxy, or one of the go command's own
    /// not-found errors); any other error ends the walk.
    /// </summary>
    OnNotFound = 0,

    /// <summary>Entry followed by <c>|</c>: the next entry is tried after any error, including
    /// transport failures and statuses such as 401, 403, 500 or 503.</summary>
    OnAnyError = 1,
}
