using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Fetching;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod clean -modcache</c>: <c>go clean -modcache</c> without Go.</summary>
internal sealed class CleanCommand : ICommand
{
    private const string ModCacheFlag = "-modcache";
    private const string TraceFlag = "-x";

    public string Name => "clean";

    public string Summary => "remove the whole module cache (go clean -modcache)";

    public string Usage =>
        "usage: gomod clean -modcache [-x]\n\n" +
        "Removes the entire module cache, GOMODCACHE, including unpacked sources of versioned\n" +
        "dependencies (read-only directories are made writable first), as 'go clean -modcache' does.\n" +
        "Symbolic links are unlinked, never followed: what they point to is left as it is.\n" +
        "-x prints the command it runs.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [], [ModCacheFlag, TraceFlag]);
        if (!reader.Has(ModCacheFlag) || reader.Positional.Count != 0)
        {
            throw new UsageException("only 'gomod clean -modcache' is supported");
        }

        var env = GoEnvironment.FromProcess();
        var options = CacheCommandSupport.Options(env, modCacheRw: false);
        if (reader.Has(TraceFlag))
        {
            await context.Error.WriteLineAsync("rm -rf " + options.Root).ConfigureAwait(false);
        }

        var cache = new ModuleCache(new NoFetcher(), options);
        await cache.CleanAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Cleaning needs no source of modules.</summary>
    private sealed class NoFetcher : IModuleFetcher
    {
        public ValueTask<IReadOnlyList<string>> ListVersionsAsync(ModulePath path, CancellationToken cancellationToken = default) => throw new System.NotSupportedException();

        public ValueTask<ModuleInfo> QueryAsync(ModulePath path, string query, CancellationToken cancellationToken = default) => throw new System.NotSupportedException();

        public ValueTask<ModuleInfo> GetInfoAsync(ModuleVersion module, CancellationToken cancellationToken = default) => throw new System.NotSupportedException();

        public ValueTask<System.ReadOnlyMemory<byte>> GetGoModAsync(ModuleVersion module, CancellationToken cancellationToken = default) => throw new System.NotSupportedException();

        public ValueTask CopyZipToAsync(ModuleVersion module, System.IO.Stream destination, System.IProgress<long>? progress = null, CancellationToken cancellationToken = default) => throw new System.NotSupportedException();
    }
}
