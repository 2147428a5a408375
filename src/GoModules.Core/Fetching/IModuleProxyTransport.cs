using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching;

/// <summary>
/// Reads files from one GOPROXY base URL: the I/O half of a proxy client. The protocol half (which
/// files to ask for, how to read them, what counts as a valid answer) is <see cref="ProxyModuleFetcher"/>.
/// </summary>
/// <remarks>
/// <para>
/// Paths are relative to the base URL and already case-encoded (<c>github.com/!azure/x/@v/list</c>),
/// but not percent-encoded: an HTTP transport percent-encodes them (<c>!</c> as <c>%21</c>), a
/// <c>file://</c> transport uses them as file names.
/// </para>
/// <para>
/// A missing file (404, 410, or no such file) must be reported as <see cref="ModuleNotFoundException"/>;
/// every other failure as <see cref="ModuleFetchException"/>, with a message such as
/// <c>reading URL: 503 Service Unavailable</c> and the URL redacted. Implementations are safe to call
/// concurrently.
/// </para>
/// </remarks>
public interface IModuleProxyTransport
{
    /// <summary>Gets the base URL with any password replaced by <c>xxxxx</c>, for messages.</summary>
    string RedactedBaseUrl { get; }

    /// <summary>Reads a whole file, stopping after <paramref name="maxBytes"/> + 1 bytes.</summary>
    /// <param name="path">The relative, case-encoded path.</param>
    /// <param name="maxBytes">The size limit; reading stops one byte past it so the caller can tell.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The bytes read; longer than <paramref name="maxBytes"/> when the file exceeds the limit.</returns>
    /// <exception cref="ModuleNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModuleFetchException">The request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<ReadOnlyMemory<byte>> ReadAsync(string path, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Copies a file into <paramref name="destination"/>, stopping after <paramref name="maxBytes"/> + 1 bytes.</summary>
    /// <param name="path">The relative, case-encoded path.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="maxBytes">The size limit; copying stops one byte past it so the caller can tell.</param>
    /// <param name="progress">Receives the number of bytes written so far, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ModuleNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModuleFetchException">The request failed, including part-way through the body.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<long> CopyToAsync(string path, Stream destination, long maxBytes, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}
