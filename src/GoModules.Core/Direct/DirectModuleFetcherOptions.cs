using System;
using GoModules.Fetching;

namespace GoModules.Direct;

/// <summary>Settings of <see cref="DirectModuleFetcher"/>.</summary>
public sealed class DirectModuleFetcherOptions
{
    /// <summary>Gets the directory that holds the bare git mirrors and temporary files (the go command uses <c>GOMODCACHE/cache/vcs</c>).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Gets the git executable; by default <c>git</c> from PATH.</summary>
    public string GitExecutable { get; init; } = "git";

    /// <summary>Gets the time one git command may run before it is killed; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. The default is 10 minutes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets the transports for go-import tags of kind <c>mod</c>, which name a module proxy that serves the
    /// module (the go command then uses the proxy protocol at that URL), or <see langword="null"/> to refuse them.
    /// </summary>
    public IModuleProxyTransportFactory? ModProxyTransports { get; init; }

    /// <summary>
    /// Gets how long a repository's branches and tags are trusted before <c>git ls-remote</c> and <c>git fetch</c>
    /// run again (the go command trusts them for one command); zero means for the fetcher's lifetime. The default is one minute.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the size limits applied to what direct mode produces, or <see langword="null"/> for <see cref="ModuleFetchLimits.Default"/>.</summary>
    public ModuleFetchLimits? Limits { get; init; }
}
