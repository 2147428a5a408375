using System;
using System.Collections.Generic;

namespace GoModules;

/// <summary>
/// The Go settings of a GoModules setup that are not about HTTP: which proxies and checksum database are asked, which
/// modules are private, where GOPATH and the module cache are, GOFLAGS and GOTOOLCHAIN, and how long metadata answers
/// are reused. Each property set here overrides the environment variable of the same name; the result is one immutable
/// <see cref="GoEnvironment"/> snapshot (<see cref="CreateEnvironment()"/>), the one the fetcher, the checksum verifier
/// and the module cache use.
/// </summary>
/// <remarks>
/// With dependency injection (GoModules.Http's <c>AddGoModules</c>) these options are bound from configuration
/// (property names as keys, beside the HTTP settings of the same section), named per setup and validated when the host
/// starts. The Go settings are read once, when the setup's services are first built; only
/// <see cref="MetadataCache"/> and <see cref="MetadataCacheMaxAge"/> are followed at run time (through
/// <c>IOptionsMonitor</c>).
/// </remarks>
public sealed class GoModulesOptions
{
    /// <summary>Gets or sets whether the Go settings start from the process environment and the go env file, as <c>go env</c> reads them.</summary>
    /// <value>The default value is <see langword="true"/>. When <see langword="false"/>, only the values set here count (with the go command's defaults for the rest).</value>
    public bool UseEnvironment { get; set; } = true;

    /// <summary>Gets or sets GOPROXY, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>https://proxy.golang.org,direct</c>).</value>
    public string? GoProxy { get; set; }

    /// <summary>Gets or sets GONOPROXY, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else GOPRIVATE).</value>
    public string? GoNoProxy { get; set; }

    /// <summary>Gets or sets GOPRIVATE, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment).</value>
    public string? GoPrivate { get; set; }

    /// <summary>Gets or sets GOINSECURE (direct mode only), overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment).</value>
    public string? GoInsecure { get; set; }

    /// <summary>Gets or sets GOSUMDB (<c>off</c>, a database name, or a verifier key, optionally followed by a URL), overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>sum.golang.org</c>).</value>
    public string? GoSumDb { get; set; }

    /// <summary>Gets or sets GONOSUMDB, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else GOPRIVATE).</value>
    public string? GoNoSumDb { get; set; }

    /// <summary>Gets or sets GOPATH, overriding the environment; the checksum database's latest tree head is kept under its first entry.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>$HOME/go</c>).</value>
    public string? GoPath { get; set; }

    /// <summary>Gets or sets GOMODCACHE, the module cache root, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else the first GOPATH entry plus <c>pkg/mod</c>).</value>
    public string? GoModCache { get; set; }

    /// <summary>Gets or sets GOFLAGS, overriding the environment; <c>-modcacherw</c> in it leaves extracted directories writable.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment).</value>
    public string? GoFlags { get; set; }

    /// <summary>Gets or sets GOTOOLCHAIN, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>$GOROOT/go.env</c>).</value>
    public string? GoToolchain { get; set; }

    /// <summary>Gets or sets NETRC, the path of the .netrc file with credentials, overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>~/.netrc</c>).</value>
    public string? Netrc { get; set; }

    /// <summary>Gets or sets GOAUTH (<c>off</c>, <c>netrc</c>, <c>git DIR</c> or a command, separated by <c>;</c>), overriding the environment.</summary>
    /// <value>The default value is <see langword="null"/> (use the environment, else <c>netrc</c>).</value>
    public string? GoAuth { get; set; }

    /// <summary>Gets or sets how list, <c>latest</c>/query and <c>.info</c> answers (and the retraction check's go.mod files) are reused; can change at run time.</summary>
    /// <value>The default value is <see cref="MetadataCacheMode.GoCommand"/>.</value>
    public MetadataCacheMode MetadataCache { get; set; } = MetadataCacheMode.GoCommand;

