using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Direct.Internal;
using GoModules.Kernel;
using GoModules.Patterns;

namespace GoModules.Direct;

/// <summary>
/// Finds the repository behind a module path as the go command does in module mode: first the hosting
/// patterns it knows (github.com, bitbucket.org, paths with a <c>.git</c>-style suffix, …), then the
/// go-import meta tag of <c>https://path?go-get=1</c> (plain <c>http</c> is tried only for paths matching
/// GOINSECURE), with a second lookup at the claimed prefix when it is not the path itself. GOVCS decides
/// which version-control systems may be used. Every failure to find the repository is a
/// <see cref="ModuleNotFoundException"/>, as in the go command.
/// </summary>
public sealed class RepositoryRootResolver : IRepositoryRootResolver
{
    private static readonly (string Prefix, Regex Pattern, string Vcs, bool NoVcsSuffix)[] KnownHosts =
    [
        ("github.com", new Regex(@"^(?<root>github\.com/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant), "git", true),
        ("bitbucket.org", new Regex(@"^(?<root>bitbucket\.org/(?<bitname>[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+))(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant), "git", true),
        ("hub.jazz.net/git", new Regex(@"^(?<root>hub\.jazz\.net/git/[a-z0-9]+/[A-Za-z0-9_.\-]+)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant), "git", true),
        ("git.apache.org", new Regex(@"^(?<root>git\.apache\.org/[a-z0-9_.\-]+\.git)(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant), "git", false),
        ("git.openstack.org", new Regex(@"^(?<root>git\.openstack\.org/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+)(\.git)?(/[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant), "git", false),
        ("chiselapp.com", new Regex(@"^(?<root>chiselapp\.com/user/[A-Za-z0-9]+/repository/[A-Za-z0-9_.\-]+)$", RegexOptions.CultureInvariant), "fossil", false),
    ];

    private static readonly Regex VcsSuffix = new(@"(?<root>(?<repo>([a-z0-9.\-]+\.)+[a-z0-9.\-]+(:[0-9]+)?(/~?[A-Za-z0-9_.\-]+)+?)\.(?<vcs>fossil|git|hg|svn))(/~?[A-Za-z0-9_.\-]+)*$", RegexOptions.CultureInvariant);

    // Bazaar is not among them: the go command dropped it (Go 1.27), so a bzr go-import tag is an
    // "unknown vcs" and a ".bzr" path suffix is no longer a known hosting pattern.
    private static readonly string[] VcsCommands = ["hg", "git", "svn", "fossil"];

    private readonly IGoGetPageSource? _pages;
    private readonly PathPatternList _insecure;
    private readonly PathPatternList _private;
    private readonly GoVcsPolicy _govcs;

    /// <summary>Initializes a new instance of the <see cref="RepositoryRootResolver"/> class.</summary>
    /// <param name="pages">Fetches go-get pages, or <see langword="null"/> to use the known hosting patterns only.</param>
    /// <param name="insecure">The GOINSECURE patterns (plain http allowed), or <see langword="null"/> for none.</param>
    /// <param name="privatePatterns">The GOPRIVATE patterns (for GOVCS's <c>private</c>), or <see langword="null"/> for none.</param>
    /// <param name="vcsPolicy">The GOVCS policy, or <see langword="null"/> for <see cref="GoVcsPolicy.Default"/>.</param>
    public RepositoryRootResolver(IGoGetPageSource? pages, PathPatternList? insecure = null, PathPatternList? privatePatterns = null, GoVcsPolicy? vcsPolicy = null)
    {
        _pages = pages;
        _insecure = insecure ?? PathPatternList.Empty;
        _private = privatePatterns ?? PathPatternList.Empty;
        _govcs = vcsPolicy ?? GoVcsPolicy.Default;
    }

    /// <summary>Creates a resolver configured as the go command would be: GOINSECURE, GOPRIVATE and GOVCS.</summary>
    /// <param name="environment">The Go settings (GOINSECURE, GOPRIVATE).</param>
    /// <param name="pages">Fetches go-get pages, or <see langword="null"/> to use the known hosting patterns only.</param>
    /// <param name="govcs">The GOVCS value (not part of <see cref="GoEnvironment"/>), or <see langword="null"/> for the default.</param>
    /// <returns>The resolver.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="environment"/> is <see langword="null"/>.</exception>
    /// <exception cref="GoVcsFormatException"><paramref name="govcs"/> is malformed.</exception>
    public static RepositoryRootResolver FromEnvironment(GoEnvironment environment, IGoGetPageSource? pages, string? govcs = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new RepositoryRootResolver(pages, environment.InsecurePatterns, environment.PrivatePatterns, GoVcsPolicy.Parse(govcs));
    }

    /// <inheritdoc/>
    public async ValueTask<RepositoryRoot> ResolveAsync(ModulePath path, CancellationToken cancellationToken = default)
    {
        var importPath = path.Value;
        var insecure = _insecure.Matches(importPath);
        if (TryKnownHost(importPath, out var known))
        {
            if (known.Vcs == "git" && known.RepositoryUrl.StartsWith(SchemelessMarker, StringComparison.Ordinal))
            {
                return await PingSchemesAsync(known, insecure, cancellationToken).ConfigureAwait(false);
            }

            return known;
        }

        if (_pages is null)
        {
            throw Unrecognized(importPath, SR.DirectGoGetNotConfigured);
        }

        var (page, imports) = await FetchImportsAsync(importPath, insecure, cancellationToken).ConfigureAwait(false);
        var match = GoImportMeta.Match(imports, importPath, out var error);
        if (match is null)
        {
            throw Unrecognized(importPath, error!.StartsWith("multiple", StringComparison.Ordinal)
                ? SRFormat.Format(SR.DirectParsePage, page.Url, error)
                : SRFormat.Format(SR.DirectNoGoImportTags, page.Url, error));
        }

        if (match.Prefix != importPath)
        {
            var (page2, imports2) = await FetchImportsAsync(match.Prefix, insecure, cancellationToken).ConfigureAwait(false);
            var second = GoImportMeta.Match(imports2, importPath, out _);
            if (second is null || !second.Equals(match))
            {
                throw Unrecognized(importPath, SRFormat.Format(SR.DirectGoImportDisagree, page.Url, page2.Url, match.Prefix));
            }
        }

        if (match.Subdirectory.Length != 0 && match.Subdirectory[0] is '/' or '-')
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectInvalidSubdirectory, page.Url, GoQuote.Quote(match.Subdirectory), match.Subdirectory[0] == '/' ? SR.DirectLeadingSlash : SR.DirectLeadingHyphen));
        }

        if (!Uri.TryCreate(match.RepositoryRoot, UriKind.Absolute, out var repoUrl) || repoUrl.Scheme.Length == 0)
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectRepoRootNoScheme, page.Url, GoQuote.Quote(match.RepositoryRoot)));
        }

        if (repoUrl.Scheme == "file")
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectRepoRootFileScheme, page.Url, GoQuote.Quote(match.RepositoryRoot)));
        }

        if (match.Vcs != "mod" && Array.IndexOf(VcsCommands, match.Vcs) < 0)
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectUnknownVcs, page.Url, GoQuote.Quote(match.Vcs)));
        }

        if (match.Vcs != "mod")
        {
            CheckGovcs(match.Prefix, match.Vcs);
            if (!insecure && repoUrl.Scheme is not ("https" or "ssh" or "git+ssh"))
            {
                throw Unrecognized(importPath, SRFormat.Format(SR.DirectInsecureUrl, match.RepositoryRoot, match.Prefix));
            }
        }

        return new RepositoryRoot(match.Prefix, match.Vcs, match.RepositoryRoot) { IsFromMetaTag = true, Subdirectory = match.Subdirectory };
    }

    private bool TryKnownHost(string importPath, out RepositoryRoot root)
    {
        foreach (var (prefix, pattern, vcs, noSuffix) in KnownHosts)
        {
            if (!CodeRepository.HasPathPrefix(importPath, prefix))
            {
                continue;
            }

            var m = pattern.Match(importPath);
            if (!m.Success)
            {
                throw Unrecognized(importPath, SRFormat.Format(SR.DirectInvalidImportPath, prefix, GoQuote.Quote(importPath)), prefixed: false);
            }

            var rootPath = m.Groups["root"].Value;
            var repo = "https://" + rootPath;
            if (noSuffix)
            {
                foreach (var cmd in VcsCommands)
                {
                    if (repo.EndsWith("." + cmd, StringComparison.Ordinal))
                    {
                        throw Unrecognized(importPath, SRFormat.Format(SR.DirectInvalidVcsSuffix, prefix), prefixed: false);
                    }
                }
            }

            CheckGovcs(rootPath, vcs);
            root = new RepositoryRoot(rootPath, vcs, repo);
            return true;
        }

        var suffix = VcsSuffix.Match(importPath);
        if (suffix.Success && suffix.Index == 0)
        {
            var vcs = suffix.Groups["vcs"].Value;
            var rootPath = suffix.Groups["root"].Value;
            CheckGovcs(rootPath, vcs);

            // The go command pings each scheme with the VCS tool (git only here) and falls back to the first scheme.
            var repo = suffix.Groups["repo"].Value;
            root = vcs == "git"
                ? new RepositoryRoot(rootPath, vcs, SchemelessMarker + repo)
                : new RepositoryRoot(rootPath, vcs, "https://" + repo); // the first scheme of hg, svn and fossil
            return true;
        }

        root = null!;
        return false;
    }

    private const string SchemelessMarker = "schemeless:";

    private static readonly string[] GitSchemes = ["git", "https", "http", "git+ssh", "ssh"];

    /// <summary>Gets the git executable used to probe URL schemes for paths like <c>host/repo.git</c>; by default <c>git</c> from PATH.</summary>
    public string GitExecutable { get; init; } = "git";

    /// <summary>Gets the time one scheme probe (<c>git ls-remote</c>) may take; the default is one minute.</summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromMinutes(1);

    private async Task<RepositoryRoot> PingSchemesAsync(RepositoryRoot candidate, bool insecure, CancellationToken cancellationToken)
    {
        var repo = candidate.RepositoryUrl[SchemelessMarker.Length..];
        var git = new GitProcess(GitExecutable, PingTimeout);
        var chosen = GitSchemes[0];
        foreach (var scheme in GitSchemes)
        {
            if (!insecure && !IsSecureGitScheme(scheme))
            {
                continue;
            }

            try
            {
                await git.RunAsync(null, ["ls-remote", scheme + "://" + repo], cancellationToken).ConfigureAwait(false);
                chosen = scheme;
                break;
            }
            catch (GitCommandException)
            {
                // Try the next scheme.
            }
        }

        return new RepositoryRoot(candidate.Root, candidate.Vcs, chosen + "://" + repo);
    }

    private static bool IsSecureGitScheme(string scheme)
    {
        var allow = Environment.GetEnvironmentVariable("GIT_ALLOW_PROTOCOL");
        if (!string.IsNullOrEmpty(allow))
        {
            return Array.IndexOf(allow.Split(':'), scheme) >= 0;
        }

        return scheme is "https" or "git+ssh" or "ssh";
    }

    private void CheckGovcs(string root, string vcs)
    {
        var isPrivate = PathPatternList.MatchPrefixPatterns(_private.Text, root);
        if (!_govcs.Allows(root, isPrivate, vcs))
        {
            throw new ModuleNotFoundException(GoVcsPolicy.DisallowedMessage(root, isPrivate, vcs));
        }

    }

    private async Task<(GoGetPage Page, IReadOnlyList<GoImport> Imports)> FetchImportsAsync(string importPath, bool insecure, CancellationToken cancellationToken)
    {
        var https = new Uri("https://" + importPath + "?go-get=1");
        GoGetPage page;
        try
        {
            page = await _pages!.GetAsync(https, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && insecure)
        {
            var http = new Uri("http://" + importPath + "?go-get=1");
            try
            {
                page = await _pages!.GetAsync(http, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex2) when (ex2 is not OperationCanceledException)
            {
                throw Unrecognized(importPath, SRFormat.Format(SR.DirectHttpHttpsFetch, ex2.Message), inner: ex2);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectHttpsFetch, ex.Message), inner: ex);
        }

        var imports = GoImportMeta.Parse(page.Body);
        if (imports.Count == 0 && (page.StatusCode < 200 || page.StatusCode > 299))
        {
            throw Unrecognized(importPath, SRFormat.Format(SR.DirectReadingStatus, page.Url, page.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), ReasonPhrase(page.StatusCode)));
        }

        return (page, imports);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        404 => "Not Found",
        410 => "Gone",
        401 => "Unauthorized",
        403 => "Forbidden",
        500 => "Internal Server Error",
        _ => string.Empty,
    };

    // The go command reports every failure to find the repository as "does not exist" (lookupDirect), so
    // a later GOPROXY entry may still be tried; as a direct-mode error it is still the one reported.
    // The reason may hold what a go-get page said (prefixes, repository URLs, the page's final URL): it is
    // made safe for a terminal here, where every such message is built.
    private static ModuleNotFoundException Unrecognized(string importPath, string reason, bool prefixed = true, Exception? inner = null) =>
        new(prefixed ? "unrecognized import path " + GoQuote.Quote(importPath) + ": " + ServerText.Sanitize(reason, keepLineBreaks: true) : ServerText.Sanitize(reason, keepLineBreaks: true), inner);
}
