using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching;

/// <summary>
/// Fetches module metadata and content from a module source: one GOPROXY entry, a whole GOPROXY
/// chain (<see cref="ProxyChainFetcher"/>), or direct mode. This is the seam between the protocol
/// rules and any transport.
/// </summary>
/// <remarks>
/// <para>
/// Failures are reported as exceptions deriving from <see cref="GoModuleException"/>:
/// <see cref="ModuleNotFoundException"/> when the source does not have what was asked for (the only
/// failure that lets a <c>,</c> entry of GOPROXY fall back), <see cref="ModuleFetchException"/> for
/// every other failure of a request, and <see cref="NoMatchingVersionException"/> when a query matched
/// nothing. Messages follow the go command (<c>path@version: …</c>).
/// </para>
/// <para>Implementations are safe to call concurrently. See https://go.dev/ref/mod#goproxy-protocol.</para>
/// </remarks>
public interface IModuleFetcher
{
    /// <summary>
    /// Lists the tagged versions of a module (<c>@v/list</c>): pseudo-versions and lines that are not
    /// valid semantic versions are dropped, and the rest are sorted by semantic-version precedence.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The versions, lowest first; duplicates are kept as served.</returns>
    /// <exception cref="ModuleNotFoundException">The source does not know the module.</exception>
    /// <exception cref="ModuleFetchException">The request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resolves a version query as <c>go list -m path@query</c> does: <c>latest</c> (the highest
    /// release in <c>@v/list</c>, else the highest pre-release, and <c>@latest</c> only when the list
    /// has no tagged version), <c>upgrade</c> (the same as <c>latest</c> here), a semantic-version prefix
    /// (<c>v1</c>, <c>v1.2</c>), a comparison (<c>&lt;v1.2.0</c>, <c>&gt;=v1.0.0</c>), an exact version, or
    /// any other revision name (branch, tag or commit) asked for directly.
    /// </summary>
    /// <param name="path">The module path.</param>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The metadata of the version the query selects.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is empty or not a valid query.</exception>
    /// <exception cref="ModuleNotFoundException">The source does not know the module or version.</exception>
    /// <exception cref="NoMatchingVersionException">The source answered but no version matches.</exception>
    /// <exception cref="ModuleFetchException">A request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the metadata of one version (<c>@v/VERSION.info</c>). For a canonical version the answer must
    /// name exactly that version; any other revision name may resolve to any version.
    /// </summary>
    /// <param name="module">The module path and version or revision name.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The version's metadata.</returns>
    /// <exception cref="ModuleNotFoundException">The source does not have the version.</exception>
    /// <exception cref="ModuleFetchException">The request failed or the answer is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default);

    /// <summary>Gets the go.mod file of one version (<c>@v/VERSION.mod</c>), unparsed.</summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The file's bytes.</returns>
    /// <exception cref="ArgumentException">The version is not canonical.</exception>
    /// <exception cref="ModuleNotFoundException">The source does not have the version.</exception>
    /// <exception cref="ModuleFetchException">The request failed or the file exceeds its size limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the module zip of one version (<c>@v/VERSION.zip</c>) into <paramref name="destination"/>.
    /// The zip is not validated here: like the go command, check it after the download.
    /// </summary>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="destination">Where the bytes go. A seekable stream is rewound when a source fails part-way
    /// and the next GOPROXY entry is tried, as the go command truncates its temporary file.</param>
    /// <param name="progress">Receives the number of bytes written so far, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the zip has been written.</returns>
    /// <exception cref="ArgumentException">The version is not canonical.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleNotFoundException">The source does not have the version.</exception>
    /// <exception cref="ModuleFetchException">The request failed, or the zip exceeds its size limit.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);
}