    /// <summary>Gets or sets how long an answer is reused with <see cref="MetadataCacheMode.MaxAge"/>; can change at run time.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan MetadataCacheMaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the metadata cache policy these options describe.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MetadataCache"/> is <see cref="MetadataCacheMode.MaxAge"/> and <see cref="MetadataCacheMaxAge"/> is not positive.</exception>
    public MetadataCachePolicy GetMetadataCachePolicy() => MetadataCache switch
    {
        MetadataCacheMode.NoCache => MetadataCachePolicy.NoCache,
        MetadataCacheMode.MaxAge => MetadataCachePolicy.MaxAge(MetadataCacheMaxAge),
        _ => MetadataCachePolicy.GoCommand,
    };

    /// <summary>
    /// Resolves the Go settings: the process environment and go env file when <see cref="UseEnvironment"/> is set
    /// (as <see cref="GoEnvironment.FromProcess"/>), with every property set here overriding its variable.
    /// </summary>
    /// <returns>The immutable snapshot.</returns>
    public GoEnvironment CreateEnvironment() => CreateEnvironment(UseEnvironment ? GoEnvironment.FromProcess() : null);

    /// <summary>
    /// Resolves the Go settings from <paramref name="baseline"/>, with every property set here overriding its variable.
    /// GONOPROXY and GONOSUMDB that only repeat the baseline's GOPRIVATE (their default) follow a <see cref="GoPrivate"/>
    /// set here, as they would in the go command.
    /// </summary>
    /// <param name="baseline">The settings to start from, or <see langword="null"/> for the go command's defaults alone.</param>
    /// <returns>The immutable snapshot (<paramref name="baseline"/> itself when nothing is overridden).</returns>
    public GoEnvironment CreateEnvironment(GoEnvironment? baseline)
    {
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (baseline is not null)
        {
            if (!HasOverrides)
            {
                return baseline;
            }

            vars["GOPROXY"] = baseline.GoProxy;
            vars["GOPRIVATE"] = baseline.GoPrivate;
            vars["GOINSECURE"] = baseline.GoInsecure;
            vars["NETRC"] = baseline.NetrcPath;
            vars["GOAUTH"] = baseline.GoAuth;
            vars["GOSUMDB"] = baseline.GoSumDb;

            // GONOPROXY and GONOSUMDB that only repeat GOPRIVATE (their default) follow a GOPRIVATE set here.
            var followPrivate = GoPrivate is not null;
            vars["GONOPROXY"] = followPrivate && baseline.GoNoProxy == baseline.GoPrivate ? null : baseline.GoNoProxy;
            vars["GONOSUMDB"] = followPrivate && baseline.GoNoSumDb == baseline.GoPrivate ? null : baseline.GoNoSumDb;
            vars["GOPATH"] = baseline.GoPath;
            vars["GOMODCACHE"] = baseline.GoModCache;
            vars["GOFLAGS"] = baseline.GoFlags;
            vars["GOTOOLCHAIN"] = baseline.GoToolchain;
        }

        Set(vars, "GOPROXY", GoProxy);
        Set(vars, "GOPRIVATE", GoPrivate);
        Set(vars, "GONOPROXY", GoNoProxy);
        Set(vars, "GOINSECURE", GoInsecure);
        Set(vars, "NETRC", Netrc);
        Set(vars, "GOAUTH", GoAuth);
        Set(vars, "GOSUMDB", GoSumDb);
        Set(vars, "GONOSUMDB", GoNoSumDb);
        Set(vars, "GOPATH", GoPath);
        Set(vars, "GOMODCACHE", GoModCache);
        Set(vars, "GOFLAGS", GoFlags);
        Set(vars, "GOTOOLCHAIN", GoToolchain);
        return GoEnvironment.FromVariables(vars);
    }

    private bool HasOverrides =>
        GoProxy is not null || GoNoProxy is not null || GoPrivate is not null || GoInsecure is not null || Netrc is not null || GoAuth is not null
        || GoSumDb is not null || GoNoSumDb is not null || GoPath is not null || GoModCache is not null || GoFlags is not null || GoToolchain is not null;

    private static void Set(Dictionary<string, string?> vars, string name, string? value)
    {
        if (value is not null)
        {
            vars[name] = value;
        }
    }
}
