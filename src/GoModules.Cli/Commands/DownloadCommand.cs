using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching.Internal;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod download</c>: <c>go mod download</c> without Go.</summary>
internal sealed class DownloadCommand : ICommand
{
    private const string JsonFlag = "-json";
    private const string TraceFlag = "-x";
    private const string ModCacheRwFlag = "-modcacherw";

    public string Name => "download";

    public string Summary => "download modules to the module cache (go mod download)";

    public string Usage =>
        "usage: gomod download [-json] [-x] [-modcacherw] [--proxy list] [modules]\n\n" +
        "Downloads the named modules (path@version, a version query such as path@latest, a module path\n" +
        "required by the main module, or 'all') into the module cache, GOMODCACHE, exactly as\n" +
        "'go mod download' does, so that a later go build works offline. Without arguments, inside a\n" +
        "module (a directory with go.mod, and go.sum when there is one), it downloads the modules the\n" +
        "main module requires and records their go.mod hashes in go.sum; with arguments it records the\n" +
        "hashes of what it downloaded. Every download is checked against go.sum.\n\n" +
        "-json prints one JSON object per module (Path, Version, Query, Error, Info, GoMod, Zip, Dir,\n" +
        "Sum, GoModSum), as go does. -x prints each proxy request. -modcacherw leaves the extracted\n" +
        "directories writable (also read from GOFLAGS). A progress bar is shown on a terminal.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], [JsonFlag, TraceFlag, ModCacheRwFlag]);
        var proxy = reader.Value(FetchCommandSupport.ProxyOption);
        var env = CacheCommandSupport.Environment(proxy);
        var options = CacheCommandSupport.Options(env, reader.Has(ModCacheRwFlag));
        var owned = new List<IDisposable>();
        try
        {
            var transports = CacheCommandSupport.Transports(proxy, reader.Has(TraceFlag) ? context.Error : null, owned);
            return await RunAsync(reader, env, options, transports, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static async Task<int> RunAsync(ArgumentReader reader, GoEnvironment env, GoModules.Caching.ModuleCacheOptions options, GoModules.Fetching.IModuleProxyTransportFactory transports, CommandContext context, CancellationToken cancellationToken)
    {
        var fetcher = CacheCommandSupport.Fetcher(env, transports);
        using var progress = new ProgressDisplay(context.Error, TerminalSafeWriter.IsConsoleError(context.Error) && CacheCommandSupport.IsTerminal(Console.IsErrorRedirected));
        var run = await DownloadRun.RunAsync(
            fetcher,
            options,
            Directory.GetCurrentDirectory(),
            reader.Positional,
            progress,
            cancellationToken,
            goSum => CacheCommandSupport.Verifier(env, transports, goSum)).ConfigureAwait(false);
        progress.Dispose();
        foreach (var notice in run.Notices)
        {
            await WriteGoLineAsync(context.Error, notice).ConfigureAwait(false);
        }

        if (run.FatalError is not null)
        {
            await WriteGoLineAsync(context.Error, run.FatalError).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var failed = false;
        foreach (var result in run.Results)
        {
            failed |= !result.Succeeded;
            if (reader.Has(JsonFlag))
            {
                await context.Out.WriteAsync(result.ToJson() + "\n").ConfigureAwait(false);
            }
            else if (!result.Succeeded)
            {
                await WriteGoLineAsync(context.Error, "go: " + result.Error).ConfigureAwait(false);
            }
        }

        foreach (var late in run.LateErrors)
        {
            failed = true;
            await WriteGoLineAsync(context.Error, late).ConfigureAwait(false);
        }

        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>Writes a report as the go command logs one: a newline is added only when the text does not end with one.</summary>
    private static Task WriteGoLineAsync(TextWriter writer, string text)
        => text.EndsWith('\n') ? writer.WriteAsync(text) : writer.WriteLineAsync(text);
}
