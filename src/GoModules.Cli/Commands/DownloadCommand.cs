using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Graph;

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
        "usage: gomod download [-json] [-x] [-modcacherw] [-proxy list] [modules]\n\n" +
        "Downloads the named modules (path@version, a version query such as path@latest, a module path\n" +
        "required by the main module, or 'all') into the module cache, GOMODCACHE, exactly as\n" +
        "'go mod download' does, so that a later go build works offline. Without arguments, inside a\n" +
        "module (a directory with go.mod, and go.sum when there is one), it downloads the modules the\n" +
        "main module requires and records their go.mod hashes in go.sum; with arguments it records the\n" +
        "hashes of what it downloaded. Every download is checked against go.sum.\n\n" +
        "-json prints one JSON object per module (Path, Version, Query, Error, Info, GoMod, Zip, Dir,\n" +
        "Sum, GoModSum), as go does. -x prints each proxy request. -modcacherw leaves the extracted\n" +
        "directories writable (also read from GOFLAGS). A progress bar is shown on a terminal.\n\n" +
        "go@<query> and toolchain@<query> are resolved, then refused as by go ('internal error: invalid\n" +
        "operation on toolchain module'); use 'gomod toolchain download' for a toolchain.\n" +
        ToolchainQuerySupport.Help + "\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption, ToolchainQuerySupport.LocalOption], [JsonFlag, TraceFlag, ModCacheRwFlag]);
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

        // go@<query> and toolchain@<query> are resolved here, each to a record with an error, as the go command does.
        foreach (var arg in reader.Positional)
        {
            if (ToolchainQuerySupport.IsToolchainArgument(arg, out _, out var query) && ToolchainQuerySupport.RefusedQuery(query) is { } refused)
            {
                await WriteGoLineAsync(context.Error, refused).ConfigureAwait(false);
                return ExitCodes.Failure;
            }
        }

        var toolchainRecords = new List<(int Index, GoModules.Caching.ModuleDownloadResult Record)>();
        var otherArgs = new List<string>();
        var firstOther = -1;
        GoModules.Toolchains.GoToolchainQuery? toolchainService = null;
        for (var i = 0; i < reader.Positional.Count; i++)
        {
            var arg = reader.Positional[i];
            if (!ToolchainQuerySupport.IsToolchainArgument(arg, out var path, out var query))
            {
                firstOther = firstOther < 0 ? i : firstOther;
                otherArgs.Add(arg);
                continue;
            }

            // The confirming .info files go to GOMODCACHE, as go keeps them.
            toolchainService ??= ToolchainQuerySupport.Create(fetcher, ToolchainQuerySupport.LocalVersion(reader), new GoModules.Caching.ModuleCache(fetcher, options));
            toolchainRecords.Add((i, await ToolchainQuerySupport.DownloadRecordAsync(toolchainService, path, query, cancellationToken).ConfigureAwait(false)));
        }

        if (toolchainRecords.Count != 0 && otherArgs.Count == 0)
        {
            foreach (var (_, record) in toolchainRecords)
            {
                await WriteResultAsync(reader, context, record).ConfigureAwait(false);
            }

            return ExitCodes.Failure;
        }

        using var progress = new ProgressDisplay(context.Error, TerminalSafeWriter.IsConsoleError(context.Error) && CacheCommandSupport.IsTerminal(Console.IsErrorRedirected));
        var downloader = new MainModuleDownloader(fetcher, options) { CreateChecksumVerifier = goSum => CacheCommandSupport.Verifier(env, transports, goSum) };
        var run = await downloader.TryDownloadAsync(Directory.GetCurrentDirectory(), otherArgs, progress, cancellationToken).ConfigureAwait(false);
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

        // Records print in argument order; go and toolchain arguments given after other arguments print after
        // all of their results (an argument such as 'all' stands for many records).
        var failed = toolchainRecords.Count != 0;
        foreach (var (index, record) in toolchainRecords)
        {
            if (index < firstOther)
            {
                await WriteResultAsync(reader, context, record).ConfigureAwait(false);
            }
        }

        foreach (var result in run.Results)
        {
            failed |= !result.Succeeded;
            await WriteResultAsync(reader, context, result).ConfigureAwait(false);
        }

        foreach (var (index, record) in toolchainRecords)
        {
            if (index > firstOther)
            {
                await WriteResultAsync(reader, context, record).ConfigureAwait(false);
            }
        }

        foreach (var late in run.LateErrors)
        {
            failed = true;
            await WriteGoLineAsync(context.Error, late).ConfigureAwait(false);
        }

        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>One record as the go command prints it: JSON on standard output with -json, else the error (if any) on standard error.</summary>
    private static async Task WriteResultAsync(ArgumentReader reader, CommandContext context, GoModules.Caching.ModuleDownloadResult result)
    {
        if (reader.Has(JsonFlag))
        {
            await context.Out.WriteAsync(result.ToJson() + "\n").ConfigureAwait(false);
        }
        else if (!result.Succeeded)
        {
            await WriteGoLineAsync(context.Error, "go: " + result.Error).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a report as the go command logs one: a newline is added only when the text does not end with one.</summary>
    private static Task WriteGoLineAsync(TextWriter writer, string text)
        => text.EndsWith('\n') ? writer.WriteAsync(text) : writer.WriteLineAsync(text);
}
