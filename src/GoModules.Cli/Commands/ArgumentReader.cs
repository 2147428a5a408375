using System;
using System.Collections.Generic;

namespace GoModules.Cli.Commands;

/// <summary>
/// Option parsing in the style of Go's flag package: <c>-name value</c>, <c>-name=value</c>, flags, and positional
/// arguments; an option is declared with one dash and accepted with one or two (<c>--name</c>), as Go accepts both.
/// A flag may also be given as <c>-name=true</c> or <c>-name=false</c>.
/// </summary>
internal sealed class ArgumentReader
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    /// <param name="args">The arguments.</param>
    /// <param name="valueOptions">Options that take a value.</param>
    /// <param name="flagOptions">Options that take no value.</param>
    /// <exception cref="UsageException">An unknown option, a missing value or a repeated option.</exception>
    public ArgumentReader(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var onlyPositional = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositional || !arg.StartsWith('-') || arg == "-")
            {
                _positional.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositional = true;
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var spelled = eq < 0 ? arg : arg[..eq];
            string? value;
            if (Find(valueOptions, spelled) is { } name)
            {
                if (eq >= 0)
                {
                    value = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"option {name} needs a value");
                }
            }
            else if (Find(flagOptions, spelled) is { } flag)
            {
                name = flag;
                value = null;
                if (eq >= 0)
                {
                    switch (arg[(eq + 1)..])
                    {
                        case "true" or "1" or "t" or "T" or "TRUE" or "True":
                            break;
                        case "false" or "0" or "f" or "F" or "FALSE" or "False":
                            continue; // an explicit false leaves the flag unset
                        default:
                            throw new UsageException($"invalid boolean value \"{arg[(eq + 1)..]}\" for {flag}");
                    }
                }
            }
            else
            {
                throw new UsageException($"unknown option {arg}");
            }

            if (!_options.TryAdd(name, value))
            {
                throw new UsageException($"option {name} given twice");
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.TryGetValue(name, out var v) ? v : null;

    /// <summary>The declared spelling of the option <paramref name="spelled"/> names (one or two dashes), or <see langword="null"/>.</summary>
    private static string? Find(IReadOnlyCollection<string> names, string spelled)
    {
        var bare = spelled.StartsWith("--", StringComparison.Ordinal) ? spelled[2..] : spelled[1..];
        if (bare.Length == 0 || bare[0] == '-')
        {
            return null;
        }

        foreach (var n in names)
        {
            if (string.Equals(n.TrimStart('-'), bare, StringComparison.Ordinal))
            {
                return n;
            }
        }

        return null;
    }
}
