using System;
using System.Collections.Generic;
using System.Text;
using GoModules.Kernel;

namespace GoModules.Graph;

/// <summary>
/// One module as <c>go list -m</c> reports it (the go command's <c>ModulePublic</c>): <see cref="ToJson"/> prints the
/// <c>-json</c> form and <see cref="ToString"/> the text line, byte for byte as the go command does.
/// </summary>
public sealed class ListedModule
{
    /// <summary>Gets the module path.</summary>
    public string Path { get; internal set; } = string.Empty;

    /// <summary>Gets the version; empty for the main module and directory replacements.</summary>
    public string Version { get; internal set; } = string.Empty;

    /// <summary>Gets the query the version was resolved from, when it differs from the version.</summary>
    public string Query { get; internal set; } = string.Empty;

    /// <summary>Gets the replacement, or <see langword="null"/>.</summary>
    public ListedModule? Replace { get; internal set; }

    /// <summary>Gets the version's time, or <see langword="null"/>.</summary>
    public DateTimeOffset? Time { get; internal set; }

    /// <summary>Gets the available update (with updates requested), or <see langword="null"/>.</summary>
    public ListedModule? Update { get; internal set; }

    /// <summary>Gets a value indicating whether this is the main module.</summary>
    public bool Main { get; internal set; }

    /// <summary>Gets a value indicating whether the module is only indirectly needed by the main module.</summary>
    public bool Indirect { get; internal set; }

    /// <summary>Gets the directory holding the module's files, when there is one.</summary>
    public string Dir { get; internal set; } = string.Empty;

    /// <summary>Gets the path of the go.mod describing the module, when there is one.</summary>
    public string GoMod { get; internal set; } = string.Empty;

    /// <summary>Gets the go version of the module's go.mod.</summary>
    public string GoVersion { get; internal set; } = string.Empty;

    /// <summary>Gets the retraction rationales (empty when not retracted).</summary>
    public IReadOnlyList<string> Retracted { get; internal set; } = [];

    /// <summary>Gets the deprecation message, or the empty string.</summary>
    public string Deprecated { get; internal set; } = string.Empty;

    /// <summary>Gets the error loading the module, or <see langword="null"/>.</summary>
    public string? Error { get; internal set; }

    /// <summary>Gets the go.sum hash of the module's zip, when go.sum records one.</summary>
    public string Sum { get; internal set; } = string.Empty;

    /// <summary>Gets the go.sum hash of the module's go.mod, when go.sum records one.</summary>
    public string GoModSum { get; internal set; } = string.Empty;

    /// <summary>Formats the module as <c>go list -m -json</c> does (tab-indented, no trailing newline).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var sb = new StringBuilder();
        WriteJson(sb, string.Empty);
        return sb.ToString();
    }

    /// <summary>Formats the module as <c>go list -m</c> prints it: <c>path version [update] (retracted) (deprecated) =&gt; replacement</c>.</summary>
    /// <returns>The line, without a newline.</returns>
    public override string ToString()
    {
        var s = new StringBuilder(Path);
        if (Version.Length != 0)
        {
            s.Append(' ').Append(VersionText(this));
            if (Update is not null)
            {
                s.Append(" [").Append(VersionText(Update)).Append(']');
            }
        }

        if (Deprecated.Length != 0)
        {
            s.Append(" (deprecated)");
        }

        if (Replace is not null)
        {
            s.Append(" => ").Append(Replace.Path);
            if (Replace.Version.Length != 0)
            {
                s.Append(' ').Append(VersionText(Replace));
                if (Replace.Update is not null)
                {
                    s.Append(" [").Append(VersionText(Replace.Update)).Append(']');
                }
            }

            if (Replace.Deprecated.Length != 0)
            {
                s.Append(" (deprecated)");
            }
        }

        return s.ToString();
    }

    private static string VersionText(ListedModule m) => m.Retracted.Count == 0 ? m.Version : m.Version + " (retracted)";

    private void WriteJson(StringBuilder sb, string indent)
    {
        var inner = indent + "\t";
        var first = true;
        sb.Append('{');
        void Name(string name)
        {
            sb.Append(first ? "\n" : ",\n").Append(inner);
            first = false;
            GoJson.AppendString(sb, name).Append(": ");
        }

        void Str(string name, string value)
        {
            if (value.Length != 0)
            {
                Name(name);
                GoJson.AppendString(sb, value);
            }
        }

        void Flag(string name, bool value)
        {
            if (value)
            {
                Name(name);
                sb.Append("true");
            }
        }

        void Object(string name, ListedModule? value)
        {
            if (value is not null)
            {
                Name(name);
                value.WriteJson(sb, inner);
            }
        }

        Str("Path", Path);
        Str("Version", Version);
        Str("Query", Query);
        Object("Replace", Replace);
        if (Time is { } time)
        {
            Name("Time");
            sb.Append('"').Append(GoJson.FormatTime(time)).Append('"');
        }

        Object("Update", Update);
        Flag("Main", Main);
        Flag("Indirect", Indirect);
        Str("Dir", Dir);
        Str("GoMod", GoMod);
        Str("GoVersion", GoVersion);
        if (Retracted.Count != 0)
        {
            Name("Retracted");
            sb.Append('[');
            for (var i = 0; i < Retracted.Count; i++)
            {
                sb.Append(i == 0 ? "\n" : ",\n").Append(inner).Append('\t');
                GoJson.AppendString(sb, Retracted[i]);
            }

            sb.Append('\n').Append(inner).Append(']');
        }

        Str("Deprecated", Deprecated);
        if (Error is not null)
        {
            Name("Error");
            sb.Append("{\n").Append(inner).Append("\t\"Err\": ");
            GoJson.AppendString(sb, Error).Append('\n').Append(inner).Append('}');
        }

        Str("Sum", Sum);
        Str("GoModSum", GoModSum);
        sb.Append(first ? "}" : "\n" + indent + "}");
    }
}
