using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Zip;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod zip</c>: creates a module zip from a directory, leaving out what the go command leaves out.</summary>
internal sealed class ZipCommand : ICommand
{
    private const string LegacyVendorFlag = "-legacy-vendor";

    public string Name => "zip";

    public string Summary => "create a module zip from a directory";

    public string Usage =>
        "usage: gomod zip [-legacy-vendor] <dir> <path@version> <out.zip>\n" +
        "\n" +
        "Writes the module zip of <dir> to <out.zip> (atomically) and prints its h1: hash.\n" +
        "VCS directories, nested modules, vendored packages, symbolic links and irregular files\n" +
        "are left out, as the go command does; left-out files are listed on standard error.\n" +
        "  -legacy-vendor  use x/mod v0.7.0's vendoring rule even when go.mod says go 1.24 or later.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [], [LegacyVendorFlag]);
        if (reader.Positional.Count != 3)
        {
            throw new UsageException("expected a directory, path@version and an output file");
        }

        var (path, version) = ModuleArgument.Parse(reader.Positional[1]);
        var output = Path.GetFullPath(reader.Positional[2]);
        var rule = reader.Has(LegacyVendorFlag) ? ModuleZipVendorRule.Legacy : ModuleZipVendorRule.Automatic;
        var temp = output + ".tmp-" + System.Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        try
        {
            ModuleZipCheckResult result;
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                result = await ModuleZipWriter.CreateFromDirectoryAsync(stream, path, version, reader.Positional[0], rule, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, output, overwrite: true);
            foreach (var omitted in result.Omitted)
            {
                await context.Error.WriteLineAsync("omitted " + omitted).ConfigureAwait(false);
            }

            var read = await ModuleZipReader.ReadFileAsync(output, path, version, null, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(read.Hash).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
