using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod list -versions path</c>: the tagged versions of a module, as <c>go list -m -versions</c>.</summary>
internal sealed class ListCommand : ICommand
{
    public string Name => "list";

    public string Summary => "list the versions of a module (like 'go list -m -versions')";

    public string Usage =>
        "usage: gomod list -versions [-json] [-proxy list] <path>\n\n" +
        "Prints the module path followed by its tagged versions, lowest first, from the proxy's\n" +
        "@v/list (pseudo-versions are not listed). Versions retracted by the go.mod of the module's\n" +
        "latest version are left out, as go list -m -versions does. With -json prints {\"Path\", \"Versions\"}.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], ["-versions", "-m", FetchCommandSupport.JsonFlag]);
        if (!reader.Has("-versions"))
        {
            throw new UsageException("only 'gomod list -versions <path>' is supported");
        }

        if (reader.Positional.Count != 1)
        {
            throw new UsageException("expected one module path");
        }

        var path = FetchCommandSupport.ParsePath(reader.Positional[0]);
        using var services = FetchCommandSupport.CreateServices(reader.Value(FetchCommandSupport.ProxyOption));
        var fetcher = FetchCommandSupport.Fetcher(services);
        var versions = await fetcher.ListVersionsAsync(path, cancellationToken).ConfigureAwait(false);
        if (reader.Has(FetchCommandSupport.JsonFlag))
        {
            var json = JsonSerializer.Serialize(new SortedDictionary<string, object> { ["Path"] = path.Value, ["Versions"] = versions }, ListJsonContext.Default.SortedDictionaryStringObject);
            await context.Out.WriteLineAsync(json).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync(versions.Count == 0 ? path.Value : path.Value + " " + string.Join(' ', versions)).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
