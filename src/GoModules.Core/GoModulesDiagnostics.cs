using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GoModules;

/// <summary>
/// The names under which GoModules reports traces and metrics, for <c>AddSource</c>/<c>AddMeter</c> in
/// OpenTelemetry or a <see cref="MeterListener"/>. Work for diagnostics is done only while a listener is attached
/// (<see cref="ActivitySource.HasListeners"/>, <see cref="Instrument.Enabled"/>).
/// </summary>
/// <remarks>
/// Instruments follow the OpenTelemetry naming conventions (lower-case dotted names, UCUM units, durations in
/// seconds). Tags: <c>gomodules.proxy</c> is the proxy's base URL with credentials redacted; <c>gomodules.operation</c>
/// is one of <c>list</c>, <c>latest</c>, <c>info</c>, <c>mod</c>, <c>zip</c>; <c>gomodules.outcome</c> is one of
/// <c>ok</c>, <c>not-found</c>, <c>error</c>, <c>timeout</c> for proxy requests and <c>ok</c>, <c>security-error</c>,
/// <c>error</c> for checksum-database lookups. The package README lists every instrument.
/// </remarks>
public static class GoModulesDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> (and meter) of GoModules.</summary>
    public const string SourceName = "GoModules";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of GoModules (the same as <see cref="SourceName"/>).</summary>
    public const string MeterName = SourceName;

    /// <summary>Counter (<c>{request}</c>) of requests to a GOPROXY, tagged by proxy, operation and outcome.</summary>
    public const string ProxyRequestCountName = "gomodules.proxy.request.count";

    /// <summary>Histogram (<c>s</c>) of the duration of requests to a GOPROXY, body included, tagged by proxy, operation and outcome.</summary>
    public const string ProxyRequestDurationName = "gomodules.proxy.request.duration";

    /// <summary>Counter (<c>By</c>) of bytes received from a GOPROXY (list, info, go.mod and zip bodies), tagged by proxy and operation.</summary>
    public const string ProxyReceivedBytesName = "gomodules.proxy.received";

    /// <summary>
    /// Counter (<c>{fallback}</c>) of moves to the next GOPROXY entry after a failure, tagged by the entry left
    /// (<c>gomodules.proxy</c>: its redacted URL, or <c>direct</c>, <c>off</c>, <c>noproxy</c>), the operation and
    /// <c>gomodules.fallback.reason</c>: <c>not-found</c> (a "," or "|" entry answered not found) or <c>error</c> (a
    /// "|" entry failed otherwise).
    /// </summary>
    public const string ProxyFallbackCountName = "gomodules.proxy.fallback.count";

    /// <summary>
    /// Counter (<c>{lookup}</c>) of module-cache lookups, tagged by <c>gomodules.cache.entry</c> (<c>info</c>,
    /// <c>mod</c>, <c>zip</c>, <c>extracted</c>) and <c>gomodules.cache.result</c> (<c>hit</c> or <c>miss</c>).
    /// </summary>
    public const string CacheLookupCountName = "gomodules.cache.lookup.count";

    /// <summary>
    /// Counter (<c>{lookup}</c>) of checksum-database lookups of a module version, tagged by <c>gomodules.outcome</c>
    /// (<c>ok</c>, <c>security-error</c>, <c>error</c>) and <c>gomodules.sumdb.from_cache</c> (whether the record came
    /// from the local copy without a request for the lookup itself).
    /// </summary>
    public const string ChecksumDatabaseLookupCountName = "gomodules.sumdb.lookup.count";

    /// <summary>Gets the activity source shared by GoModules.Core and GoModules.Http.</summary>
    internal static ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>Gets the meter shared by GoModules.Core and GoModules.Http.</summary>
    internal static Meter Meter { get; } = new(MeterName);
}
