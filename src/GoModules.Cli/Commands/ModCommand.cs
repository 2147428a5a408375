using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary>
/// <c>gomod mod path@version</c>: prints the version's go.mod as the proxy serves it, once the checksum database vouches
/// for it; <c>gomod mod graph</c> and <c>gomod mod why -m</c> answer from the main module's graph.
/// </summary>
internal sealed class ModCommand : ICommand
{
    public string Name => "mod";

    public string Summary => "print the go.mod file of path@version; mod graph; mod why -m";

    public string Usage =>
        "usage: gomod mod [-proxy list] <path@version>\n" +
        "       gomod mod graph [-proxy list]\n" +
        "       gomod mod why -m [-proxy list] <path>...\n\n" +
        "'mod graph' prints the main module's requirement graph as 'go mod graph' does (pruned as Go\n" +
        "prunes it). 'mod why -m' prints a shortest requirement path from the main module to each module\n" +
        "(module requirements, not package imports: the go command answers from imports).\n\n" +
        "Prints @v/<version>.mod byte for byte, once it is verified as the go command verifies it: by\n" +
        "the checksum database GOSUMDB names (sum.golang.org by default), unless GOSUMDB=off or\n" +
        "GONOSUMDB/GOPRIVATE match the module. The version must be canonical (v1.2.3).\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], ["-m"]);
        if (reader.Positional.Count >= 1 && reader.Positional[0] is "graph" or "why")
        {
            return await GraphAsync(reader, context, cancellationToken).ConfigureAwait(false);
        }

        if (reader.Positional.Count != 1)
        {
            throw new UsageException("expected one path@version");
        }

        var (path, version) = FetchCommandSupport.ParsePathVersion(reader.Positional[0]);
        if (!SemVer.IsValid(version) || SemVer.CanonicalModuleVersion(version) != version)
        {
            throw new UsageException($"version \"{version}\" is not canonical; use 'gomod latest {path}@{version}' to resolve it");
        }

        using var services = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
        var fetcher = FetchCommandSupport.Fetcher(services);
        var data = await fetcher.GetGoModAsync(new ModuleVersion(path, version), cancellationToken).ConfigureAwait(false);
        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (context.Out == System.Console.Out)
        {
            var stdout = System.Console.OpenStandardOutput();
            await using (stdout.ConfigureAwait(false))
            {
                await stdout.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(data.Span)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> GraphAsync(ArgumentReader reader, CommandContext context, CancellationToken cancellationToken)
    {
        var why = reader.Positional[0] == "why";
        if (!why && reader.Positional.Count != 1)
        {
            throw new UsageException("'gomod mod graph' accepts no arguments");
        }

        if (why && (!reader.Has("-m") || reader.Positional.Count < 2))
        {
            throw new UsageException("'gomod mod why' needs -m and module paths (package arguments are not supported)");
        }

        using var support = await GraphCommandSupport.LoadAsync(reader.Value(FetchCommandSupport.ProxyOption), cancellationToken).ConfigureAwait(false);
        if (!why)
        {
            await context.Out.WriteAsync(support.Graph.FormatGraph()).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var sb = new System.Text.StringBuilder();
        for (var i = 1; i < reader.Positional.Count; i++)
        {
            var path = reader.Positional[i];
            sb.Append("# ").Append(path).Append('\n');
            var found = support.Graph.FindPath(path);
            if (found is null)
            {
                sb.Append("(main module does not need module ").Append(path).Append(")\n");
            }
            else
            {
                foreach (var node in found)
                {
                    sb.Append(node.Path).Append('\n');
                }
            }

            if (i + 1 < reader.Positional.Count)
            {
                sb.Append('\n');
            }
        }

        await context.Out.WriteAsync(sb.ToString()).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
