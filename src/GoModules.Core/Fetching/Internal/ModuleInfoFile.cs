using System.Collections.Generic;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Fetching.Internal;

/// <summary>
/// The one writer of a version's metadata as JSON (Go's <c>RevInfo</c>, with its <c>codehost.Origin</c>), in the three
/// forms the library needs: the <c>.info</c> file the go command writes, the complete answer of a proxy transport,
/// and the listing <c>gomod</c> prints. Strings are escaped as Go's <c>encoding/json</c> escapes them.
/// </summary>
internal static class ModuleInfoFile
{
    /// <summary>Go's <c>json.Marshal</c> of a <c>RevInfo</c> as the go command writes it into its download cache.</summary>
    public static byte[] Format(ModuleInfo info) => Encoding.UTF8.GetBytes(Format(info, ModuleInfoJsonForm.CacheFile, null));

    public static string Format(ModuleInfo info, ModuleInfoJsonForm form, string? path)
    {
        var w = new Writer(form == ModuleInfoJsonForm.Listing);
        w.Begin();
        if (path is not null)
        {
            w.Field("Path", path);
        }

        w.Field("Version", info.Version);
        w.Field("Time", GoJson.FormatTime(info.Time));
        if (info.Origin is { } origin)
        {
            var all = form != ModuleInfoJsonForm.CacheFile;

            // Fields in the order of Go's codehost.Origin.
            w.BeginObject("Origin");
            w.Optional("VCS", origin.Vcs);
            w.Optional("URL", origin.Url);
            w.Optional("Subdir", origin.Subdir);
            w.Optional("Hash", origin.Hash);
            w.Optional("TagPrefix", all ? origin.TagPrefix : null);
            w.Optional("TagSum", all ? origin.TagSum : null);
            w.Optional("Ref", all || !PseudoVersion.IsPseudoVersion(info.Version) ? origin.Ref : null);
            w.Optional("RepoSum", all ? origin.RepoSum : null);
            w.End();
        }

        if (form == ModuleInfoJsonForm.Complete)
        {
            w.Optional("Name", info.Name);
            w.Optional("Short", info.Short);
        }

        w.End();
        return w.ToString();
    }

    /// <summary>A minimal JSON object writer with Go's layout: compact, or indented with tabs.</summary>
    private sealed class Writer(bool indented)
    {
        private readonly StringBuilder _sb = new(128);
        private readonly Stack<bool> _empty = new();

        public void Begin()
        {
            _sb.Append('{');
            _empty.Push(true);
        }

        public void BeginObject(string name)
        {
            Name(name);
            Begin();
        }

        public void Field(string name, string value)
        {
            Name(name);
            GoJson.AppendString(_sb, value);
        }

        public void Optional(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Field(name, value);
            }
        }

        public void End()
        {
            if (!_empty.Pop() && indented)
            {
                NewLine(_empty.Count);
            }

            _sb.Append('}');
        }

        public override string ToString() => _sb.ToString();

        private void Name(string name)
        {
            if (!_empty.Pop())
            {
                _sb.Append(',');
            }

            _empty.Push(false);
            if (indented)
            {
                NewLine(_empty.Count);
            }

            _sb.Append('"').Append(name).Append(indented ? "\": " : "\":");
        }

        private void NewLine(int depth) => _sb.Append('\n').Append('\t', depth);
    }
}
