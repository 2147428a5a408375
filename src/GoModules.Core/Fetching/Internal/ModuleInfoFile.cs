using System.Text;
using GoModules.Kernel;

namespace GoModules.Fetching.Internal;

/// <summary>The <c>.info</c> file as the go command writes it: <c>{"Version":…,"Time":…}</c> plus a cleaned <c>Origin</c>.</summary>
internal static class ModuleInfoFile
{
    /// <summary>Go's <c>json.Marshal</c> of a <c>RevInfo</c> (Name, Short and Tags are never written).</summary>
    public static byte[] Format(ModuleInfo info)
    {
        var sb = new StringBuilder(96);
        sb.Append("{\"Version\":");
        GoJson.AppendString(sb, info.Version);
        sb.Append(",\"Time\":");
        GoJson.AppendString(sb, GoJson.FormatTime(info.Time));
        if (info.Origin is { } origin)
        {
            // As writeDiskStat does (go1.27): tags and the repository sum never matter for a cached version, and a
            // ref does not matter for a pseudo-version. Fields in the order of Go's codehost.Origin.
            var fields = new (string Name, string? Value)[]
            {
                ("VCS", origin.Vcs),
                ("URL", origin.Url),
                ("Subdir", origin.Subdir),
                ("Hash", origin.Hash),
                ("Ref", PseudoVersion.IsPseudoVersion(info.Version) ? null : origin.Ref),
            };
            sb.Append(",\"Origin\":{");
            var first = true;
            foreach (var (name, value) in fields)
            {
                if (string.IsNullOrEmpty(value))
                {
                    continue;
                }

                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                sb.Append('"').Append(name).Append("\":");
                GoJson.AppendString(sb, value);
            }

            sb.Append('}');
        }

        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
