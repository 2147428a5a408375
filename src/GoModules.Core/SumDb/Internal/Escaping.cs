using System;
using System.Text;

namespace GoModules.SumDb.Internal;

// TEMPORARY until branch `paths` lands: replaced by ModulePath.EscapePath / EscapeVersion.
internal static class Escaping
{
    public static string EscapePath(string path) => Escape(path);

    public static string EscapeVersion(string version) => Escape(version);

    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c == '!' || c > 0x7f)
            {
                throw new FormatException("bad escape");
            }

            if (c >= 'A' && c <= 'Z')
            {
                sb.Append('!').Append((char)(c + 32));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
