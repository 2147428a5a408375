using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Caching;
using GoModules.Toolchains;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod toolchain select|download</c>: the go command's toolchain switching without Go.</summary>
internal sealed class ToolchainCommand : ICommand
{
    private const string JsonFlag = "-json";
    private const string TraceFlag = "-x";
    private const string LocalOption = "-local";
    private const string GoRootOption = "-goroot";
    private const string GoosOption = "-goos";
    private const string GoarchOption = "-goarch";

    public string Name => "toolchain";

    public string Summary => "select or download a Go toolchain (GOTOOLCHAIN, go.mod toolchain lines)";

    public string Usage =>
        "usage: gomod toolchain select [-json] [-local goX.Y.Z] [-goroot dir]\n" +
        "       gomod toolchain download [-json] [-x] [-proxy list] [-goos os] [-goarch arch] <version>\n\n" +
        "select prints the toolchain the go command would run in the current directory: it reads\n" +
        "GOTOOLCHAIN (environment, go env file, $GOROOT/go.env) and the go and toolchain lines of the\n" +
        "go.work or go.mod file, with the local toolchain as the default. 'local' means no switch.\n" +
        "-local names the local toolchain (default: the VERSION file of -goroot, GOROOT, or the go\n" +
        "found on PATH; none when there is no Go, so that any go line selects a toolchain to download).\n" +
        "-json prints Toolchain, Version, Local, Mode, Reason, File, GoLine, ToolchainLine, InPath (a program\n" +
        "of that name in PATH, which go runs instead of downloading) and Module.\n\n" +
        "download fetches golang.org/toolchain@v0.0.1-go<version>.<goos>-<goarch> through GOPROXY into\n" +
        "the module cache, as the go command does when it switches toolchains, and prints the directory\n" +
        "(a GOROOT whose bin/go runs). The checksum database is always consulted for toolchains, even\n" +
        "with GOSUMDB=off or a matching GONOSUMDB (except, as in Go, when GOPROXY is a single file://\n" +
        "URL). <version> is a toolchain name such as go1.22.0 (or 1.22.0). -json prints Path, Version,\n" +
        "Toolchain, Dir, Zip, Sum and GoCommand. -x prints each proxy request.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(
            args,
            [LocalOption, GoRootOption, GoosOption, GoarchOption, FetchCommandSupport.ProxyOption],
            [JsonFlag, TraceFlag]);
        if (reader.Positional.Count == 0)
        {
            throw new UsageException("expected 'select' or 'download'");
        }

        switch (reader.Positional[0])
        {
            case "select":
                if (reader.Positional.Count != 1)
                {
                    throw new UsageException("select takes no arguments");
                }

                return await SelectAsync(reader, context).ConfigureAwait(false);
            case "download":
                if (reader.Positional.Count != 2)
                {
                    throw new UsageException("download takes one toolchain version");
                }

                return await DownloadAsync(reader, context, cancellationToken).ConfigureAwait(false);
            default:
                throw new UsageException($"unknown toolchain command '{reader.Positional[0]}'");
        }
    }

    private static async Task<int> SelectAsync(ArgumentReader reader, CommandContext context)
    {
        var variables = ProcessVariables();
        var goRoot = reader.Value(GoRootOption) ?? GoEnvironment.Load(variables).GoRoot;
        var local = reader.Value(LocalOption) ?? ReadVersionFile(goRoot);
        GoToolchainSelection selection;
        try
        {
            selection = GoToolchainSelector.SelectForDirectory(variables, goRoot, local, Directory.GetCurrentDirectory());
        }
        catch (GoModuleException ex)
        {
            await context.Error.WriteLineAsync("go: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (!reader.Has(JsonFlag))
        {
            await context.Out.WriteLineAsync(selection.IsLocal ? "local" : selection.Toolchain).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var json = Json(w =>
        {
            w.WriteString("Toolchain", selection.Toolchain);
            w.WriteString("Version", selection.Version);
            w.WriteBoolean("Local", selection.IsLocal);
            w.WriteString("Mode", selection.Mode.ToString().ToLowerInvariant());
            w.WriteString("Reason", selection.Reason.ToString());
            if (selection.File is not null)
            {
                w.WriteString("File", selection.File);
            }

            if (selection.GoLine.Length != 0)
            {
                w.WriteString("GoLine", selection.GoLine);
            }

            if (selection.ToolchainLine.Length != 0)
            {
                w.WriteString("ToolchainLine", selection.ToolchainLine);
            }

            if (!selection.IsLocal && GoToolchainSelector.FindInPath(selection.Toolchain, System.Environment.GetEnvironmentVariable("PATH")) is { } inPath)
            {
                // The go command runs this one instead of downloading.
                w.WriteString("InPath", inPath);
            }

            if (selection.CanDownload)
            {
                w.WriteString("Module", GoToolchainSelection.GetToolchainModule(selection.Toolchain, GoToolchainDownloader.HostGoos, GoToolchainDownloader.HostGoarch).ToString());
            }
        });
        await context.Out.WriteLineAsync(json).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<int> DownloadAsync(ArgumentReader reader, CommandContext context, CancellationToken cancellationToken)
    {
        var toolchain = reader.Positional[1];
        if (toolchain.Length != 0 && char.IsAsciiDigit(toolchain[0]))
        {
            toolchain = "go" + toolchain;
        }

        if (!toolchain.StartsWith("go1", StringComparison.Ordinal) && !toolchain.Contains("-go1", StringComparison.Ordinal))
        {
            throw new UsageException($"invalid toolchain \"{toolchain}\": expected a name such as go1.22.0");
        }

        var goos = reader.Value(GoosOption) ?? GoToolchainDownloader.HostGoos;
        var goarch = reader.Value(GoarchOption) ?? GoToolchainDownloader.HostGoarch;
        var proxy = reader.Value(FetchCommandSupport.ProxyOption);
        var env = CacheCommandSupport.Environment(proxy);
        var options = CacheCommandSupport.Options(env, modCacheRw: false);
        var owned = new List<IDisposable>();
        try
        {
            var transports = CacheCommandSupport.Transports(proxy, reader.Has(TraceFlag) ? context.Error : null, owned);
            options.ChecksumVerifier = CacheCommandSupport.Verifier(env, transports, null);
            var cache = new ModuleCache(CacheCommandSupport.Fetcher(env, transports), options);
            var module = GoToolchainSelection.GetToolchainModule(toolchain, goos, goarch);
            if (!cache.IsExtracted(module))
            {
                await context.Error.WriteLineAsync($"go: downloading {toolchain} ({goos}/{goarch})").ConfigureAwait(false);
            }

            GoToolchainDownload download;
            try
            {
                download = await new GoToolchainDownloader(cache).DownloadAsync(toolchain, goos, goarch, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException ex)
            {
                await context.Error.WriteLineAsync("go: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            if (!reader.Has(JsonFlag))
            {
                await context.Out.WriteLineAsync(download.GoRoot).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var json = Json(w =>
            {
                w.WriteString("Path", download.Module.Path.Value);
                w.WriteString("Version", download.Module.Version);
                w.WriteString("Toolchain", download.Toolchain);
                w.WriteString("Zip", cache.Paths.GetZipFile(download.Module));
                w.WriteString("Dir", download.GoRoot);
                w.WriteString("Sum", download.Sum);
                w.WriteString("GoCommand", download.GoCommand);
            });
            await context.Out.WriteLineAsync(json).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).Replace("  ", "\t", StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> ProcessVariables()
    {
        var variables = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }

    /// <summary>The first line of GOROOT/VERSION (such as go1.27.3), or null.</summary>
    internal static string? ReadVersionFile(string? goRoot)
    {
        if (string.IsNullOrEmpty(goRoot))
        {
            return null;
        }

        try
        {
            var file = Path.Join(goRoot, "VERSION");
            if (!File.Exists(file))
            {
                return null;
            }

            var first = File.ReadAllText(file).Split('\n')[0].Trim();
            return first.Length == 0 ? null : first;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
