using System;

namespace GoModules.Toolchains;

/// <summary>What a <c>go@…</c> or <c>toolchain@…</c> query resolved to (see <see cref="GoToolchainQuery"/>).</summary>
public sealed class GoToolchainQueryResult
{
    internal GoToolchainQueryResult(string path, string query, string goVersion, DateTimeOffset? time, ModuleVersion? download)
    {
        Path = path;
        Query = query;
        GoVersion = goVersion;
        Version = path == GoToolchainQuery.ToolchainPath ? "go" + goVersion : goVersion;
        Time = time;
        DownloadModule = download;
    }

    /// <summary>Gets the path queried: <c>go</c> or <c>toolchain</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the query as given.</summary>
    public string Query { get; }

    /// <summary>
    /// Gets the resolved version in the path's own form, as <c>go list -m -json</c> prints it: <c>1.27.3</c> for
    /// <c>go</c>, <c>go1.27.3</c> for <c>toolchain</c> (either spelling is accepted in queries and corrected).
    /// </summary>
    public string Version { get; }

    /// <summary>Gets the resolved Go version without the <c>go</c> prefix (<c>1.27.3</c>), for both paths.</summary>
    public string GoVersion { get; }

    /// <summary>Gets the time of the confirming download's <c>.info</c>.</summary>
    /// <value><see langword="null"/> when the version was answered from the local Go version without asking the proxy.</value>
    public DateTimeOffset? Time { get; }

    /// <summary>
    /// Gets the <c>golang.org/toolchain</c> version whose <c>.info</c> confirmed the release: always the linux-amd64
    /// download (<c>v0.0.1-go1.27.3.linux-amd64</c>), whatever the host, as the go command asks.
    /// </summary>
    /// <value><see langword="null"/> when the local Go version answered without the proxy.</value>
    public ModuleVersion? DownloadModule { get; }

    /// <summary>Gets a value indicating whether the local Go version answered without asking the proxy.</summary>
    public bool IsLocal => DownloadModule is null;

    /// <summary>Returns <c>path@version</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Path + "@" + Version;
}
