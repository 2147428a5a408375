using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace GoModules.Cli.Commands;

/// <summary>One <c>gomod</c> subcommand.</summary>
internal interface ICommand
{
    /// <summary>The word that selects the command, such as <c>hash</c>.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The usage text printed for <c>--help</c> and usage errors.</summary>
    string Usage { get; }

    /// <summary>Runs the command with the arguments after its name.</summary>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    /// <exception cref="UsageException">The arguments are wrong.</exception>
    Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken);
}
