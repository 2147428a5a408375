using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Fetching.Internal;

/// <summary>
/// One query on one proxy: the list already read, and what the go command's caches would answer again without a
/// request (the .info, @latest and go.mod results of this query).
/// </summary>
internal sealed class ProxyQueryContext
{
    private readonly ProxyModuleFetcher _owner;
    private readonly Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? _getGoMod;
    private readonly Dictionary<string, ModuleInfo> _stats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExceptionDispatchInfo> _statErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _goMods = new(StringComparer.Ordinal);
    private ModuleInfo? _latest;
    private ExceptionDispatchInfo? _latestError;

    public ProxyQueryContext(ProxyModuleFetcher owner, ModulePath path, string[] lines, Func<ModuleVersion, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? getGoMod, bool honorRetractions)
    {
        _owner = owner;
        Path = path;
        Lines = lines;
        _getGoMod = getGoMod;
        Retractions = honorRetractions ? new RetractionFilter() : null;
    }

    public ModulePath Path { get; }

    public string[] Lines { get; }

    public RetractionFilter? Retractions { get; }

    public async ValueTask<ModuleInfo> StatAsync(string version, CancellationToken cancellationToken)
    {
        if (_statErrors.TryGetValue(version, out var failed))
        {
            failed.Throw();
        }

        if (_stats.TryGetValue(version, out var known))
        {
            return known;
        }

        try
        {
            var info = await _owner.StatAsync(Path, version, cancellationToken).ConfigureAwait(false);
            _stats[version] = info;
            return info;
        }
        catch (GoModuleException ex)
        {
            _statErrors[version] = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    public async ValueTask<ModuleInfo> LatestAsync(CancellationToken cancellationToken)
    {
        if (_latest is null && _latestError is null)
        {
            try
            {
                _latest = await _owner.LatestAsync(Path, Lines, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException ex)
            {
                _latestError = ExceptionDispatchInfo.Capture(ex);
            }
        }

        _latestError?.Throw();
        return _latest!;
    }

    public async ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(string version, CancellationToken cancellationToken)
    {
        if (_goMods.TryGetValue(version, out var known))
        {
            return known;
        }

        var mv = new ModuleVersion(Path, version);
        var data = _getGoMod is null
            ? await _owner.GetGoModAsync(mv, cancellationToken).ConfigureAwait(false)
            : await _getGoMod(mv, cancellationToken).ConfigureAwait(false);
        _goMods[version] = data;
        return data;
    }
}
