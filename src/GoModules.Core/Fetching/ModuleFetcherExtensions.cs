using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching;

/// <summary>Convenience operations over <see cref="IModuleFetcher"/>.</summary>
public static class ModuleFetcherExtensions
{
    /// <summary>
    /// Resolves <c>latest</c> as the go command does: the highest release in <c>@v/list</c>, else the
    /// highest pre-release, and <c>@latest</c> only when the list has no tagged version.
    /// </summary>
    /// <param name="fetcher">The fetcher.</param>
    /// <param name="path">The module path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The metadata of the latest version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleNotFoundException">No source knows the module.</exception>
    /// <exception cref="NoMatchingVersionException">The module has no version.</exception>
    /// <exception cref="ModuleFetchException">A request failed.</exception>
    public static ValueTask<ModuleInfo> GetLatestAsync(this IModuleFetcher fetcher, ModulePath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        return fetcher.QueryAsync(path, "latest", cancellationToken);
    }

    /// <summary>
    /// Lists the tagged versions of a module (<see cref="IModuleFetcher.ListVersionsAsync"/>) as typed versions, sorted
    /// in Go's semantic-version order (lowest first); lines that are not semantic versions are left out.
    /// </summary>
    /// <param name="fetcher">The fetcher.</param>
    /// <param name="path">The module path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The versions, lowest first; versions of equal precedence keep the order of their texts.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleNotFoundException">No source knows the module.</exception>
    /// <exception cref="ModuleFetchException">A request failed.</exception>
    public static async ValueTask<IReadOnlyList<SemanticVersion>> ListSemanticVersionsAsync(this IModuleFetcher fetcher, ModulePath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        var texts = new List<string>(await fetcher.ListVersionsAsync(path, cancellationToken).ConfigureAwait(false));
        SemVer.Sort(texts);
        var versions = new List<SemanticVersion>(texts.Count);
        foreach (var text in texts)
        {
            if (SemanticVersion.TryParse(text, out var v))
            {
                versions.Add(v);
            }
        }

        return versions.AsReadOnly();
    }

    /// <summary>Streams the module zip of one version into a <see cref="PipeWriter"/>, without completing it.</summary>
    /// <param name="fetcher">The fetcher.</param>
    /// <param name="module">The module path and canonical version.</param>
    /// <param name="destination">The pipe to write to. A pipe cannot be rewound: if a source fails part-way, no other GOPROXY entry is tried.</param>
    /// <param name="progress">Receives the number of bytes written so far, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the zip has been written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fetcher"/> or <paramref name="destination"/> is <see langword="null"/>.</exception>
    /// <exception cref="ModuleNotFoundException">No source has the version.</exception>
    /// <exception cref="ModuleFetchException">A request failed.</exception>
    public static async ValueTask CopyZipToAsync(this IModuleFetcher fetcher, ModuleVersion module, PipeWriter destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(destination);
        var stream = destination.AsStream(leaveOpen: true);
        await using (stream.ConfigureAwait(false))
        {
            await fetcher.CopyZipToAsync(module, stream, progress, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
