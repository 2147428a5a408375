using System;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Kernel;

namespace GoModules.Toolchains;

/// <content>What <c>go mod download</c> reports for the <c>go</c> and <c>toolchain</c> pseudo-modules.</content>
public sealed partial class GoToolchainQuery
{
    /// <summary>
    /// Produces the record <c>go mod download</c> prints for a <c>go</c> or <c>toolchain</c> argument. The newest go
    /// resolves the query (or, for a bare <c>go</c>/<c>toolchain</c>, reads the selected version's metadata) and then
    /// refuses the download, because there is nothing to download (toolchains are <c>golang.org/toolchain</c>): every
    /// record carries an error, the query's or <c>internal error: invalid operation on toolchain module</c>.
    /// </summary>
    /// <param name="path"><c>go</c> or <c>toolchain</c>.</param>
    /// <param name="query">The query after <c>@</c>, or <see langword="null"/> for a bare path.</param>
    /// <param name="currentVersion">The selected version the go command starts from (the main module's go or toolchain
    /// line, else the local version): what a bare path reads and what <c>upgrade</c> and <c>patch</c> start from;
    /// <see langword="null"/>, empty or <c>none</c> when there is none.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The record, never successful.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is neither <c>go</c> nor <c>toolchain</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<ModuleDownloadResult> TryDownloadAsync(string path, string? query, string? currentVersion, CancellationToken cancellationToken = default)
    {
        CheckPath(path);
        if (query is null)
        {
            if (string.IsNullOrEmpty(currentVersion) || currentVersion == "none")
            {
                return new ModuleDownloadResult(path, string.Empty, string.Empty, "module " + path + ": not a known dependency");
            }

            try
            {
                // go reads the version's info before refusing the download, so a missing release is reported as such.
                await GetVersionAsync(path, currentVersion, cancellationToken).ConfigureAwait(false);
                return new ModuleDownloadResult(path, currentVersion, string.Empty, SR.ToolchainQueryNoDownload);
            }
            catch (GoModuleException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // This read is not a query: go reports GOPROXY=off without naming one.
                return new ModuleDownloadResult(path, currentVersion, string.Empty, ex is ModuleNotFoundException { Failure: ModuleFetchFailure.ProxyOff } ? SR.ProxyOff : ex.Message);
            }
        }

        try
        {
            var resolved = await ResolveAsync(path, query, currentVersion, cancellationToken).ConfigureAwait(false);
            return new ModuleDownloadResult(path, resolved.Version, resolved.Version != query ? query : string.Empty, SR.ToolchainQueryNoDownload);
        }
        catch (GoModuleException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new ModuleDownloadResult(path, query, string.Empty, ex.Message);
        }
    }
}
