using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Zip;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod check</c>: reports which files of a module zip or directory are valid, omitted or invalid.</summary>
internal sealed class CheckCommand : ICommand
{
    public string Name => "check";

    public string Summary => "check a module zip or directory against the module zip rules";

    public string Usage =>
        "usage: gomod check <zip|dir> <path@version>\n" +
        "\n" +
        "For a directory, lists the files that would be zipped ('valid'), left out ('omitted') and\n" +
        "that make the module invalid ('invalid'), as x/mod's CheckDir does. For a zip, checks the\n" +
        "names and sizes (CheckZip), then reads every entry, verifying sizes, CRC-32s and the central\n" +
        "directory, and prints the h1: hash. Exits with 1 when the module is not valid.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [], []);
        if (reader.Positional.Count != 2)
        {
            throw new UsageException("expected a zip file or directory and path@version");
        }

        var target = reader.Positional[0];
        var (path, version) = ModuleArgument.Parse(reader.Positional[1]);
        ModuleZipCheckResult result;
        if (Directory.Exists(target))
        {
            ModuleVersion.Check(path, version);
            result = await ModuleZipValidator.CheckDirectoryAsync(target, ModuleZipVendorRule.Automatic, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result = await ModuleZipValidator.CheckZipAsync(path, version, target, cancellationToken).ConfigureAwait(false);
        }

        foreach (var v in result.Valid)
        {
            await context.Out.WriteLineAsync("valid   " + v).ConfigureAwait(false);
        }

        foreach (var o in result.Omitted)
        {
            await context.Out.WriteLineAsync("omitted " + o).ConfigureAwait(false);
        }

        foreach (var i in result.Invalid)
        {
            await context.Out.WriteLineAsync("invalid " + i).ConfigureAwait(false);
        }

        if (result.Error is { } error)
        {
            await context.Error.WriteLineAsync("gomod check: " + error.Message).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (!Directory.Exists(target))
        {
            var read = await ModuleZipReader.ReadFileAsync(target, path, version, null, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(read.Hash).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
