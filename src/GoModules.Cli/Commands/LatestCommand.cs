using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod latest path</c>: resolves the latest version as <c>go list -m path@latest</c> does.</summary>
internal sealed class LatestCommand : ICommand
{
    public string Name => "latest";

    public string Summary => "resolve the latest version of a module (like 'go list -m path@latest')";

    public string Usage =>
        "usage: gomod latest [-json] [-proxy list] [-local goX.Y.Z] <path>[@query]\n\n" +
        "Prints 'path version' for the latest version: the highest release in @v/list, else the\n" +
        "highest pre-release, and @latest only when the list has no tagged version. A query other\n" +
        "than latest (v1, v1.2, <v2, >=v1.0.0, a branch or commit) may follow '@'. With -json prints\n" +
        "the version's Path, Version, Time and Origin (for go and toolchain: Path, Version and Query, as go).\n" +
        ToolchainQuerySupport.Help + "\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption, ToolchainQuerySupport.LocalOption], [FetchCommandSupport.JsonFlag]);
        if (reader.Positional.Count != 1)
        {
            throw new UsageException("expected one module path");
        }

        var arg = reader.Positional[0];
        if (ToolchainQuerySupport.IsToolchainArgument(arg, out var toolchainPath, out var toolchainQuery))
        {
            return await ResolveToolchainAsync(reader, toolchainPath, toolchainQuery ?? "latest", context, cancellationToken).ConfigureAwait(false);
        }

        if (reader.Has(ToolchainQuerySupport.LocalOption))
        {
            throw new UsageException("-local applies to the paths go and toolchain only");
        }

        var (path, query) = arg.Contains('@', System.StringComparison.Ordinal) ? FetchCommandSupport.ParsePathVersion(arg) : (FetchCommandSupport.ParsePath(arg), "latest");
        using var services = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
        var fetcher = FetchCommandSupport.Fetcher(services);
        ModuleInfo info;
        try
        {
            info = await fetcher.QueryAsync(path, query, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        await context.Out.WriteLineAsync(reader.Has(FetchCommandSupport.JsonFlag) ? FetchCommandSupport.InfoJson(info, path.Value) : path.Value + " " + info.Version).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>go@query and toolchain@query: resolved through golang.org/toolchain's versions, as the newest go does.</summary>
    private static async Task<int> ResolveToolchainAsync(ArgumentReader reader, string path, string query, CommandContext context, CancellationToken cancellationToken)
    {
        if (ToolchainQuerySupport.RefusedQuery(query) is { } refused)
        {
            await context.Error.WriteLineAsync(refused).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        using var services = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
        var service = ToolchainQuerySupport.Create(FetchCommandSupport.Fetcher(services), ToolchainQuerySupport.LocalVersion(reader));
        GoModules.Toolchains.GoToolchainQueryResult resolved;
        try
        {
            resolved = await ToolchainQuerySupport.ResolveAsync(service, path, query, cancellationToken).ConfigureAwait(false);
        }
        catch (GoModuleException ex)
        {
            // As the go command reports it (go list -m exits 1 with "go: " and the module error).
            await context.Error.WriteLineAsync("go: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await context.Out.WriteLineAsync(reader.Has(FetchCommandSupport.JsonFlag) ? ToolchainQuerySupport.ListJson(resolved) : path + " " + resolved.Version).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
