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
        "usage: gomod latest [-json] [--proxy list] <path>[@query]\n\n" +
        "Prints 'path version' for the latest version: the highest release in @v/list, else the\n" +
        "highest pre-release, and @latest only when the list has no tagged version. A query other\n" +
        "than latest (v1, v1.2, <v2, >=v1.0.0, a branch or commit) may follow '@'. With -json prints\n" +
        "the version's Path, Version, Time and Origin. The paths go and toolchain (go@1.27, toolchain@latest)\n" +
        "resolve through the versions of golang.org/toolchain, as the go command does.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], [FetchCommandSupport.JsonFlag]);
        if (reader.Positional.Count != 1)
        {
            throw new UsageException("expected one module path");
        }

        var arg = reader.Positional[0];
        var at = arg.IndexOf('@', System.StringComparison.Ordinal);
        var pathText = at < 0 ? arg : arg[..at];
        if (GoModules.Toolchains.Internal.ToolchainQuery.IsToolchainPath(pathText))
        {
            // go@<v> and toolchain@<v>: resolved through golang.org/toolchain's versions, as the newest go does.
            var toolchainQuery = at < 0 ? "latest" : arg[(at + 1)..];
            using var toolchainServices = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
            ModuleInfo resolved;
            try
            {
                resolved = await GoModules.Toolchains.Internal.ToolchainQuery.ResolveAsync(FetchCommandSupport.Fetcher(toolchainServices), pathText, toolchainQuery, cancellationToken).ConfigureAwait(false);
            }
            catch (System.ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            await context.Out.WriteLineAsync(reader.Has(FetchCommandSupport.JsonFlag) ? FetchCommandSupport.InfoJson(resolved, pathText) : pathText + " " + resolved.Version).ConfigureAwait(false);
            return ExitCodes.Success;
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
}
