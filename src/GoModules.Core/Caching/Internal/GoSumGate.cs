using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing;
using GoModules.Kernel;
using Microsoft.Extensions.Logging;

namespace GoModules.Caching.Internal;

/// <summary>
/// The module cache's go.sum gate: checks go.mod and zip hashes against go.sum and the checksum database and
/// remembers every hash it accepted, for writing go.sum afterwards.
/// </summary>
internal sealed class GoSumGate
{
    private readonly ModuleCacheOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Path, string Version), string> _checkedSums = new();

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The cache settings (<see cref="ModuleCacheOptions.GoSum"/> and <see cref="ModuleCacheOptions.ChecksumVerifier"/>).</param>
    /// <param name="logger">Logs the go.sum decisions.</param>
    public GoSumGate(ModuleCacheOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Gets every hash accepted so far, as go.sum entries sorted by path, version and hash.</summary>
    /// <returns>The entries.</returns>
    public IReadOnlyList<GoSumEntry> GetCheckedSums()
    {
        var list = new List<GoSumEntry>();
        foreach (var ((path, version), hash) in _checkedSums)
        {
            list.Add(new GoSumEntry(path, version, hash));
        }

        list.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Path, b.Path);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Version, b.Version);
            }

            return c != 0 ? c : string.CompareOrdinal(a.Hash, b.Hash);
        });
        return list;
    }

    /// <summary>
    /// Checks a hash against go.sum and the checksum database, as the go command's <c>checkModSum</c> does, and
    /// records it: <see cref="ModuleCacheOptions.GoSum"/> first (a listed hash settles it, a different one is a
    /// <see cref="ChecksumMismatchException"/>), then, for a hash it does not list, the
    /// <see cref="ModuleCacheOptions.ChecksumVerifier"/> (its own go.sum, then the database as GOSUMDB and GONOSUMDB say).
    /// </summary>
    public async ValueTask CheckAsync(ModuleVersion module, bool isGoMod, string hash, ReadOnlyMemory<byte> goMod, CancellationToken cancellationToken)
    {
        var path = module.Path.Value;
        var listed = false;
        if (_options.GoSum is { } goSum)
        {
            try
            {
                lock (goSum)
                {
                    listed = goSum.Check(module, isGoMod ? GoSumHashKind.GoMod : GoSumHashKind.Zip, hash) == GoSumVerification.Verified;
                }
            }
            catch (ChecksumMismatchException ex)
            {
                var subject = module.ToString();
                CoreLog.GoSumMismatch(_logger, subject, isGoMod ? "go.mod" : "zip", hash, ex.Expected);
                throw;
            }

            if (listed && _logger.IsEnabled(LogLevel.Debug))
            {
                var subject = module.ToString();
                CoreLog.GoSumListed(_logger, subject, isGoMod ? "go.mod" : "zip", hash);
            }
        }

        if (!listed && _options.ChecksumVerifier is { } verifier)
        {
            if (isGoMod)
            {
                await verifier.VerifyGoModAsync(module, goMod, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await verifier.VerifyZipHashAsync(module, hash, cancellationToken).ConfigureAwait(false);
            }
        }

        _checkedSums[(path, isGoMod ? module.Version + GoSumEntry.GoModSuffix : module.Version)] = hash;
    }
}
