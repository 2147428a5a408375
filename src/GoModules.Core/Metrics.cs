using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GoModules;

/// <summary>
/// The instruments of the "GoModules" meter. Callers check <see cref="Instrument.Enabled"/> (or the helpers here, which
/// do) before building tags, so that nothing is allocated while no listener is attached.
/// </summary>
internal static class Metrics
{
    public const string ProxyTag = "gomodules.proxy";
    public const string OperationTag = "gomodules.operation";
    public const string OutcomeTag = "gomodules.outcome";

    public static readonly Counter<long> ProxyRequests = GoModulesDiagnostics.Meter.CreateCounter<long>(GoModulesDiagnostics.ProxyRequestCountName, "{request}", "Requests to a GOPROXY.");

    public static readonly Histogram<double> ProxyRequestDuration = GoModulesDiagnostics.Meter.CreateHistogram<double>(
        GoModulesDiagnostics.ProxyRequestDurationName,
        "s",
        "Duration of requests to a GOPROXY, body included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60] });

    public static readonly Counter<long> ProxyReceivedBytes = GoModulesDiagnostics.Meter.CreateCounter<long>(GoModulesDiagnostics.ProxyReceivedBytesName, "By", "Bytes received from a GOPROXY.");

    public static readonly Counter<long> ProxyFallbacks = GoModulesDiagnostics.Meter.CreateCounter<long>(GoModulesDiagnostics.ProxyFallbackCountName, "{fallback}", "Moves to the next GOPROXY entry after a failure.");

    public static readonly Counter<long> CacheLookups = GoModulesDiagnostics.Meter.CreateCounter<long>(GoModulesDiagnostics.CacheLookupCountName, "{lookup}", "Module cache lookups.");

    public static readonly Counter<long> ChecksumDatabaseLookups = GoModulesDiagnostics.Meter.CreateCounter<long>(GoModulesDiagnostics.ChecksumDatabaseLookupCountName, "{lookup}", "Checksum database lookups.");

    /// <summary>Whether any proxy-request instrument has a listener.</summary>
    public static bool ProxyRequestsEnabled => ProxyRequests.Enabled || ProxyRequestDuration.Enabled || ProxyReceivedBytes.Enabled;

    /// <summary>Records one cache lookup (<paramref name="entry"/>: info, mod, zip or extracted).</summary>
    public static void CacheLookup(string entry, bool hit)
    {
        if (CacheLookups.Enabled)
        {
            CacheLookups.Add(1, new KeyValuePair<string, object?>("gomodules.cache.entry", entry), new KeyValuePair<string, object?>("gomodules.cache.result", hit ? "hit" : "miss"));
        }
    }

    /// <summary>Records one checksum-database lookup.</summary>
    public static void ChecksumDatabaseLookup(string outcome, bool fromCache)
    {
        if (ChecksumDatabaseLookups.Enabled)
        {
            ChecksumDatabaseLookups.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome), new KeyValuePair<string, object?>("gomodules.sumdb.from_cache", fromCache));
        }
    }

    /// <summary>Records a move to the next GOPROXY entry.</summary>
    public static void Fallback(string fromProxy, string operation, bool notFound)
    {
        if (ProxyFallbacks.Enabled)
        {
            ProxyFallbacks.Add(1, new KeyValuePair<string, object?>(ProxyTag, fromProxy), new KeyValuePair<string, object?>(OperationTag, operation), new KeyValuePair<string, object?>("gomodules.fallback.reason", notFound ? "not-found" : "error"));
        }
    }

    /// <summary>Records a finished proxy request.</summary>
    public static void ProxyRequest(string proxy, string operation, string outcome, long startTimestamp, long bytes)
    {
        var proxyTag = new KeyValuePair<string, object?>(ProxyTag, proxy);
        var operationTag = new KeyValuePair<string, object?>(OperationTag, operation);
        var outcomeTag = new KeyValuePair<string, object?>(OutcomeTag, outcome);
        if (ProxyRequests.Enabled)
        {
            ProxyRequests.Add(1, proxyTag, operationTag, outcomeTag);
        }

        if (ProxyRequestDuration.Enabled)
        {
            ProxyRequestDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, proxyTag, operationTag, outcomeTag);
        }

        if (bytes > 0 && ProxyReceivedBytes.Enabled)
        {
            ProxyReceivedBytes.Add(bytes, proxyTag, operationTag);
        }
    }

    /// <summary>The outcome tag of a failed proxy request.</summary>
    public static string Outcome(Exception error) => error switch
    {
        ModuleNotFoundException => "not-found",
        ModuleFetchException { Failure: ModuleFetchFailure.Timeout } or TimeoutException => "timeout",
        _ => "error",
    };
}
