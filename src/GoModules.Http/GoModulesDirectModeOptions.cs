using System;

namespace GoModules.Http;

/// <summary>
/// Settings of git-based direct mode as <see cref="GoModulesServiceCollectionExtensions.UseDirectMode(IGoModulesBuilder, Action{GoModulesDirectModeOptions}?)"/>
/// registers it; configured with a delegate or bound from configuration like the other GoModules options.
/// </summary>
public sealed class GoModulesDirectModeOptions
{
    /// <summary>Gets or sets the directory for the bare git mirrors and temporary files.</summary>
    /// <value>The default value is <see langword="null"/> (<c>GOMODCACHE/cache/vcs</c>, as the go command).</value>
    public string? WorkDirectory { get; set; }

    /// <summary>Gets or sets the git executable.</summary>
    /// <value>The default value is <c>git</c>, found on PATH.</value>
    public string GitExecutable { get; set; } = "git";

    /// <summary>Gets or sets the time one git command may run before it is killed; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a repository's branches and tags are trusted before git asks the server again; zero means for the fetcher's lifetime.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets GOVCS, which version control systems may be used for which modules.</summary>
    /// <value>The default value is <see langword="null"/> (read the GOVCS environment variable).</value>
    public string? GoVcs { get; set; }
}
