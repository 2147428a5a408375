using System.Text;

namespace GoModules.Tests.ModFile;

/// <summary>
/// Random go.mod files (comments everywhere a comment can go, blocks and single lines, <c>// indirect</c> markers,
/// quoted and non-canonical tokens, blank lines, CRLF, repeats) and random edit scripts for them, from a seed.
/// </summary>
internal sealed class GoModRandom(int seed)
{
    private static readonly string[] Paths =
    [
        "example.com/a", "example.com/b", "example.com/c", "example.com/d", "example.com/e", "golang.org/x/text",
        "example.com/m/v2", "gopkg.in/yaml.v2", "example.com/z",
    ];

    private static readonly string[] Versions =
    [
        "v1.0.0", "v1.2.3", "v0.1.0", "v1.10.0", "v1.2.0-pre", "v0.0.0-20200101000000-abcdefabcdef", "v1.2.3+incompatible",
        "v2.0.0+incompatible", "v0.3.0",
    ];

    private static readonly string[] GoVersions = ["1.16", "1.17", "1.20", "1.21", "1.21.0", "1.22rc1", "1.23.4", "1.25"];

    private static readonly string[] Comments =
    [
        "// a comment", "//no space", "// indirect", "// indirect; kept", "//", "// Deprecated: use b", "//  spaced   ",
    ];

    private readonly Random _random = new(seed);

    public bool Lax => _random.Next(6) == 0;

    private bool Chance(int percent) => _random.Next(100) < percent;

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    private string PathFor(out string major)
    {
        var path = Pick(Paths);
        major = path.EndsWith("/v2", StringComparison.Ordinal) ? "v2" : path.EndsWith(".v2", StringComparison.Ordinal) ? "v2" : "";
        return path;
    }

    private string VersionFor(string major)
    {
        if (major == "v2")
        {
            return Pick(["v2.0.0", "v2.1.0", "v2.3.0-rc.1"]);
        }

        return Pick(Versions);
    }

    private (string Path, string Version) Module()
    {
        var path = PathFor(out var major);
        return (path, VersionFor(major));
    }

    private static string Quoted(string s) => "\"" + s + "\"";

    private string Token(string s) => Chance(8) ? Quoted(s) : s;

    private string FileVersion(string v)
        => Chance(6) && v is "v1.0.0" or "v0.1.0" or "v0.3.0" ? v[..^2] : Token(v);

    private string Space() => Chance(10) ? " \t " : " ";

    private string Suffix(bool requireLine = false)
    {
        if (requireLine && Chance(35))
        {
            return " // indirect";
        }

        return Chance(15) ? " " + Pick(Comments) : "";
    }

    private void Before(StringBuilder b, string indent)
    {
        if (Chance(12))
        {
            foreach (var _ in Enumerable.Range(0, 1 + _random.Next(2)))
            {
                b.Append(indent).Append(Pick(Comments)).Append('\n');
            }
        }
    }

    private string LineArgs(string verb)
    {
        switch (verb)
        {
            case "require":
            case "exclude":
            {
                var (p, v) = Module();
                return Token(p) + Space() + FileVersion(v);
            }

            case "replace":
            {
                var (p, v) = Module();
                var left = Chance(50) ? Token(p) + " " + FileVersion(v) : Token(p);
                var right = Chance(30) ? Pick(["../local", "./dir", "/abs/dir"]) : Token(Module().Path) + " " + Token(Module().Version);
                if (right.StartsWith("example.com/m/v2", StringComparison.Ordinal) || right.StartsWith("gopkg.in", StringComparison.Ordinal))
                {
                    right = "example.com/fork v1.0.0";
                }

                return left + " => " + right;
            }

            case "retract":
                return Chance(40) ? "[v1.0.0, v1.2.3]" : Token(Pick(["v1.0.0", "v1.2.3", "v0.1.0", "v1.10.0"]));
            case "godebug":
                return Pick(["panicnil=1", "x509sha1=1", "http2client=0"]);
            case "tool":
                return Pick(["example.com/a/cmd/t", "golang.org/x/tools/cmd/stringer", "example.com/b/tool"]);
            default:
                return Pick(["./vendor-like", "testdata", "third_party/x"]);
        }
    }

