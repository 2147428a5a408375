using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;

namespace GoModules.Cli.Commands;

/// <summary>
/// For <c>-x</c>: prints each proxy request as the go command does, <c># get URL</c> before and
/// <c># get URL: 200 OK (0.012s)</c> after (file:// requests are not printed, as in Go).
/// </summary>
internal sealed class TracingTransportFactory(IModuleProxyTransportFactory inner, TextWriter log) : IModuleProxyTransportFactory
{
    public IModuleProxyTransport Create(string proxyUrl)
    {
        var transport = inner.Create(proxyUrl);
        return proxyUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? transport : new Tracing(transport, log);
    }

    private sealed class Tracing(IModuleProxyTransport inner, TextWriter log) : IModuleProxyTransport
    {
        private static readonly Lock Gate = new();

        public string RedactedBaseUrl => inner.RedactedBaseUrl;

        public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
        {
            var url = Start(path);
            var clock = Stopwatch.StartNew();
            try
            {
                var data = await inner.ReadAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
                Done(url, "200 OK", clock);
                return data;
            }
            catch (Exception ex) when (ex is GoModuleException)
            {
                Done(url, ex.Message, clock);
                throw;
            }
        }

        public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            var url = Start(path);
            var clock = Stopwatch.StartNew();
            try
            {
                var n = await inner.CopyToAsync(path, destination, maxBytes, progress, cancellationToken).ConfigureAwait(false);
                Done(url, "200 OK", clock);
                return n;
            }
            catch (Exception ex) when (ex is GoModuleException)
            {
                Done(url, ex.Message, clock);
                throw;
            }
        }

        private string Start(string path)
        {
            var url = inner.RedactedBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
            lock (Gate)
            {
                log.WriteLine("# get " + url);
            }

            return url;
        }

        private void Done(string url, string status, Stopwatch clock)
        {
            lock (Gate)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# get {url}: {status} ({clock.Elapsed.TotalSeconds:0.000}s)"));
            }
        }
    }
}
