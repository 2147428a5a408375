using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Cli.Commands;

namespace GoModules.Cli;

/// <summary>Maps the first argument to a command and runs it; prints help for unknown or missing commands.</summary>
internal sealed class CommandTable
{
    private readonly Dictionary<string, ICommand> _commands = new(StringComparer.Ordinal);
    private readonly List<ICommand> _ordered = [];

    public CommandTable(IEnumerable<ICommand> commands)
    {
        foreach (var command in commands)
        {
            _commands.Add(command.Name, command);
            _ordered.Add(command);
        }
    }

    /// <summary>Runs the command named by <c>args[0]</c> with the remaining arguments.</summary>
    /// <returns>The process exit code: 0 success, 1 failure, 2 usage error.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "help" or "-h" or "-help" or "--help")
        {
            if (args.Count > 1)
            {
                if (!_commands.TryGetValue(args[1], out var topic))
                {
                    await stderr.WriteLineAsync($"gomod help {args[1]}: unknown help topic. Run 'gomod help'.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                await stdout.WriteLineAsync(topic.Usage).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await WriteHelpAsync(args.Count == 0 ? stderr : stdout).ConfigureAwait(false);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (!_commands.TryGetValue(args[0], out var command))
        {
            await stderr.WriteLineAsync($"gomod {args[0]}: unknown command\nRun 'gomod help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var rest = new string[args.Count - 1];
        for (var i = 1; i < args.Count; i++)
        {
            rest[i - 1] = args[i];
        }

        if (Array.Exists(rest, a => a is "-h" or "-help" or "--help"))
        {
            await stdout.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, new CommandContext(stdout, stderr), cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync($"gomod {command.Name}: {ex.Message}\n{command.Usage}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"gomod {command.Name}: canceled").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or FormatException or GoModules.ChecksumMismatchException or GoModules.GoModuleException)
        {
            await stderr.WriteLineAsync($"gomod {command.Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private async Task WriteHelpAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("gomod: Go module tools without a Go toolchain.\n\nUsage:\n\n\tgomod <command> [arguments]\n\nThe commands are:\n").ConfigureAwait(false);
        foreach (var command in _ordered)
        {
            await writer.WriteLineAsync($"\t{command.Name,-10} {command.Summary}").ConfigureAwait(false);
        }

        await writer.WriteLineAsync("\nUse 'gomod help <command>' for more information about a command.").ConfigureAwait(false);
    }
}
