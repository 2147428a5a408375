namespace GoModules.Tests.Graph;

/// <summary>
/// Runs the newest go command over a generated graph (see <see cref="RandomGraphGenerator"/>), offline: the graph's
/// proxy directory as a <c>file://</c> GOPROXY, no checksum database, <c>-mod=mod</c> (so go.sum is filled in as the
/// go.mod files are read), the local toolchain only, no workspace, and a module cache of the caller's.
/// </summary>
internal static class GraphOracle
{
    /// <summary>The environment of a go process over the proxy in <paramref name="proxyDir"/>.</summary>
    public static Dictionary<string, string?> Environment(string proxyDir, string gopath, string modcache)
    {
        var env = GoCommand.Environment_(gopath, modcache);
        env["GOPROXY"] = new GoModules.Fetching.ProxyDirectoryWriter(proxyDir).Url;
        env["GOFLAGS"] = "-mod=mod";
        env["GOSUMDB"] = "off";
        env["GONOSUMDB"] = null;
        env["GOWORK"] = "off";
        return env;
    }

    /// <summary>Runs the newest go in <paramref name="workDir"/>.</summary>
    public static GoCommand.Result Go(string workDir, IReadOnlyDictionary<string, string?> env, params string[] args)
        => GoCommand.Go(workDir, env, args);
}
