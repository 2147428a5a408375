using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>Revisions to versions: <c>Stat</c>, <c>Latest</c> and <c>convert</c> with its checks.</summary>
internal sealed partial class CodeRepository
{
    /// <summary>Resolves a revision or version to module metadata (Go's <c>codeRepo.Stat</c>).</summary>
    public async Task<ModuleInfo> StatAsync(string rev, CancellationToken cancellationToken)
    {
        if (rev == "latest")
        {
            return await LatestAsync(cancellationToken).ConfigureAwait(false);
        }

        GitRevision info;
        try
        {
            info = await Git(() => _git.StatAsync(RevToRev(rev), cancellationToken)).ConfigureAwait(false);
        }
        catch (UnknownRevisionException ex)
        {
            // The proxy protocol layer adds "invalid version: " itself for revisions that are not semantic versions.
            throw new ModuleNotFoundException(SemVer.IsValid(rev) ? SRFormat.Format(SR.InvalidVersionPrefixed, ex.Message) : ex.Message, ex);
        }

        return await ConvertAsync(info, rev, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version of the default branch head (Go's <c>codeRepo.Latest</c>).</summary>
    public async Task<ModuleInfo> LatestAsync(CancellationToken cancellationToken)
    {
        var refs = await Git(() => _git.GetRefsAsync(cancellationToken)).ConfigureAwait(false);
        if (!refs.TryGetValue("HEAD", out var head))
        {
            throw new ModuleNotFoundException(SR.NoCommits);
        }

        GitRevision info;
        try
        {
            info = await Git(() => _git.StatAsync(head, cancellationToken)).ConfigureAwait(false);
        }
        catch (UnknownRevisionException ex)
        {
            throw new ModuleNotFoundException(ex.Message, ex);
        }

        info = new GitRevision { Name = info.Name, Short = info.Short, Time = info.Time, Tags = info.Tags, Version = info.Version, Ref = "HEAD" };
        return await ConvertAsync(info, string.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns a resolved revision into the module's version for it (Go's <c>codeRepo.convert</c>): a pseudo-version
    /// asked for is validated; otherwise the tag git reported, a tag on the revision that matches the request, the
    /// highest usable tag on it, or else a pseudo-version over the most recent allowed tag below it.
    /// </summary>
    private async Task<ModuleInfo> ConvertAsync(GitRevision info, string statVers, CancellationToken cancellationToken)
    {
        var conversion = new Conversion(info, statVers);
        if (PseudoVersion.IsPseudoVersion(statVers))
        {
            await ValidatePseudoVersionAsync(info, statVers, cancellationToken).ConfigureAwait(false);
            return await CheckCanonicalAsync(conversion, statVers, cancellationToken).ConfigureAwait(false);
        }

        var isRetracted = await RetractedAsync(cancellationToken).ConfigureAwait(false);
        var fromVcs = TagToVersion(info.Version, out var vcsCanonical);
        if (vcsCanonical)
        {
            try
            {
                return await CheckCanonicalAsync(conversion, fromVcs, cancellationToken).ConfigureAwait(false);
            }
            catch (GoModuleException)
            {
                // Fall through to the other tags, as the go command does.
            }
        }

        string highestCanonical = string.Empty;
        string pseudoBase = string.Empty;
        foreach (var pathTag in info.Tags)
        {
            var v = TagToVersion(pathTag, out var isCanonical);
            if (statVers.Length != 0 && SemVer.Compare(v, statVers) == 0)
            {
                if (isCanonical)
                {
                    return await CheckCanonicalAsync(conversion, v, cancellationToken).ConfigureAwait(false);
                }

                pseudoBase = v;
            }

            if (isCanonical && SemVer.Compare(highestCanonical, v) < 0 && !isRetracted(v))
            {
                if (ModulePath.MatchPathMajor(v, _pathMajor) || await CanUseIncompatibleAsync(conversion, v, cancellationToken).ConfigureAwait(false))
                {
                    highestCanonical = v;
                }
            }
        }

        if (highestCanonical.Length != 0)
        {
            return await CheckCanonicalAsync(conversion, highestCanonical, cancellationToken).ConfigureAwait(false);
        }

        if (pseudoBase.Length == 0)
        {
            pseudoBase = await RecentAllowedBaseAsync(conversion, isRetracted, cancellationToken).ConfigureAwait(false);
        }

        var pseudo = PseudoVersion.Create(_pseudoMajor, pseudoBase.Length == 0 ? null : pseudoBase, info.Time, info.Short);
        return await CheckCanonicalAsync(conversion, pseudo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version a tag of this module's directory names, and whether it is canonical (Go's <c>tagToVersion</c>).</summary>
    private string TagToVersion(string tag, out bool isCanonical) => TagVersions.TagToVersion(tag, TagPrefix, out isCanonical);

    /// <summary>
    /// Whether <paramref name="v"/> may be served as <c>+incompatible</c> (Go's <c>canUseIncompatible</c>): only for a
    /// module at the repository root without a major suffix and without go.mod at the revision (nor in the major
    /// version's subdirectory, unless <c>+incompatible</c> was asked for).
    /// </summary>
    private async Task<bool> CanUseIncompatibleAsync(Conversion conversion, string v, CancellationToken cancellationToken)
    {
        if (_codeDir.Length != 0 || _pathMajor.Length != 0)
        {
            return false;
        }

        conversion.RootHasNoGoMod ??= await ReadFileAsync(conversion.Info.Name, "go.mod", MaxGoMod, cancellationToken).ConfigureAwait(false) is null;
        if (!conversion.RootHasNoGoMod.Value)
        {
            return false;
        }

        if (v.Length != 0 && !conversion.StatVersion.EndsWith("+incompatible", StringComparison.Ordinal))
        {
            var major = SemVer.Major(v);
            if (!conversion.MajorHasNoGoMod.TryGetValue(major, out var ok))
            {
                ok = await ReadFileAsync(conversion.Info.Name, major + "/go.mod", MaxGoMod, cancellationToken).ConfigureAwait(false) is null;
                conversion.MajorHasNoGoMod[major] = ok;
            }

            return ok;
        }

        return true;
    }

    /// <summary>
    /// Checks that <paramref name="v"/>, a canonical version for the revision, is one this module may have, and
    /// describes it with the revision's origin (Go's <c>checkCanonical</c>).
    /// </summary>
    private async Task<ModuleInfo> CheckCanonicalAsync(Conversion conversion, string v, CancellationToken cancellationToken)
    {
        var info = conversion.Info;
        var statVers = conversion.StatVersion;
        try
        {
            await FindDirAsync(v, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleFetchException ex)
        {
            throw new ModuleNotFoundException(SRFormat.Format(SR.InvalidVersionPrefixed, ex.Message), ex);
        }

        if (v == TrimIncompatible(statVers))
        {
            v = statVers;
        }

        var baseVersion = TrimIncompatible(v);
        string? incompatibleError = null;
        if (!ModulePath.MatchPathMajor(baseVersion, _pathMajor))
        {
            if (await CanUseIncompatibleAsync(conversion, baseVersion, cancellationToken).ConfigureAwait(false))
            {
                v = baseVersion + "+incompatible";
            }
            else if (_pathMajor.Length != 0)
            {
                incompatibleError = SR.MajorSuffixMustMatch;
            }
            else
            {
                incompatibleError = SRFormat.Format(SR.GoModRequiresMajorPath, _pathPrefix, SemVer.Major(v));
            }
        }
        else if (v.EndsWith("+incompatible", StringComparison.Ordinal))
        {
            incompatibleError = SRFormat.Format(SR.IncompatibleNotAllowed, SemVer.Major(v));
        }

        if (statVers.Length != 0 && statVers == SemVer.CanonicalModuleVersion(statVers))
        {
            var statBase = TrimIncompatible(statVers);
            if (statBase != baseVersion)
            {
                throw Invalid(statVers, SRFormat.Format(SR.ResolvesToOtherVersion, v, statBase));
            }
        }

        if (incompatibleError is not null)
        {
            throw Invalid(v, incompatibleError);
        }

        string? tagPrefix = null, tagSum = null;
        if (PseudoVersion.IsPseudoVersion(v) && (v != statVers || !v.StartsWith("v0.0.0-", StringComparison.Ordinal)))
        {
            var prefix = TagPrefix;
            if (_pathMajor.Length != 0)
            {
                prefix += _pathMajor[1..] + ".";
            }

            (_, tagSum) = await Git(() => _git.GetTagsAsync(prefix, cancellationToken)).ConfigureAwait(false);
            tagPrefix = prefix;
        }

        return new ModuleInfo(v, info.Time)
        {
            Name = info.Name,
            Short = info.Short,
            Origin = new ModuleOrigin
            {
                Vcs = "git",
                Url = _url,
                Subdir = _codeDir.Length == 0 ? null : _codeDir,
                Hash = info.Name,
                Ref = info.Ref,
                TagPrefix = string.IsNullOrEmpty(tagPrefix) ? null : tagPrefix,
                TagSum = tagSum,
            },
        };
    }

    /// <summary>
    /// The retractions declared in the go.mod of the module's highest release (else highest version), not
    /// counting +incompatible versions, as the go command applies them when choosing tags (Go's <c>retractedVersions</c>).
    /// </summary>
    private async Task<Func<string, bool>> RetractedAsync(CancellationToken cancellationToken)
    {
        List<string> versions;
        try
        {
            versions = await VersionsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GoModuleException)
        {
            return static _ => false;
        }

        while (versions.Count > 0 && versions[^1].EndsWith("+incompatible", StringComparison.Ordinal))
        {
            versions.RemoveAt(versions.Count - 1);
        }

        if (versions.Count == 0)
        {
            return static _ => false;
        }

        var highest = versions[^1];
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            if (SemVer.Prerelease(versions[i]).Length == 0)
            {
                highest = versions[i];
                break;
            }
        }

        byte[] data;
        try
        {
            (_, _, var gomod) = await FindDirAsync(highest, cancellationToken).ConfigureAwait(false);
            data = gomod ?? TagVersions.LegacyGoMod(_modPath);
        }
        catch (GoModuleException)
        {
            return static _ => false;
        }

        var retractions = TagVersions.Retractions(data);
        if (retractions.Count == 0)
        {
            return static _ => false;
        }

        return v =>
        {
            foreach (var (low, high) in retractions)
            {
                if (SemVer.Compare(low, v) <= 0 && SemVer.Compare(v, high) <= 0)
                {
                    return true;
                }
            }

            return false;
        };
    }

    /// <summary>The version of the most recent tag below the revision that this module may use as a pseudo-version's base.</summary>
    private async Task<string> RecentAllowedBaseAsync(Conversion conversion, Func<string, bool> isRetracted, CancellationToken cancellationToken)
    {
        var tagPrefix = TagPrefix;

        // Precompute the decision per tag, then let git pick the highest merged tag that passes.
        var (tags, _) = await Git(() => _git.GetTagsAsync(tagPrefix, cancellationToken)).ConfigureAwait(false);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            var v = TagToVersion(t.Key, out _);
            if (v.Length == 0)
            {
                continue;
            }

            if ((ModulePath.MatchPathMajor(v, _pathMajor) || await CanUseIncompatibleAsync(conversion, v, cancellationToken).ConfigureAwait(false)) && !isRetracted(v))
            {
                allowed.Add(t.Key);
            }
        }

        var tag = await Git(() => _git.RecentTagAsync(conversion.Info.Name, tagPrefix, allowed.Contains, cancellationToken)).ConfigureAwait(false);
        return tag is null ? string.Empty : TagToVersion(tag, out _);
    }

    /// <summary>Checks a pseudo-version asked for against the revision it names (Go's <c>validatePseudoVersion</c>).</summary>
    private async Task ValidatePseudoVersionAsync(GitRevision info, string version, CancellationToken cancellationToken)
    {
        var rev = PseudoVersion.GetRevision(version);
        if (rev != info.Short)
        {
            var reason = SRFormat.Format(
                rev.StartsWith(info.Short, StringComparison.Ordinal) ? SR.PseudoRevisionLonger
                : info.Short.StartsWith(rev, StringComparison.Ordinal) ? SR.PseudoRevisionShorter
                : SR.PseudoRevisionMismatch,
                info.Short);
            throw InvalidPseudo(version, reason);
        }

        var t = PseudoVersion.GetTime(version);
        if (t != info.Time)
        {
            throw InvalidPseudo(version, SRFormat.Format(SR.PseudoTimeMismatch, info.Time.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var tagPrefix = TagPrefix;
        var baseVersion = PseudoVersion.GetBase(TrimIncompatible(version));
        if (baseVersion.Length == 0)
        {
            if (_pseudoMajor.Length == 0 && SemVer.Major(version) == "v1")
            {
                throw InvalidPseudo(version, SR.PseudoMajorWithoutTag);
            }

            return;
        }

        foreach (var tag in info.Tags)
        {
            var versionOnly = tag.StartsWith(tagPrefix, StringComparison.Ordinal) ? tag[tagPrefix.Length..] : tag;
            if (versionOnly == baseVersion)
            {
                throw InvalidPseudo(version, SRFormat.Format(SR.PseudoTagAlreadyCanonical, tag, rev));
            }
        }

        var (tags, _) = await Git(() => _git.GetTagsAsync(tagPrefix + baseVersion, cancellationToken)).ConfigureAwait(false);
        string? lastTag = null;
        var found = false;
        foreach (var tag in tags)
        {
            var versionOnly = tag.Key[tagPrefix.Length..];
            if (SemVer.Compare(versionOnly, baseVersion) == 0)
            {
                lastTag = tag.Key;
                found = await Git(() => _git.DescendsFromAsync(info.Name, tag.Key, cancellationToken)).ConfigureAwait(false);
                if (found)
                {
                    break;
                }
            }
        }

        if (lastTag is null)
        {
            throw InvalidPseudo(version, SRFormat.Format(SR.PseudoPrecedingTagNotFound, baseVersion));
        }

        if (!found)
        {
            throw InvalidPseudo(version, SRFormat.Format(SR.PseudoNotDescendant, rev, lastTag));
        }
    }

    /// <summary>What one <see cref="ConvertAsync"/> learns as it goes: the revision, the version asked for, and the go.mod lookups it caches.</summary>
    private sealed class Conversion(GitRevision info, string statVersion)
    {
        public GitRevision Info { get; } = info;

        public string StatVersion { get; } = statVersion;

        /// <summary>Whether the revision has no go.mod at the repository root, once looked up.</summary>
        public bool? RootHasNoGoMod { get; set; }

        /// <summary>Per major version (v2, v3, ...): whether the revision has no go.mod in that subdirectory.</summary>
        public Dictionary<string, bool> MajorHasNoGoMod { get; } = new(StringComparer.Ordinal);
    }
}
