using System.Text;
using GoModules.ModFile;

namespace GoModules.Tests.ModFile;

/// <summary>
/// Runs an edit script (one command per entry: a verb and its arguments) on a go.mod text with GoModFile's editor,
/// giving the same transcript as the x/mod probe in TestData/interop/modedit: "ok"/"error" per command, "----", the
/// formatted bytes and, after a final cleanup, the directives as the file lists them.
/// </summary>
internal static class GoModEditScript
{
    public static string Run(string text, bool lax, IReadOnlyList<string[]> script)
    {
        if (!GoModFile.TryParse("go.mod", Encoding.UTF8.GetBytes(text), lax ? GoModParseMode.Lax : GoModParseMode.Strict, out var file, out _))
        {
            return "parse error";
        }

        var b = new StringBuilder();
        foreach (var command in script)
        {
            try
            {
                Apply(file, command);
                b.Append("ok\n");
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                b.Append("error\n");
            }
        }

        b.Append("----\n").Append(Encoding.UTF8.GetString(file.Format()));
        if (script.Count > 0 && script[^1][0] == "cleanup")
        {
            b.Append("\n----\n").Append(Directives(file));
        }

        return b.ToString();
    }

    public static void Apply(GoModFile f, string[] c)
    {
        var a = c[1..];
        switch (c[0])
        {
            case "module": f.SetModule(a[0]); break;
            case "comment": f.AddComment(a[0]); break;
            case "go": f.SetGoVersion(a[0]); break;
            case "dropgo": f.DropGoVersion(); break;
            case "toolchain": f.SetToolchain(a[0]); break;
            case "droptoolchain": f.DropToolchain(); break;
            case "godebug": f.SetGodebug(a[0], a[1]); break;
            case "dropgodebug": f.DropGodebug(a[0]); break;
            case "require": f.AddRequire(a[0], a[1]); break;
            case "newrequire": f.AddNewRequire(a[0], a[1], a[2] == "1"); break;
            case "droprequire": f.DropRequire(a[0]); break;
            case "setrequire": f.SetRequire(Requirements(a)); break;
            case "setrequire-separate-indirect": f.SetRequireSeparateIndirect(Requirements(a)); break;
            case "setrequire-at-most-two": f.SetRequireAtMostTwo(Requirements(a)); break;
            case "exclude": f.AddExclude(a[0], a[1]); break;
            case "dropexclude": f.DropExclude(a[0], a[1]); break;
            case "replace": f.AddReplace(a[0], a[1], a[2], a[3]); break;
            case "dropreplace": f.DropReplace(a[0], a[1]); break;
            case "retract": f.AddRetract(a[0], a[1], a[2]); break;
            case "dropretract": f.DropRetract(a[0], a[1]); break;
            case "tool": f.AddTool(a[0]); break;
            case "droptool": f.DropTool(a[0]); break;
            case "ignore": f.AddIgnore(a[0]); break;
            case "dropignore": f.DropIgnore(a[0]); break;
            case "sortblocks": f.SortBlocks(); break;
            case "cleanup": f.Cleanup(); break;
            default: throw new InvalidOperationException("unknown command " + c[0]);
        }
    }

    private static List<GoModRequire> Requirements(string[] a)
    {
        var list = new List<GoModRequire>();
        for (var i = 0; i + 2 < a.Length; i += 3)
        {
            list.Add(new GoModRequire(a[i], a[i + 1], a[i + 2] == "1"));
        }

        return list;
    }

    private static string Directives(GoModFile f)
    {
        var lines = new List<string>();
        if (f.Module is not null)
        {
            lines.Add("module " + f.Module.Path);
        }

        if (f.GoVersion is not null)
        {
            lines.Add("go " + f.GoVersion);
        }

        if (f.Toolchain is not null)
        {
            lines.Add("toolchain " + f.Toolchain);
        }

        var sorted = new List<string>();
        sorted.AddRange(f.Godebug.Select(g => "godebug " + g.Key + "=" + g.Value));
        sorted.AddRange(f.Require.Select(r => $"require {r.Path} {r.Version} {(r.Indirect ? "true" : "false")}"));
        sorted.AddRange(f.Exclude.Select(x => "exclude " + x.Path + " " + x.Version));
        sorted.AddRange(f.Replace.Select(r => "replace " + r.OldPath + " " + r.OldVersion + " => " + r.NewPath + " " + r.NewVersion));
        sorted.AddRange(f.Retract.Select(r => "retract " + r.Low + " " + r.High));
        sorted.AddRange(f.Tool.Select(t => "tool " + t.Path));
        sorted.AddRange(f.Ignore.Select(i => "ignore " + i.Path));
        sorted.Sort(GoStringOrder);
        lines.AddRange(sorted);
        return string.Join('\n', lines);
    }

    /// <summary>Go's string order (UTF-8 bytes).</summary>
    private static int GoStringOrder(string x, string y)
    {
        var bx = Encoding.UTF8.GetBytes(x);
        var by = Encoding.UTF8.GetBytes(y);
        return bx.AsSpan().SequenceCompareTo(by);
    }
}
