using System;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching;

/// <summary>Checks a downloaded go.mod before it is accepted (see <see cref="ProxyChainFetcher.GoModVerifier"/>).</summary>
public interface IGoModVerifier
{
    /// <summary>Checks the go.mod of a module version.</summary>
    /// <param name="module">The module version.</param>
    /// <param name="goMod">The go.mod bytes as served.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the go.mod is accepted.</returns>
    /// <exception cref="GoModuleException">The check could not be made or failed, in a way the next GOPROXY entry may fix.</exception>
    /// <exception cref="ChecksumMismatchException">The go.mod does not match its recorded checksum.</exception>
    ValueTask VerifyGoModAsync(ModuleVersion module, ReadOnlyMemory<byte> goMod, CancellationToken cancellationToken = default);
}
