using GoModules.Fetching;

namespace GoModules.Tests.Caching;

/// <summary>A fetcher for tests that must not touch any source.</summary>
internal sealed class FailingFetcher : IModuleFetcher
{
    public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => throw Fail(path.Value);

    public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => throw Fail(path.Value);

    public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default) => throw Fail(module.ToString());

    public ValueTask<ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default) => throw Fail(module.ToString());

    public ValueTask CopyZipToAsync(ModuleVersion module, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default) => throw Fail(module.ToString());

    private static ModuleNotFoundException Fail(string what) => new($"{what}: offline test fetcher");
}
