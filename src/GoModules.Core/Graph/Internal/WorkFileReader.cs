using System;
using System.Collections.Generic;
using System.Text;
using GoModules.ModFile;

namespace GoModules.Graph.Internal;

/// <summary>
/// Reads a go.work file: its <c>use</c> directories (line and block forms, quoted or not), and its <c>go</c>,
/// <c>toolchain</c> and <c>replace</c> directives through the go.mod grammar (which shares them).
/// </summary>
internal static class WorkFileReader
{
    public static (List<string> Use, GoModFile Work) Read(string name, byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        var use = new List<string>();
        var rest = new StringBuilder();
        var inUseBlock = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).Trim();
            if (inUseBlock)
            {
                if (line == ")")
                {
                    inUseBlock = false;
                }
                else if (line.Length != 0)
                {
                    use.Add(Unquote(line));
                }

                rest.Append('\n');
                continue;
            }

            if (line.StartsWith("use", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3]) || line[3] == '('))
            {
                var arg = line[3..].Trim();
                if (arg == "(")
                {
                    inUseBlock = true;
                }
                else if (arg.Length != 0)
                {
                    use.Add(Unquote(arg));
                }

                rest.Append('\n');
                continue;
            }

            rest.Append(raw).Append('\n');
        }

        if (!GoModFile.TryParse(name, Encoding.UTF8.GetBytes(rest.ToString()), GoModParseMode.Strict, out var file, out var errors))
        {
            throw new GoModuleException($"go: errors parsing {name}:\n{string.Join('\n', errors)}");
        }

        return (use, file);
    }

    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && line[i] == '/' && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : s;
}
