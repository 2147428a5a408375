using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod list -versions path</c>: the tagged versions of a module, as <c>go list -m -versions</c>.</summary>
internal sealed class ListCommand : ICommand
{
    public string Name => "list";

    public string Summary => "list modules of the build list or the versions of a module (go list -m)";

    public string Usage =>
        "usage: gomod list -m [-u] [-retracted] [-json] [-proxy list] [all | pattern | path ...]\n" +
        "       gomod list -versions [-json] [-proxy list] <path>\n\n" +
        "With -m, inside a module, answers as 'go list -m' does from the main module's module graph\n" +
        "(minimal version selection with graph pruning, replace and exclude directives): 'all' lists the\n" +
        "build list, a pattern with '...' the matching modules, no argument the main module. -u adds the\n" +
        "available update, retractions and deprecations; -retracted adds retractions; -json prints Go's\n" +
        "JSON objects. go.mod and go.sum are only read (the go command may rewrite them).\n\n" +
        "Prints the module path followed by its tagged versions, lowest first, from the proxy's\n" +
        "@v/list (pseudo-versions are not listed). Versions retracted by the go.mod of the module's\n" +
        "latest version are left out, as go list -m -versions does. With -json prints {\"Path\", \"Versions\"}.\n\n" +
        FetchCommandSupport.EnvironmentHelp;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [FetchCommandSupport.ProxyOption], ["-versions", "-m", "-u", "-retracted", FetchCommandSupport.JsonFlag]);
        if (!reader.Has("-versions"))
        {
            if (!reader.Has("-m"))
            {
                throw new UsageException("only 'gomod list -m' and 'gomod list -versions <path>' are supported");
            }

            return await ListModulesAsync(reader, context, cancellationToken).ConfigureAwait(false);
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

    private static async Task<int> ListModulesAsync(ArgumentReader reader, CommandContext context, CancellationToken cancellationToken)
    {
        var json = reader.Has(FetchCommandSupport.JsonFlag);
        if (reader.Positional.Count == 0 && !reader.Has("-u") && !reader.Has("-retracted") && GraphCommandSupport.FindWorkFile() is null)
        {
            // The main module alone: from its go.mod, without the graph (as go list -m does).
            var root = GoModules.Graph.MainModuleFiles.FindDirectory(System.IO.Directory.GetCurrentDirectory())
                ?? throw new GoModuleException("go: go.mod file not found in current directory or any parent directory; see 'go help modules'");
            var name = System.IO.Path.Join(root, "go.mod");
            var goMod = GoModules.ModFile.GoModFile.Parse(name, await System.IO.File.ReadAllBytesAsync(name, cancellationToken).ConfigureAwait(false));
            var main = GoModules.Graph.ModuleLister.ListMainModule(goMod, root);
            await context.Out.WriteAsync((json ? main.ToJson() : main.ToString()) + "\n").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        using var support = await GraphCommandSupport.LoadAsync(reader.Value(FetchCommandSupport.ProxyOption), cancellationToken).ConfigureAwait(false);
        var options = new GoModules.Graph.ModuleListOptions
        {
            Updates = reader.Has("-u"),
            Retracted = reader.Has("-retracted"),
            Fetcher = support.Fetcher,
            GoSum = support.GoSum,
        };
        IReadOnlyList<GoModules.Graph.ListedModule> modules;
        try
        {
            modules = await GoModules.Graph.ModuleLister.ListAsync(support.Graph, reader.Positional, options, cancellationToken).ConfigureAwait(false);
        }
        catch (System.ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        // One write for the whole answer (hundreds of lines for all), as the go command buffers its output.
        var output = new System.Text.StringBuilder();
        var failed = false;
        foreach (var m in modules)
        {
            if (json)
            {
                output.Append(m.ToJson()).Append('\n');
            }
            else if (m.Error is not null)
            {
                failed = true;
                await context.Error.WriteLineAsync("go: " + m.Error).ConfigureAwait(false);
            }
            else
            {
                output.Append(m.ToString()).Append('\n');
            }
        }

        await context.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
        await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }
}
