namespace GoModules.TestUtilities;

/// <summary>
/// A file:// GOPROXY tree holding only <c>golang.org/toolchain</c> version metadata (a list and .info files, no zips):
/// what <c>go@…</c> and <c>toolchain@…</c> queries read.
/// </summary>
public static class ToolchainQueryProxy
{
    /// <summary>
    /// Writes the downloads of <paramref name="releases"/> for windows-arm64 and linux-amd64 (a release in
    /// <paramref name="withoutLinuxAmd64"/> only for windows-arm64) below <paramref name="root"/>; returns its URL.
    /// </summary>
    public static string Create(string root, IEnumerable<string> releases, params string[] withoutLinuxAmd64)
    {
        var dir = Path.Combine(root, "golang.org", "toolchain", "@v");
        Directory.CreateDirectory(dir);
        var list = new List<string>();
        foreach (var v in releases)
        {
            foreach (var system in new[] { "windows-arm64", "linux-amd64" })
            {
                if (system == "linux-amd64" && withoutLinuxAmd64.Contains(v))
                {
                    continue;
                }

                var dl = $"v0.0.1-go{v}.{system}";
                list.Add(dl);
                File.WriteAllText(Path.Combine(dir, dl + ".info"), $"{{\"Version\":\"{dl}\",\"Time\":\"2026-01-02T03:04:05Z\"}}");
            }
        }

        File.WriteAllText(Path.Combine(dir, "list"), string.Join('\n', list) + "\n");
        return new Uri(root).AbsoluteUri;
    }
}
