using System;
using System.Collections.Generic;

namespace GoModules.Http.Internal;

/// <summary>Parses .netrc files the way the go command does (cmd/go/internal/auth/netrc.go).</summary>
/// <remarks>
/// Tokens are read in pairs per line; an entry is complete once it has a machine, a login and a
/// password; <c>macdef</c> skips the following lines up to a blank one; a line ending in an unpaired
/// <c>default</c> token ends the file. Entries without all three fields are ignored.
/// </remarks>
internal static class Netrc
{
    public static List<NetrcEntry> Parse(string data)
    {
        var result = new List<NetrcEntry>();
        string machine = string.Empty, login = string.Empty, password = string.Empty;
        var inMacro = false;
        foreach (var line in data.Split('\n'))
        {
            if (inMacro)
            {
                if (line.Length == 0)
                {
                    inMacro = false;
                }

                continue;
            }

            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var i = 0;
            for (; i < f.Length - 1; i += 2)
            {
                switch (f[i])
                {
                    case "machine":
                        machine = f[i + 1];
                        login = string.Empty;
                        password = string.Empty;
                        break;
                    case "login":
                        login = f[i + 1];
                        break;
                    case "password":
                        password = f[i + 1];
                        break;
                    case "macdef":
                        inMacro = true;
                        break;
                }

                if (machine.Length != 0 && login.Length != 0 && password.Length != 0)
                {
                    result.Add(new NetrcEntry(machine, login, password));
                    machine = login = password = string.Empty;
                }
            }

            if (i < f.Length && f[i] == "default")
            {
                break;
            }
        }

        return result;
    }
}
