using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Fetching;

/// <summary>
/// Serves a GOPROXY <c>file://</c> URL: a directory laid out as the proxy URL space (the layout of
/// <c>GOMODCACHE/cache/download</c>). No network is involved.
/// </summary>
/// <remarks>
/// As in the go command, a missing file answers like a 404 (<see cref="ModuleNotFoundException"/>, so
/// the next entry is tried) and a file that may not be read like a 403 (a hard error).
/// </remarks>
public sealed class FileModuleProxyTransport : IModuleProxyTransport
{
    private readonly string _root;
    private readonly string _baseUrl;

    /// <summary>Initializes a new instance for a <c>file://</c> URL.</summary>
    /// <param name="fileUrl">The URL, such as <c>file:///srv/goproxy</c>; nothing but a path is allowed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="fileUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="fileUrl"/> is not a <c>file://</c> URL with only a path.</exception>
    public FileModuleProxyTransport(string fileUrl)
    {
        ArgumentNullException.ThrowIfNull(fileUrl);
        if (!Uri.TryCreate(fileUrl, UriKind.Absolute, out var uri) || !uri.IsFile || uri.Query.Length != 0 || uri.Fragment.Length != 0 || uri.UserInfo.Length != 0 || (uri.Host.Length != 0 && !uri.IsUnc))
        {
            throw new ArgumentException(SRFormat.Format(SR.FileProxyUrlInvalid, fileUrl), nameof(fileUrl));
        }

        _root = uri.LocalPath;
        _baseUrl = fileUrl.TrimEnd('/');
    }

    /// <summary>Gets a factory that handles only <c>file://</c> URLs.</summary>
    public static IModuleProxyTransportFactory Factory { get; } = new FileOnlyFactory();

    /// <summary>Gets the directory the URL names.</summary>
    public string RootDirectory => _root;

    /// <inheritdoc/>
    public string RedactedBaseUrl => _baseUrl;

    /// <inheritdoc/>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await CopyToAsync(path, buffer, maxBytes, null, cancellationToken).ConfigureAwait(false);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <inheritdoc/>
    public async ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(destination);
        cancellationToken.ThrowIfCancellationRequested();
        var url = _baseUrl + "/" + path;
        var file = Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
        FileStream stream;
        try
        {
            stream = new FileStream(file, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModuleNotFoundException(SRFormat.Format(SR.FileProxyNotFound, url), ModuleFetchFailure.FileNotFound, 404, url, null, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ModuleFetchException(SRFormat.Format(SR.FileProxyDenied, url), ModuleFetchFailure.FileAccessDenied, 403, url, null, ex);
        }
        catch (IOException ex)
        {
            throw new ModuleFetchException(SRFormat.Format(SR.FileProxyOpenFailed, file, ex.Message), ModuleFetchFailure.Other, null, url, null, ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            long total = 0;
            try
            {
                while (total <= maxBytes)
                {
                    var want = (int)Math.Min(buffer.Length, maxBytes + 1 - total);
                    int n;
                    try
                    {
                        n = await stream.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw new ModuleFetchException(SRFormat.Format(SR.FileProxyReadFailed, url, ex.Message), ModuleFetchFailure.BodyReadFailed, null, url, null, ex);
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    total += n;
                    progress?.Report(total);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return total;
        }
    }

    private sealed class FileOnlyFactory : IModuleProxyTransportFactory
    {
        public IModuleProxyTransport Create(string proxyUrl)
        {
            ArgumentNullException.ThrowIfNull(proxyUrl);
            if (proxyUrl.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return new FileModuleProxyTransport(proxyUrl);
            }

            return new UnsupportedTransport(proxyUrl);
        }
    }

    /// <summary>Fails every request: used for http(s) entries when no HTTP transport was configured.</summary>
    private sealed class UnsupportedTransport : IModuleProxyTransport
    {
        private readonly string _url;

        public UnsupportedTransport(string url) => _url = url;

        public string RedactedBaseUrl => _url;

        public ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default) =>
            throw Fail();

        public ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
            throw Fail();

        private ModuleFetchException Fail() =>
            new(SRFormat.Format(SR.NoTransportForScheme, _url), ModuleFetchFailure.InvalidConfiguration, null, null, null, null);
    }
}
