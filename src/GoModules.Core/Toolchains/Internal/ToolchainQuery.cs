using System;
using System.Collections.Generic;

namespace GoModules.Toolchains.Internal;

/// <summary>
/// Version helpers for the pseudo-modules <c>go</c> and <c>toolchain</c> (see <see cref="GoToolchainQuery"/>): the
/// mapping to and from <c>golang.org/toolchain</c> download versions, and the go command's per-path version rules
/// (<c>go</c> versions are plain, <c>toolchain</c> versions carry <c>go</c>).
/// </summary>
internal static class ToolchainQuery
{
    /// <summary>The module that holds the Go toolchain downloads.</summary>
    public const string DownloadModule = GoToolchainSelection.ToolchainModulePath;

    /// <summary>Whether <paramref name="path"/> is one of the two pseudo-module paths.</summary>
    public static bool IsToolchainPath(string path) => GoToolchainQuery.IsToolchainPath(path);

    /// <summary>The download version that stands for Go release <paramref name="goVersion"/> (always linux-amd64).</summary>
    public static string DownloadVersion(string goVersion) => GoToolchainSelection.ToolchainModuleVersionPrefix + "-go" + goVersion + ".linux-amd64";

    /// <summary>
    /// The Go version of a download version (<c>v0.0.1-go1.19.7.windows-amd64</c> gives <c>1.19.7</c>), or
    /// <see langword="null"/> when it does not have that form.
    /// </summary>
    public static string? GoVersionOfDownload(string version)
    {
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        var rest = version[(dash + 1)..];
        var dot = rest.LastIndexOf('.');
        if (dot < 0 || !rest.AsSpan(dot + 1).Contains('-'))
        {
            return null;
        }

        var v = rest[..dot];
        return v.StartsWith("go", StringComparison.Ordinal) ? v[2..] : v;
    }

    /// <summary>
    /// The version list of <paramref name="path"/> built from the download versions, without duplicates, with
    /// <paramref name="localGoVersion"/> added when it is not there, in Go's release order.
    /// </summary>
    public static List<string> Versions(string path, IEnumerable<string> downloadVersions, string? localGoVersion = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<string>();
        foreach (var dl in downloadVersions)
        {
            if (GoVersionOfDownload(dl) is { } v && seen.Add(v))
            {
                list.Add(v);
            }
        }

        if (localGoVersion is not null && seen.Add(localGoVersion))
        {
            list.Add(localGoVersion);
        }

        // A stable sort: versions that compare equal (1.20 and 1.20.0) keep their list order.
        var sorted = new List<string>(list.Count);
        foreach (var v in list)
        {
            var i = sorted.Count;
            while (i > 0 && GoVersion.Compare(sorted[i - 1], v) > 0)
            {
                i--;
            }

            sorted.Insert(i, v);
        }

        return path == GoToolchainQuery.ToolchainPath ? sorted.ConvertAll(v => "go" + v) : sorted;
    }

    /// <summary>Whether <paramref name="version"/> is a version of <paramref name="path"/> (Go's ModIsValid).</summary>
    public static bool IsValid(string path, string version) => GoVersion.IsValid(Plain(path, version));

    /// <summary>Whether <paramref name="version"/> is a language version of <paramref name="path"/>, a prefix of releases (Go's ModIsPrefix).</summary>
    public static bool IsPrefix(string path, string version) => GoVersion.IsLanguageVersion(Plain(path, version));

    /// <summary>Whether <paramref name="version"/> is a pre-release of <paramref name="path"/> (Go's ModIsPrerelease).</summary>
    public static bool IsPrerelease(string path, string version) => GoVersion.IsPrerelease(Plain(path, version));

    /// <summary>Compares two versions of <paramref name="path"/> (Go's ModCompare); a toolchain version may also be written plain.</summary>
    public static int Compare(string path, string x, string y) => path == GoToolchainQuery.ToolchainPath
        ? GoVersion.Compare(PlainOrToolchain(x), PlainOrToolchain(y))
        : GoVersion.Compare(x, y);

    /// <summary>The language version of <paramref name="version"/> in the path's form (Go's ModMajorMinor): <c>1.27</c> or <c>go1.27</c>.</summary>
    public static string MajorMinor(string path, string version) => path == GoToolchainQuery.ToolchainPath
        ? "go" + GoVersion.Language(GoVersion.FromToolchain(version))
        : GoVersion.Language(version);

    /// <summary>A version of the path without its form: <c>toolchain</c> versions must carry <c>go</c>, <c>go</c> versions must not.</summary>
    private static string Plain(string path, string version) => path == GoToolchainQuery.ToolchainPath ? GoVersion.FromToolchain(version) : version;

    private static string PlainOrToolchain(string version) => GoVersion.IsValid(version) ? version : GoVersion.FromToolchain(version);
}
