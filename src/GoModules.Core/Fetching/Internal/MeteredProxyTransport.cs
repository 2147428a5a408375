using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching.Internal;

/// <summary>
/// Wraps a proxy transport to record the proxy-request instruments (count, duration, bytes received) of every request.
/// While no listener is attached, calls go straight to the inner transport.
/// </summary>
internal sealed class MeteredProxyTransport(IModuleProxyTransport inner) : IModuleProxyTransport
{
    public string RedactedBaseUrl => inner.RedactedBaseUrl;

    public ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
        Metrics.ProxyRequestsEnabled ? ReadMeteredAsync(path, maxBytes, cancellationToken) : inner.ReadAsync(path, maxBytes, cancellationToken);

    public ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Metrics.ProxyRequestsEnabled ? CopyMeteredAsync(path, destination, maxBytes, progress, cancellationToken) : inner.CopyToAsync(path, destination, maxBytes, progress, cancellationToken);

    private async ValueTask<ReadOnlyMemory<byte>> ReadMeteredAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var data = await inner.ReadAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
            Metrics.ProxyRequest(inner.RedactedBaseUrl, Operation(path), "ok", start, data.Length);
            return data;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Metrics.ProxyRequest(inner.RedactedBaseUrl, Operation(path), Metrics.Outcome(ex), start, 0);
            throw;
        }
    }

    private async ValueTask<long> CopyMeteredAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var n = await inner.CopyToAsync(path, destination, maxBytes, progress, cancellationToken).ConfigureAwait(false);
            Metrics.ProxyRequest(inner.RedactedBaseUrl, Operation(path), "ok", start, n);
            return n;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Metrics.ProxyRequest(inner.RedactedBaseUrl, Operation(path), Metrics.Outcome(ex), start, 0);
            throw;
        }
    }

    // The protocol path names the operation: "<module>/@v/list", "<module>/@latest", "<module>/@v/<version>.info|.mod|.zip".
    private static string Operation(string path) =>
        path.EndsWith("/@v/list", StringComparison.Ordinal) ? "list"
        : path.EndsWith("/@latest", StringComparison.Ordinal) ? "latest"
        : path.EndsWith(".info", StringComparison.Ordinal) ? "info"
        : path.EndsWith(".mod", StringComparison.Ordinal) ? "mod"
        : path.EndsWith(".zip", StringComparison.Ordinal) ? "zip"
        : "other";
}
