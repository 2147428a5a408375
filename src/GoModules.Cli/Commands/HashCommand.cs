using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Hashing;

namespace GoModules.Cli.Commands;

/// <summary>
/// <c>gomod hash</c>: prints the go.sum <c>h1:</c> hash of a module zip, of an extracted module
/// directory, or of a go.mod file.
/// </summary>
internal sealed class HashCommand : ICommand
{
    private const string ModuleOption = "-module";
    private const string GoModOption = "-gomod";

    public string Name => "hash";

    public string Summary => "print the h1: hash of a module zip, directory or go.mod";

    public string Usage =>
        "usage: gomod hash <zip> [-module path@version]\n" +
        "       gomod hash <dir> -module path@version\n" +
        "       gomod hash -gomod <go.mod file>\n" +
        "\n" +
        "Prints the hash go.sum records for a module version:\n" +
        "  <zip>     the hash of a module zip (as in 'path version h1:...'); with -module, every\n" +
        "            entry must be under path@version/.\n" +
        "  <dir>     the hash of an extracted module directory, naming its files path@version/...\n" +
        "            as 'go mod verify' does; -module is required.\n" +
        "  -gomod   the hash of a go.mod file alone (as in 'path version/go.mod h1:...').";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [ModuleOption, GoModOption], []);
        var module = reader.Value(ModuleOption);
        string hash;
        if (reader.Has(GoModOption))
        {
            if (reader.Positional.Count != 0 || module is not null)
            {
                throw new UsageException("-gomod takes one file and no other arguments");
            }

            var goMod = await File.ReadAllBytesAsync(reader.Value(GoModOption)!, cancellationToken).ConfigureAwait(false);
            hash = DirHash.HashGoMod(goMod);
        }
        else
        {
            if (reader.Positional.Count != 1)
            {
                throw new UsageException("expected one zip file or directory");
            }

            if (module is not null && (!ModuleVersion.TryParse(module, out var parsed) || string.IsNullOrEmpty(parsed.Version)))
            {
                throw new UsageException($"-module must be a module path@version, not \"{module}\"");
            }

            var target = reader.Positional[0];
            if (Directory.Exists(target))
            {
                if (module is null)
                {
                    throw new UsageException("hashing a directory needs -module path@version (the names in the hash start with it)");
                }

                hash = await DirHash.HashDirectoryAsync(target, module, cancellationToken).ConfigureAwait(false);
            }
            else if (File.Exists(target))
            {
                // With -module, a zip with an entry outside module@version/ is refused rather than hashed.
                hash = await DirHash.HashZipAsync(target, new DirHashOptions { RequiredZipPrefix = module is null ? null : module + "/" }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new FileNotFoundException($"{target}: no such file or directory", target);
            }
        }

        await context.Out.WriteLineAsync(hash).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
