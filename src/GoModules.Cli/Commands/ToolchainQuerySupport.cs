using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.ModFile;
using GoModules.Toolchains;

namespace GoModules.Cli.Commands;

/// <summary>
/// <c>go@&lt;query&gt;</c> and <c>toolchain@&lt;query&gt;</c> arguments of <c>gomod latest</c> and <c>gomod download</c>:
/// the local Go version (<c>-local</c>) and the current versions that <c>upgrade</c> and <c>patch</c> start from,
/// taken as the go command takes them.
/// </summary>
internal static class ToolchainQuerySupport
{
    public const string LocalOption = "-local";

    public const string Help =
        "The paths go and toolchain (go@1.27, toolchain@go1.27.3, go@patch) resolve through the versions of\n" +
        "golang.org/toolchain as the go command does. The go command counts its own version as available;\n" +
        "gomod uses -local goX.Y.Z for that (default: the VERSION file of GOROOT or of the go found on PATH;\n" +
        "none when there is no Go). upgrade and patch start from the main module's go line (toolchain: its\n" +
        "toolchain line, else go<go line> from go 1.21 on), outside a module from the local version.\n";

    /// <summary>Whether an argument names the go or toolchain pseudo-module (with or without a query).</summary>
    public static bool IsToolchainArgument(string arg, out string path, out string? query)
    {
        var at = arg.IndexOf('@', StringComparison.Ordinal);
        path = at < 0 ? arg : arg[..at];
        query = at < 0 ? null : arg[(at + 1)..];
        return GoToolchainQuery.IsToolchainPath(path);
    }

    /// <summary>
    /// The go command's refusal of a query that starts with <c>-</c> or <c>/</c> (it could pass for a flag or a path
    /// on a command line), fatal before anything is looked up; <see langword="null"/> for any other query.
    /// </summary>
    public static string? RefusedQuery(string? query)
        => query is ['-' or '/', ..] ? "go: invalid module version " + GoStrings.Quote(query) : null;

    /// <summary>The local Go version: <c>-local</c>, else GOROOT's (or the go on PATH's) VERSION file, else none.</summary>
    public static string? LocalVersion(ArgumentReader reader)
        => reader.Value(LocalOption) ?? ToolchainCommand.ReadVersionFile(GoEnvironment.Load(ToolchainCommand.ProcessVariables()).GoRoot);

    /// <summary>A query service over <paramref name="fetcher"/>, or a usage error for an invalid <c>-local</c>.</summary>
    public static GoToolchainQuery Create(IModuleFetcher fetcher, string? local, GoModules.Caching.ModuleCache? cache = null)
    {
        try
        {
            return new GoToolchainQuery(fetcher, local, cache);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>
    /// The versions the go command counts as selected for <c>go</c> and <c>toolchain</c>: in a module the go line
    /// (1.16 without one) and the toolchain line, else <c>go</c> + the go line from go 1.21 on, else <c>none</c>;
    /// outside a module the local version (empty when there is none).
    /// </summary>
    public static async Task<(string Go, string Toolchain)> CurrentVersionsAsync(string workingDirectory, string? localGoVersion, CancellationToken cancellationToken)
    {
        var root = GoModules.Graph.MainModuleFiles.FindDirectory(workingDirectory);
        if (root is null)
        {
            return localGoVersion is null ? (string.Empty, string.Empty) : (localGoVersion, "go" + localGoVersion);
        }

        var file = Path.Join(root, "go.mod");
        var goMod = GoModFile.Parse(file, await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false));
        var go = goMod.GoVersion ?? "1.16";
        var toolchain = goMod.Toolchain ?? (GoVersion.Compare(go, "1.21") >= 0 ? "go" + go : "none");
        return (go, toolchain);
    }

    /// <summary>Resolves a go or toolchain argument, starting upgrade and patch from the current versions.</summary>
    public static async Task<GoToolchainQueryResult> ResolveAsync(GoToolchainQuery service, string path, string query, CancellationToken cancellationToken)
    {
        var current = await CurrentVersionsAsync(Directory.GetCurrentDirectory(), service.LocalGoVersion, cancellationToken).ConfigureAwait(false);
        return await service.ResolveAsync(path, query, path == GoToolchainQuery.GoPath ? current.Go : current.Toolchain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current version of a bare <c>go</c> or <c>toolchain</c> argument, as the go command lists it.</summary>
    public static async Task<string?> CurrentAsync(GoToolchainQuery service, string path, CancellationToken cancellationToken)
    {
        var current = await CurrentVersionsAsync(Directory.GetCurrentDirectory(), service.LocalGoVersion, cancellationToken).ConfigureAwait(false);
        var v = path == GoToolchainQuery.GoPath ? current.Go : current.Toolchain;
        return v.Length == 0 || v == "none" ? null : v;
    }

    /// <summary>The go command's <c>go list -m -json</c> record for a resolved go or toolchain query: Path, Version and Query.</summary>
    public static string ListJson(GoToolchainQueryResult result)
        => Record(result.Path, result.Version, result.Query != result.Version ? result.Query : string.Empty, string.Empty).ToJson();

    /// <summary>A <c>go mod download</c> record (Path, Version, Query, Error), formatted as the go command formats it.</summary>
    public static GoModules.Caching.ModuleDownloadResult Record(string path, string version, string query, string error)
        => new(path, version, query, error);

    /// <summary>
    /// What <c>go mod download</c> reports for a go or toolchain argument (see <see cref="GoToolchainQuery.TryDownloadAsync"/>),
    /// starting from the current versions of the working directory's module.
    /// </summary>
    public static async Task<GoModules.Caching.ModuleDownloadResult> DownloadRecordAsync(GoToolchainQuery service, string path, string? query, CancellationToken cancellationToken)
    {
        var current = await CurrentVersionsAsync(Directory.GetCurrentDirectory(), service.LocalGoVersion, cancellationToken).ConfigureAwait(false);
        return await service.TryDownloadAsync(path, query, path == GoToolchainQuery.GoPath ? current.Go : current.Toolchain, cancellationToken).ConfigureAwait(false);
    }
}
