using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Direct.Internal;
using GoModules.Fetching;

namespace GoModules.Direct;

/// <summary>
/// Direct mode (<c>GOPROXY=direct</c>): finds the repository behind a module path and answers from
/// version control as the go command does: versions from tags (with major-version subdirectories and
/// <c>+incompatible</c>), pseudo-versions from commits, go.mod from the tree or synthesised, and the zip
/// built from the tree with the module zip rules. Pass it to <see cref="ProxyChainFetcher"/> as the
/// direct fetcher.
/// </summary>
/// <remarks>
/// Only git is implemented among version-control systems; go-import tags of kind <c>mod</c> are served through
/// <see cref="DirectModuleFetcherOptions.ModProxyTransports"/>. git runs as a child process in a bare mirror under
/// <see cref="DirectModuleFetcherOptions.WorkDirectory"/>, so the user's git configuration and credential
/// helpers apply; prompts are disabled, and cancellation or <see cref="DirectModuleFetcherOptions.CommandTimeout"/>
/// kills the process. Retractions are not applied when choosing pseudo-version bases.
/// </remarks>
public sealed class DirectModuleFetcher : IModuleFetcher
{
    private readonly ProxyModuleFetcher _inner;

    /// <summary>Initializes a new instance of the <see cref="DirectModuleFetcher"/> class.</summary>
    /// <param name="resolver">Finds the repository for a module path (see <see cref="RepositoryRootResolver"/>).</param>
    /// <param name="options">The work directory, git executable and timeouts.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The work directory is empty.</exception>
    public DirectModuleFetcher(IRepositoryRootResolver resolver, DirectModuleFetcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.WorkDirectory, nameof(options));
        var git = new GitProcess(options.GitExecutable, options.CommandTimeout);
        _inner = new ProxyModuleFetcher(new VcsProxyTransport(resolver, git, Path.GetFullPath(options.WorkDirectory), options.ModProxyTransports, options.RefreshInterval), options.Limits);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) =>
        _inner.ListVersionsAsync(path, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) =>
        _inner.QueryAsync(path, query, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default) =>
        _inner.GetInfoAsync(module, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default) =>
        _inner.GetGoModAsync(module, cancellationToken);

    /// <inheritdoc/>
    public ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        _inner.CopyZipToAsync(module, destination, progress, cancellationToken);
}
