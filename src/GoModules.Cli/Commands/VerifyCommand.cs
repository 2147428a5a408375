using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Graph;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod verify</c>: <c>go mod verify</c> without Go.</summary>
internal sealed class VerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "verify that cached dependencies were not modified (go mod verify)";

    public string Usage =>
        "usage: gomod verify [-proxy list]\n\n" +
        "Checks that the dependencies of the main module (the build list of its requirement graph) that\n" +
        "are in the module cache have not been modified since they were downloaded: each cached zip and\n" +
        "extracted directory must hash to its recorded .ziphash. Prints 'all modules verified' or the\n" +
        "modules that changed, as 'go mod verify' does. go.mod files missing from the cache are fetched\n" +
        "to load the graph.\n\n" + FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], []);
        if (reader.Positional.Count != 0)
        {
            await context.Error.WriteLineAsync("go: verify takes no arguments").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var root = MainModuleFiles.FindDirectory(Directory.GetCurrentDirectory());
        if (root is null)
        {
            await context.Error.WriteLineAsync("go: go.mod file not found in current directory or any parent directory; see 'go help modules'").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var proxy = reader.Value(FetchCommandSupport.ProxyOption);
        var env = CacheCommandSupport.Environment(proxy);
        var owned = new List<IDisposable>();
        try
        {
            return await RunAsync(root, env, proxy, owned, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static async Task<int> RunAsync(string root, GoEnvironment env, string? proxy, List<IDisposable> owned, CommandContext context, CancellationToken cancellationToken)
    {
        var options = CacheCommandSupport.Options(env, modCacheRw: false);
        MainModuleFiles main;
        try
        {
            main = await MainModuleFiles.ReadAsync(root, cancellationToken).ConfigureAwait(false);
        }
        catch (GoModules.Hashing.GoSumFormatException ex)
        {
            // A go.sum line without three fields is fatal, as in the go command since Go 1.22.
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        options.GoSum = main.GoSum;
        var transports = CacheCommandSupport.Transports(proxy, null, owned);
        options.ChecksumVerifier = CacheCommandSupport.Verifier(env, transports, main.CopyGoSum());
        var cache = new ModuleCache(CacheCommandSupport.Fetcher(env, transports), options);
        ModuleGraph graph;
        try
        {
            graph = await ModuleGraph.LoadFromGoModAsync(main.GoMod, main.Directory, cache, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GoModuleException or ChecksumMismatchException)
        {
            await context.Error.WriteLineAsync(ex is ChecksumMismatchException ? ex.Message : "go: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var ok = true;
        foreach (var error in await graph.VerifyAsync(cancellationToken).ConfigureAwait(false))
        {
            ok = false;
            await context.Error.WriteLineAsync(error).ConfigureAwait(false);
        }

        if (ok)
        {
            await context.Out.WriteLineAsync("all modules verified").ConfigureAwait(false);
        }

        return ok ? ExitCodes.Success : ExitCodes.Failure;
    }
}