    /// <summary>A random go.mod text.</summary>
    public string File()
    {
        var b = new StringBuilder();
        if (Chance(15))
        {
            b.Append("// top comment\n\n");
        }

        Before(b, "");
        b.Append("module ").Append(Token(Pick(["example.com/main", "example.com/main/v2"]))).Append(Suffix()).Append('\n');
        if (Chance(85))
        {
            b.Append(Chance(20) ? "" : "\n").Append("go ").Append(Pick(GoVersions)).Append(Suffix()).Append('\n');
        }

        if (Chance(20))
        {
            b.Append("toolchain ").Append(Pick(["go1.21.3", "go1.23.0", "default"])).Append('\n');
        }

        var verbs = new[] { "require", "require", "require", "exclude", "replace", "retract", "godebug", "tool", "ignore" };
        var count = _random.Next(7);
        for (var i = 0; i < count; i++)
        {
            b.Append(Chance(80) ? "\n" : "");
            var verb = Pick(verbs);
            Before(b, "");
            if (Chance(55))
            {
                b.Append(verb).Append(" (").Append(Chance(8) ? " // on paren" : "").Append('\n');
                var lines = _random.Next(5);
                for (var j = 0; j < lines; j++)
                {
                    if (Chance(10))
                    {
                        b.Append('\n');
                    }

                    Before(b, "\t");
                    b.Append('\t').Append(LineArgs(verb)).Append(Suffix(verb == "require")).Append('\n');
                }

                if (Chance(8))
                {
                    b.Append("\t// before close\n");
                }
                else if (Chance(8))
                {
                    b.Append('\n');
                }

                b.Append(')').Append(Chance(5) ? " // after close" : "").Append('\n');
            }
            else
            {
                b.Append(verb).Append(' ').Append(LineArgs(verb)).Append(Suffix(verb == "require")).Append('\n');
            }
        }

        if (Chance(8))
        {
            b.Append("\n// trailing comment\n");
        }

        if (Chance(10))
        {
            // Odd corners: one-line empty blocks, quoted tokens that need their quotes, punctuation in lines,
            // non-ASCII comments, unknown directives (kept by the lax parser), a retraction lax mode cannot read.
            b.Append(Pick(
            [
                "\nrequire ()\n",
                "\nexclude (\n)\n",
                "\nreplace \"example.com/with space\" => ./dir\n",
                "\nrequire example.com/\u00e9t\u00e9 v1.0.0 // \u00e9t\u00e9 \u2014 comment\n",
                "\nunknown directive ( here )\n",
                "\nretract [v1.0.0, \"v1.1.0\"\n",
                "\nretract (\n\t// why\n\tv1.0.0\n\t[v1.1.0, v1.2.0] // range\n)\n",
                "\ngodebug (\n\tpanicnil=1 // a\n\n\tx509sha1=1\n)\n",
                "\ntool (\n\texample.com/a/cmd/t\n)\n",
                "\nmodule (\n\texample.com/second\n)\n",
            ]));
        }

        var text = b.ToString();
        return Chance(10) ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
    }

    /// <summary>A random edit script; a script that ends with a cleanup also compares the directive lists.</summary>
    public List<string[]> Script()
    {
        var script = new List<string[]>();
        var count = 1 + _random.Next(8);
        for (var i = 0; i < count; i++)
        {
            script.Add(Command());
        }

        if (Chance(75))
        {
            script.Add(["cleanup"]);
        }

        return script;
    }

    private string[] Command()
    {
        var (p, v) = Module();
        if (Chance(3))
        {
            // A path that must be quoted on its line.
            p = Pick(["example.com/with space", "example.com/x(y)"]);
        }

        switch (_random.Next(30))
        {
            case 0: return ["module", Pick(["example.com/renamed", "example.com/has space"])];
            case 1: return ["go", Pick([.. GoVersions, "1.21.x"])];
            case 2: return ["dropgo"];
            case 3: return ["toolchain", Pick(["go1.22.1", "default", "local"])];
            case 4: return ["droptoolchain"];
            case 5: return ["godebug", Pick(["panicnil", "x509sha1", "newkey"]), Pick(["0", "1"])];
            case 6: return ["dropgodebug", Pick(["panicnil", "x509sha1"])];
            case 7 or 8: return ["require", p, v];
            case 9: return ["newrequire", p, v, Chance(50) ? "1" : "0"];
            case 10 or 11: return ["droprequire", p];
            case 12 or 13 or 14: return [Pick(["setrequire", "setrequire-separate-indirect", "setrequire-separate-indirect", "setrequire-at-most-two"]), .. RequireList()];
            case 15: return ["exclude", p, Chance(10) ? "v1.2" : v];
            case 16: return ["dropexclude", p, v];
            case 17 or 18:
                return Chance(40)
                    ? ["replace", p, Chance(50) ? v : "", Pick(["../fork", "./local"]), ""]
                    : ["replace", p, Chance(50) ? v : "", "example.com/fork", Pick(["v1.0.0", "v1.5.0"])];
            case 19: return ["dropreplace", p, Chance(50) ? v : ""];
            case 20:
                var low = Pick(["v1.0.0", "v1.2.3", "v0.1.0"]);
                return ["retract", low, Chance(50) ? low : "v1.3.0", Pick(["", "broken", "two\nlines"])];
            case 21: return ["dropretract", "v1.0.0", Pick(["v1.0.0", "v1.2.3"])];
            case 22: return ["tool", Pick(["example.com/a/cmd/t", "example.com/new/tool", "golang.org/x/tools/cmd/stringer"])];
            case 23: return ["droptool", Pick(["example.com/a/cmd/t", "golang.org/x/tools/cmd/stringer"])];
            case 24: return ["ignore", Pick(["testdata", "./new", "third_party/x"])];
            case 25: return ["dropignore", Pick(["testdata", "./vendor-like"])];
            case 26: return ["sortblocks"];
            case 27: return ["comment", "// added comment"];
            default: return ["cleanup"];
        }
    }

    private string[] RequireList()
    {
        var args = new List<string>();
        var seen = new HashSet<string>();
        foreach (var _ in Enumerable.Range(0, _random.Next(7)))
        {
            var path = PathFor(out var major);
            if (!seen.Add(path))
            {
                continue;
            }

            args.AddRange([Chance(3) ? "example.com/with space" : path, VersionFor(major), Chance(45) ? "1" : "0"]);
        }

        return [.. args];
    }
}
