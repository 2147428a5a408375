using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

using GoModules.Fetching;

namespace GoModules.Toolchains.Internal;

/// <summary>
/// Queries on the pseudo-modules <c>go</c> and <c>toolchain</c> (<c>go@1.27</c>, <c>toolchain@latest</c>), resolved as
/// the newest go command resolves them: through the versions of the module <c>golang.org/toolchain</c>, whose
/// versions such as <c>v0.0.1-go1.27.3.linux-amd64</c> name one Go release for one system. <c>go</c> versions are
/// plain (<c>1.27.3</c>), <c>toolchain</c> versions carry <c>go</c> (<c>go1.27.3</c>); a version is confirmed by
/// asking for its linux-amd64 download's info, whatever the host. Unlike the go command, no local toolchain is
/// assumed to exist, so nothing is answered without the proxy.
/// </summary>
internal static class ToolchainQuery
{
    /// <summary>The module that holds the Go toolchain downloads.</summary>
    public const string DownloadModule = GoToolchainSelection.ToolchainModulePath;

    /// <summary>Whether <paramref name="path"/> is one of the two pseudo-module paths.</summary>
    public static bool IsToolchainPath(string path) => path is "go" or "toolchain";

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

    /// <summary>The version list of <paramref name="path"/> built from the download versions, without duplicates, in Go's release order.</summary>
    public static List<string> Versions(string path, IEnumerable<string> downloadVersions)
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

        list.Sort(GoVersion.Compare);
        if (path == "toolchain")
        {
            return list.ConvertAll(v => "go" + v);
        }

        return list;
    }

    /// <summary>Resolves <paramref name="query"/> on <paramref name="path"/> (<c>go</c> or <c>toolchain</c>) through <paramref name="fetcher"/>.</summary>
    /// <exception cref="ArgumentException">The query is not one the go command accepts for these paths.</exception>
    /// <exception cref="ModuleNotFoundException">No version matches, or the proxy does not have the one chosen.</exception>
    public static async Task<ModuleInfo> ResolveAsync(IModuleFetcher fetcher, string path, string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetcher);
        if (!IsToolchainPath(path))
        {
            throw new ArgumentException($"{path} is not go or toolchain", nameof(path));
        }

        var prefix = path == "toolchain" ? "go" : string.Empty;
        var q = query.StartsWith("go", StringComparison.Ordinal) ? query[2..] : query;
        string? chosen;
        if (query is "latest" or "upgrade" or "patch" || q.StartsWith('<') || q.StartsWith('>') || GoVersion.IsLanguageVersion(q))
        {
            var dl = ModulePath.Parse(DownloadModule);
            var all = Versions("go", await fetcher.ListVersionsAsync(dl, cancellationToken).ConfigureAwait(false));
            chosen = Choose(all, query == "upgrade" || query == "patch" ? "latest" : query.StartsWith("go", StringComparison.Ordinal) ? q : query);
            if (chosen is null)
            {
                throw new ModuleNotFoundException($"{path}@{query}: no matching versions for query \"{query}\"");
            }
        }
        else if (GoVersion.IsValid(q))
        {
            chosen = q;
        }
        else
        {
            throw new ArgumentException($"invalid {path} version {query}");
        }

        // The version must exist: the go command asks for its linux-amd64 download.
        var info = await fetcher.GetInfoAsync(new ModuleVersion(ModulePath.Parse(DownloadModule), DownloadVersion(chosen)), cancellationToken).ConfigureAwait(false);
        return new ModuleInfo(prefix + chosen, info.Time);
    }

    /// <summary>Picks from <paramref name="versions"/> (Go versions, ascending) what a list query selects, releases before pre-releases.</summary>
    private static string? Choose(List<string> versions, string query)
    {
        Func<string, bool> match;
        var lowest = false;
        if (query == "latest")
        {
            match = _ => true;
        }
        else if (query.StartsWith("<=", StringComparison.Ordinal))
        {
            var v = Operand(query[2..]);
            match = x => GoVersion.Compare(x, v) <= 0;
        }
        else if (query.StartsWith('<'))
        {
            var v = Operand(query[1..]);
            match = x => GoVersion.Compare(x, v) < 0;
        }
        else if (query.StartsWith(">=", StringComparison.Ordinal))
        {
            var v = Operand(query[2..]);
            match = x => GoVersion.Compare(x, v) >= 0;
            lowest = true;
        }
        else if (query.StartsWith('>'))
        {
            var v = Operand(query[1..]);
            match = x => GoVersion.Compare(x, v) > 0;
            lowest = true;
        }
        else
        {
            // A language version such as 1.27: itself or any 1.27.x release.
            match = x => x == query || x.StartsWith(query + ".", StringComparison.Ordinal);
        }

        string? release = null;
        string? pre = null;
        foreach (var v in versions)
        {
            if (!match(v))
            {
                continue;
            }

            if (GoVersion.IsPrerelease(v))
            {
                if (pre is null || !lowest)
                {
                    pre = v;
                }
            }
            else if (release is null || !lowest)
            {
                release = v;
            }
        }

        return release ?? pre;

        static string Operand(string v)
        {
            v = v.StartsWith("go", StringComparison.Ordinal) ? v[2..] : v;
            return GoVersion.IsValid(v) ? v : throw new ArgumentException($"invalid go version {v}");
        }
    }
}
