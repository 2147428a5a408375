using System;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Cli.Commands;

namespace GoModules.Cli;

internal static class Program
{
    /// <summary>Every command of the tool; add new ones here.</summary>
    internal static CommandTable Commands { get; } = new(
    [
        new HashCommand(),
        new ZipCommand(),
        new UnzipCommand(),
        new CheckCommand(),
        new ListCommand(),
        new LatestCommand(),
        new InfoCommand(),
        new ModCommand(),
        new GetCommand(),
        new DownloadCommand(),
        new VerifyCommand(),
        new CleanCommand(),
        new SumDbCommand(),
        new ToolchainCommand(),
    ]);

    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // Messages may quote what a server said: standard error escapes control characters (see TerminalSafeWriter).
        using var stderr = new GoModules.Cli.Commands.TerminalSafeWriter(Console.Error);
        return await Commands.RunAsync(args, Console.Out, stderr, cancel.Token).ConfigureAwait(false);
    }
}
