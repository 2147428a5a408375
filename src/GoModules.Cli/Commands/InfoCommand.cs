using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod info path@version</c>: prints the version's <c>.info</c>.</summary>
internal sealed class InfoCommand : ICommand
{
    public string Name => "info";

    public string Summary => "print the .info (Version, Time, Origin) of path@version";

    public string Usage =>
        "usage: gomod info [-proxy list] <path@version>\n\n" +
        "Prints the JSON metadata of one version as the proxy serves it in @v/<version>.info. The\n" +
        "version may also be a branch or commit name, which the proxy resolves.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], []);
        if (reader.Positional.Count != 1)
        {
            throw new UsageException("expected one path@version");
        }

        var (path, version) = FetchCommandSupport.ParsePathVersion(reader.Positional[0]);
        using var services = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
        var fetcher = FetchCommandSupport.Fetcher(services);
        var info = await fetcher.GetInfoAsync(new ModuleVersion(path, version), cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync(FetchCommandSupport.InfoJson(info, null)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
