using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Graph;

namespace GoModules.Cli.Commands;

/// <summary>
/// <c>gomod get path[@query]...</c>: upgrades, downgrades or removes module requirements of the main module as
/// <c>go get</c> does for module arguments, and writes go.mod and go.sum (see <see cref="ModuleGetter"/>).
/// </summary>
internal sealed class GetCommand : ICommand
{
    public string Name => "get";

    public string Summary => "add, upgrade, downgrade or remove module requirements (go get for modules)";

    public string Usage =>
        "usage: gomod get [-proxy list] <path>[@query]...\n\n" +
        "Resolves each module query (a version, a version prefix such as v1 or v1.2, a comparison such as\n" +
        "<v1.2.0 or >=v1.1.0, latest, upgrade, patch, or none to remove the module; a bare path means\n" +
        "@upgrade), then recomputes the main module's requirements as 'go get' does and writes go.mod and\n" +
        "go.sum. Only module paths are accepted: package paths, patterns (./..., all), go, toolchain and\n" +
        "the -u, -t and -tool flags are not supported, and no package is loaded.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], []);
        if (reader.Positional.Count == 0)
        {
            throw new UsageException("expected at least one module path (gomod get does not upgrade packages of the current directory)");
        }

        using var support = await GraphCommandSupport.LoadAsync(reader.Value(FetchCommandSupport.ProxyOption), cancellationToken).ConfigureAwait(false);
        if (support.Graph.MainModulePaths.Count != 1)
        {
            throw new GoModuleException("go: gomod get does not edit workspaces (go.work); set GOWORK=off");
        }

        var result = await ModuleGetter.GetAsync(support.Graph.MainModuleDirectory, [.. reader.Positional], support.Cache, support.Fetcher, write: true, cancellationToken).ConfigureAwait(false);
        foreach (var line in result.Warnings.Concat(result.Changes))
        {
            await context.Error.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
