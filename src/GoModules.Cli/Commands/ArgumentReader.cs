using System;
using System.Collections.Generic;

namespace GoModules.Cli.Commands;

/// <summary>Minimal option parsing: <c>--name value</c>, <c>--name=value</c>, flags and positional arguments.</summary>
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
            var name = eq < 0 ? arg : arg[..eq];
            string? value;
            if (Contains(valueOptions, name))
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
            else if (Contains(flagOptions, name) && eq < 0)
            {
                value = null;
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

    private static bool Contains(IReadOnlyCollection<string> names, string name)
    {
        foreach (var n in names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
