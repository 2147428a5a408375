using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod mod path@version</c>: prints the version's go.mod as the proxy serves it, once the checksum database vouches for it.</summary>
internal sealed class ModCommand : ICommand
{
    public string Name => "mod";

    public string Summary => "print the go.mod file of path@version";

    public string Usage =>
        "usage: gomod mod [-proxy list] <path@version>\n\n" +
        "Prints @v/<version>.mod byte for byte, once it is verified as the go command verifies it: by\n" +
        "the checksum database GOSUMDB names (sum.golang.org by default), unless GOSUMDB=off or\n" +
        "GONOSUMDB/GOPRIVATE match the module. The version must be canonical (v1.2.3).\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], []);
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
}
