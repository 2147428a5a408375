using System.IO;

namespace GoModules.Cli.Commands;

/// <summary>Where a command writes its output and diagnostics.</summary>
/// <param name="Out">Standard output: the command's result.</param>
/// <param name="Error">Standard error: warnings and failures.</param>
internal sealed record CommandContext(TextWriter Out, TextWriter Error);
