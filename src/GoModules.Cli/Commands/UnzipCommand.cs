using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Zip;

namespace GoModules.Cli.Commands;

/// <summary><c>gomod unzip</c>: verifies, hashes and extracts a module zip in one pass.</summary>
internal sealed class UnzipCommand : ICommand
{
    private const string ProgressFlag = "-progress";

    public string Name => "unzip";

    public string Summary => "verify, hash and extract a module zip";

    public string Usage =>
        "usage: gomod unzip [-progress] <zip|-> <path@version> <dir>\n" +
        "\n" +
        "Checks every rule of module zips, extracts the files into <dir> (which must not exist or be\n" +
        "empty; files end up read-only) and prints the h1: hash. Nothing is left behind on failure.\n" +
        "With '-' the zip is read from standard input in one forward-only pass.\n" +
        "  -progress  report the bytes read on standard error.";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgumentReader(args, [], [ProgressFlag]);
        if (reader.Positional.Count != 3)
        {
            throw new UsageException("expected a zip file, path@version and a directory");
        }

        var (path, version) = ModuleArgument.Parse(reader.Positional[1]);
        var options = new ModuleZipReadOptions { ExtractTo = reader.Positional[2] };
        if (reader.Has(ProgressFlag))
        {
            var error = context.Error;
            options.Progress = new ConsoleProgress(error);
        }

        ModuleZipReadResult result;
        if (reader.Positional[0] == "-")
        {
            var stdin = Console.OpenStandardInput();
            await using (stdin.ConfigureAwait(false))
            {
                result = await ModuleZipReader.ReadAsync(stdin, path, version, options, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            result = await ModuleZipReader.ReadFileAsync(reader.Positional[0], path, version, options, cancellationToken).ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync(result.Hash).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Writes each report at once, on the reporting thread.</summary>
    private sealed class ConsoleProgress(System.IO.TextWriter writer) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (writer)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value} bytes"));
            }
        }
    }
}
