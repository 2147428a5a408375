using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Fetching;
using GoModules.Zip;

namespace GoModules.Direct.Internal;

/// <summary>
/// One module inside one git repository (Go's <c>modfetch.codeRepo</c>): versions from tags, revisions
/// to versions and pseudo-versions, go.mod from the tree or synthesised, and the zip from the tree.
/// </summary>
/// <remarks>Errors: <see cref="ModuleNotFoundException"/> when something does not exist, <see cref="ModuleFetchException"/> otherwise, without the <c>path@version: </c> prefix.</remarks>
internal sealed class CodeRepository
{
    private const long MaxGoMod = 16 << 20;
    private const long MaxLicense = 16 << 20;
    private const long MaxZip = 500L << 20;

    private readonly GitRepository _git;
    private readonly string _url;
    private readonly string _modPath;
    private readonly string _codeRoot;
    private readonly string _codeDir;
    private readonly string _pathPrefix;
    private readonly string _pathMajor;
    private readonly string _pseudoMajor;
    private readonly string _tempDirectory;

    public CodeRepository(GitRepository git, string url, string codeRoot, string subdirectory, string modulePath, string tempDirectory)
    {
        _git = git;
        _url = url;
        _modPath = modulePath;
        _codeRoot = codeRoot;
        _tempDirectory = tempDirectory;
        if (!HasPathPrefix(modulePath, codeRoot))
        {
            throw new ModuleFetchException("mismatched repo: found " + codeRoot + " for " + modulePath);
        }

        var (prefix, major, ok) = ModulePath.SplitPathVersion(modulePath);
        if (!ok)
        {
            throw new ModuleFetchException("invalid module path " + GoModules.Kernel.GoQuote.Quote(modulePath));
        }

        if (codeRoot == modulePath)
        {
            prefix = modulePath;
        }

        _pathPrefix = prefix;
        _pathMajor = major;
        _pseudoMajor = ModulePath.PathMajorPrefix(major);
        _codeDir = string.Empty;
        if (codeRoot != modulePath)
        {
            if (!HasPathPrefix(prefix, codeRoot))
            {
                throw new ModuleFetchException("repository rooted at " + codeRoot + " cannot contain module " + modulePath);
            }

            _codeDir = prefix[codeRoot.Length..].Trim('/');
        }

        // A go-import tag's subdirectory (Go 1.25) holds the code for codeRoot: the module's directory is below it.
        if (subdirectory.Length != 0)
        {
            _codeDir = GoModules.Kernel.GoFilePath.Join(_codeDir, subdirectory, GoModules.Kernel.HostPlatform.Unix);
        }
    }

    /// <summary>Gets the module's directory within the repository (empty at the root).</summary>
    public string CodeDirectory => _codeDir;

    /// <summary>Lists the module's versions from the repository tags, with Go's <c>+incompatible</c> rules.</summary>
    public async Task<List<string>> VersionsAsync(CancellationToken cancellationToken)
    {
        if (_modPath.StartsWith("gopkg.in/", StringComparison.Ordinal) && _modPath.EndsWith("-unstable", StringComparison.Ordinal))
        {
            return [];
        }

        var p = _codeDir.Length == 0 ? string.Empty : _codeDir + "/";
        var (tags, _) = await Git(() => _git.GetTagsAsync(p, cancellationToken)).ConfigureAwait(false);
        var names = new List<string>(tags.Count);
        foreach (var t in tags)
        {
            names.Add(t.Key);
        }

        var (list, incompatible) = TagVersions.Classify(names, _codeDir, _pathMajor);
        if (incompatible.Count == 0 || _pathMajor.Length != 0)
        {
            return list;
        }

        if (list.Count > 0 && await HasGoModAsync(list[^1], cancellationToken).ConfigureAwait(false))
        {
            return list;
        }

        string lastMajor = string.Empty;
        var lastMajorHasGoMod = false;
        for (var i = 0; i < incompatible.Count; i++)
        {
            var v = incompatible[i];
            var major = SemVer.Major(v);
            if (major != lastMajor)
            {
                var j = i;
                while (j + 1 < incompatible.Count && SemVer.Major(incompatible[j + 1]) == major)
                {
                    j++;
                }

                lastMajor = major;
                lastMajorHasGoMod = await HasGoModAsync(incompatible[j], cancellationToken).ConfigureAwait(false);
            }

            if (!lastMajorHasGoMod)
            {
                list.Add(v + "+incompatible");
            }
        }

        return list;
    }

    private async Task<bool> HasGoModAsync(string version, CancellationToken cancellationToken)
    {
        var rev = RevToRev(version);
        GitRevision info;
        try
        {
            info = await Git(() => _git.StatAsync(rev, cancellationToken)).ConfigureAwait(false);
        }
        catch (UnknownRevisionException)
        {
            return false;
        }

        return await ReadFileAsync(info.Name, "go.mod", MaxGoMod, cancellationToken).ConfigureAwait(false) is not null;
    }

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
            throw new ModuleNotFoundException(SemVer.IsValid(rev) ? "invalid version: " + ex.Message : ex.Message, ex);
        }

        return await ConvertAsync(info, rev, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version of the default branch head (Go's <c>codeRepo.Latest</c>).</summary>
    public async Task<ModuleInfo> LatestAsync(CancellationToken cancellationToken)
    {
        var refs = await Git(() => _git.GetRefsAsync(cancellationToken)).ConfigureAwait(false);
        if (!refs.TryGetValue("HEAD", out var head))
        {
            throw new ModuleNotFoundException("no commits");
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

    private async Task<ModuleInfo> ConvertAsync(GitRevision info, string statVers, CancellationToken cancellationToken)
    {
        bool? rootOk = null;
        var majorOk = new Dictionary<string, bool>(StringComparer.Ordinal);

        async Task<bool> CanUseIncompatibleAsync(string v)
        {
            if (_codeDir.Length != 0 || _pathMajor.Length != 0)
            {
                return false;
            }

            rootOk ??= await ReadFileAsync(info.Name, "go.mod", MaxGoMod, cancellationToken).ConfigureAwait(false) is null;
            if (!rootOk.Value)
            {
                return false;
            }

            if (v.Length != 0 && !statVers.EndsWith("+incompatible", StringComparison.Ordinal))
            {
                var major = SemVer.Major(v);
                if (!majorOk.TryGetValue(major, out var ok))
                {
                    ok = await ReadFileAsync(info.Name, major + "/go.mod", MaxGoMod, cancellationToken).ConfigureAwait(false) is null;
                    majorOk[major] = ok;
                }

                return ok;
            }

            return true;
        }

        async Task<ModuleInfo> CheckCanonicalAsync(string v)
        {
            try
            {
                await FindDirAsync(v, cancellationToken).ConfigureAwait(false);
            }
            catch (ModuleFetchException ex)
            {
                throw new ModuleNotFoundException("invalid version: " + ex.Message, ex);
            }

            if (v == TrimIncompatible(statVers))
            {
                v = statVers;
            }

            var baseVersion = TrimIncompatible(v);
            string? incompatibleError = null;
            if (!ModulePath.MatchPathMajor(baseVersion, _pathMajor))
            {
                if (await CanUseIncompatibleAsync(baseVersion).ConfigureAwait(false))
                {
                    v = baseVersion + "+incompatible";
                }
                else if (_pathMajor.Length != 0)
                {
                    incompatibleError = "module path includes a major version suffix, so major version must match";
                }
                else
                {
                    incompatibleError = "module contains a go.mod file, so module path must match major version (\"" + _pathPrefix + "/" + SemVer.Major(v) + "\")";
                }
            }
            else if (v.EndsWith("+incompatible", StringComparison.Ordinal))
            {
                incompatibleError = "+incompatible suffix not allowed: major version " + SemVer.Major(v) + " is compatible";
            }

            if (statVers.Length != 0 && statVers == SemVer.CanonicalModuleVersion(statVers))
            {
                var statBase = TrimIncompatible(statVers);
                if (statBase != baseVersion)
                {
                    throw Invalid(statVers, "resolves to version " + v + " (" + statBase + " is not a tag)");
                }
            }

            if (incompatibleError is not null)
            {
                throw Invalid(v, incompatibleError);
            }

            string? tagPrefix = null, tagSum = null;
            if (PseudoVersion.IsPseudoVersion(v) && (v != statVers || !v.StartsWith("v0.0.0-", StringComparison.Ordinal)))
            {
                var prefix = _codeDir.Length == 0 ? string.Empty : _codeDir + "/";
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

        if (PseudoVersion.IsPseudoVersion(statVers))
        {
            await ValidatePseudoVersionAsync(info, statVers, cancellationToken).ConfigureAwait(false);
            return await CheckCanonicalAsync(statVers).ConfigureAwait(false);
        }

        var tagPrefixForDir = _codeDir.Length == 0 ? string.Empty : _codeDir + "/";
        var isRetracted = await RetractedAsync(cancellationToken).ConfigureAwait(false);
        var fromVcs = TagVersions.TagToVersion(info.Version, tagPrefixForDir, out var vcsCanonical);
        if (vcsCanonical)
        {
            try
            {
                return await CheckCanonicalAsync(fromVcs).ConfigureAwait(false);
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
            var v = TagVersions.TagToVersion(pathTag, tagPrefixForDir, out var isCanonical);
            if (statVers.Length != 0 && SemVer.Compare(v, statVers) == 0)
            {
                if (isCanonical)
                {
                    return await CheckCanonicalAsync(v).ConfigureAwait(false);
                }

                pseudoBase = v;
            }

            if (isCanonical && SemVer.Compare(highestCanonical, v) < 0 && !isRetracted(v))
            {
                if (ModulePath.MatchPathMajor(v, _pathMajor) || await CanUseIncompatibleAsync(v).ConfigureAwait(false))
                {
                    highestCanonical = v;
                }
            }
        }

        if (highestCanonical.Length != 0)
        {
            return await CheckCanonicalAsync(highestCanonical).ConfigureAwait(false);
        }

        if (pseudoBase.Length == 0)
        {
            pseudoBase = await RecentAllowedBaseAsync(info, tagPrefixForDir, CanUseIncompatibleAsync, isRetracted, cancellationToken).ConfigureAwait(false);
        }

        var pseudo = PseudoVersion.Create(_pseudoMajor, pseudoBase.Length == 0 ? null : pseudoBase, info.Time, info.Short);
        return await CheckCanonicalAsync(pseudo).ConfigureAwait(false);
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

    private async Task<string> RecentAllowedBaseAsync(GitRevision info, string tagPrefix, Func<string, Task<bool>> canUseIncompatible, Func<string, bool> isRetracted, CancellationToken cancellationToken)
    {
        // Precompute the decision per tag, then let git pick the highest merged tag that passes.
        var (tags, _) = await Git(() => _git.GetTagsAsync(tagPrefix, cancellationToken)).ConfigureAwait(false);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            var v = TagVersions.TagToVersion(t.Key, tagPrefix, out _);
            if (v.Length == 0)
            {
                continue;
            }

            if ((ModulePath.MatchPathMajor(v, _pathMajor) || await canUseIncompatible(v).ConfigureAwait(false)) && !isRetracted(v))
            {
                allowed.Add(t.Key);
            }
        }

        var tag = await Git(() => _git.RecentTagAsync(info.Name, tagPrefix, allowed.Contains, cancellationToken)).ConfigureAwait(false);
        return tag is null ? string.Empty : TagVersions.TagToVersion(tag, tagPrefix, out _);
    }

    private async Task ValidatePseudoVersionAsync(GitRevision info, string version, CancellationToken cancellationToken)
    {
        var rev = PseudoVersion.GetRevision(version);
        if (rev != info.Short)
        {
            var reason = rev.StartsWith(info.Short, StringComparison.Ordinal) ? "revision is longer than canonical (expected " + info.Short + ")"
                : info.Short.StartsWith(rev, StringComparison.Ordinal) ? "revision is shorter than canonical (expected " + info.Short + ")"
                : "does not match short name of revision (expected " + info.Short + ")";
            throw InvalidPseudo(version, reason);
        }

        var t = PseudoVersion.GetTime(version);
        if (t != info.Time)
        {
            throw InvalidPseudo(version, "does not match version-control timestamp (expected " + info.Time.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + ")");
        }

        var tagPrefix = _codeDir.Length == 0 ? string.Empty : _codeDir + "/";
        var baseVersion = PseudoVersion.GetBase(TrimIncompatible(version));
        if (baseVersion.Length == 0)
        {
            if (_pseudoMajor.Length == 0 && SemVer.Major(version) == "v1")
            {
                throw InvalidPseudo(version, "major version without preceding tag must be v0, not v1");
            }

            return;
        }

        foreach (var tag in info.Tags)
        {
            var versionOnly = tag.StartsWith(tagPrefix, StringComparison.Ordinal) ? tag[tagPrefix.Length..] : tag;
            if (versionOnly == baseVersion)
            {
                throw InvalidPseudo(version, "tag (" + tag + ") found on revision " + rev + " is already canonical, so should not be replaced with a pseudo-version derived from that tag");
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
            throw InvalidPseudo(version, "preceding tag (" + baseVersion + ") not found");
        }

        if (!found)
        {
            throw InvalidPseudo(version, "revision " + rev + " is not a descendent of preceding tag (" + lastTag + ")");
        }
    }

    /// <summary>Finds the commit and directory of a version and its go.mod, if any (Go's <c>findDir</c>).</summary>
    private async Task<(string Commit, string Dir, byte[]? GoMod)> FindDirAsync(string version, CancellationToken cancellationToken)
    {
        if (!SemVer.IsValid(version))
        {
            throw new ModuleFetchException("invalid version " + version + ": syntax error");
        }

        var rev = RevToRev(version);
        GitRevision info;
        try
        {
            info = await Git(() => _git.StatAsync(rev, cancellationToken)).ConfigureAwait(false);
        }
        catch (UnknownRevisionException ex)
        {
            throw new ModuleFetchException(ex.Message, ex);
        }

        var commit = info.Name;
        var file1 = JoinPath(_codeDir, "go.mod");
        var gomod1 = await ReadFileAsync(commit, file1, MaxGoMod, cancellationToken).ConfigureAwait(false);
        var mpath1 = gomod1 is null ? string.Empty : TagVersions.GoModModulePath(gomod1);
        var found1 = gomod1 is not null && (TagVersions.IsMajor(mpath1, _pathMajor) || (_pathMajor.Length == 0 && mpath1.StartsWith("gopkg.in/", StringComparison.Ordinal)));

        string? file2 = null;
        if (_pathMajor.Length != 0 && _codeRoot != _modPath && !_pathMajor.StartsWith('.'))
        {
            var dir2 = JoinPath(_codeDir, _pathMajor[1..]);
            file2 = JoinPath(dir2, "go.mod");
            var gomod2 = await ReadFileAsync(commit, file2, MaxGoMod, cancellationToken).ConfigureAwait(false);
            var mpath2 = gomod2 is null ? string.Empty : TagVersions.GoModModulePath(gomod2);
            var found2 = gomod2 is not null && TagVersions.IsMajor(mpath2, _pathMajor);
            if (found1 && found2)
            {
                throw new ModuleFetchException(_pathPrefix + "/" + file1 + " and ..." + _pathMajor + "/go.mod both have ..." + _pathMajor + " module paths at revision " + rev);
            }

            if (found2)
            {
                return (commit, dir2, gomod2);
            }

            if (gomod2 is not null)
            {
                throw new ModuleFetchException(mpath2.Length == 0
                    ? _codeRoot + "/" + file2 + " is missing module path at revision " + rev
                    : _codeRoot + "/" + file2 + " has non-..." + _pathMajor + " module path " + GoModules.Kernel.GoQuote.Quote(mpath2) + " at revision " + rev);
            }
        }

        if (found1)
        {
            return (commit, _codeDir, gomod1);
        }

        if (gomod1 is not null)
        {
            var suffix = file2 is null ? string.Empty : " (and ..." + _pathMajor + "/go.mod does not exist)";
            if (mpath1.Length == 0)
            {
                throw new ModuleFetchException(file1 + " is missing module path" + suffix + " at revision " + rev);
            }

            if (_pathMajor.Length != 0)
            {
                throw new ModuleFetchException(file1 + " has non-..." + _pathMajor + " module path " + GoModules.Kernel.GoQuote.Quote(mpath1) + suffix + " at revision " + rev);
            }

            if (!ModulePath.SplitPathVersion(mpath1).Ok)
            {
                throw new ModuleFetchException(file1 + " has malformed module path " + GoModules.Kernel.GoQuote.Quote(mpath1) + suffix + " at revision " + rev);
            }

            throw new ModuleFetchException(file1 + " has post-" + SemVer.Major(version) + " module path " + GoModules.Kernel.GoQuote.Quote(mpath1) + suffix + " at revision " + rev);
        }

        if (_codeDir.Length == 0 && (_pathMajor.Length == 0 || _pathMajor.StartsWith('.')))
        {
            return (commit, string.Empty, null);
        }

        if (file2 is not null)
        {
            throw new ModuleFetchException("missing " + _pathPrefix + "/go.mod and ..." + _pathMajor + "/go.mod at revision " + rev);
        }

        throw new ModuleFetchException("missing " + _pathPrefix + "/go.mod at revision " + rev);
    }

    /// <summary>The go.mod of a canonical version: from the tree, else synthesised (Go's <c>codeRepo.GoMod</c>).</summary>
    public async Task<byte[]> GoModAsync(string version, CancellationToken cancellationToken)
    {
        RequireCanonical(version);
        if (PseudoVersion.IsPseudoVersion(version))
        {
            await StatAsync(version, cancellationToken).ConfigureAwait(false);
        }

        var (_, _, gomod) = await FindDirNotFoundAsync(version, cancellationToken).ConfigureAwait(false);
        return gomod ?? TagVersions.LegacyGoMod(_modPath);
    }

    /// <summary>Writes the module zip of a canonical version (Go's <c>codeRepo.Zip</c>).</summary>
    public async Task ZipAsync(string version, Stream destination, CancellationToken cancellationToken)
    {
        RequireCanonical(version);
        if (PseudoVersion.IsPseudoVersion(version))
        {
            await StatAsync(version, cancellationToken).ConfigureAwait(false);
        }

        var (commit, subdir, _) = await FindDirNotFoundAsync(version, cancellationToken).ConfigureAwait(false);
        subdir = subdir.Trim('/');
        Directory.CreateDirectory(_tempDirectory);
        var work = Path.Combine(_tempDirectory, "zip-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var tarPath = Path.Combine(work, "archive.tar");
            long size;
            var tar = new FileStream(tarPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (tar.ConfigureAwait(false))
            {
                try
                {
                    size = await _git.ArchiveAsync(commit, subdir, tar, MaxZip, cancellationToken).ConfigureAwait(false);
                }
                catch (GitCommandException ex) when (ex.Stderr.Contains("did not match any files", StringComparison.Ordinal))
                {
                    throw new ModuleNotFoundException("file does not exist", ex);
                }
                catch (GitCommandException ex)
                {
                    throw new ModuleFetchException(ex.Message, ex);
                }
            }

            if (size > MaxZip)
            {
                throw new ModuleFetchException("downloaded zip file too large");
            }

            var files = new List<ModuleZipSourceFile>();
            var prefix = "prefix/" + (subdir.Length == 0 ? string.Empty : subdir + "/");
            var haveLicense = false;
            var index = 0;
            var tarStream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
            await using (tarStream.ConfigureAwait(false))
            {
                var reader = new TarReader(tarStream);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes)
                    {
                        continue;
                    }

                    var name = entry.Name;
                    if (!name.StartsWith("prefix/", StringComparison.Ordinal))
                    {
                        throw new ModuleFetchException("zip file contains more than one top-level directory");
                    }

                    if (!name.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    name = name[prefix.Length..];
                    if (name.Length == 0 || name.EndsWith('/') || entry.EntryType == TarEntryType.Directory)
                    {
                        continue;
                    }

                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        var local = Path.Combine(work, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        var output = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                        await using (output.ConfigureAwait(false))
                        {
                            if (entry.DataStream is { } data)
                            {
                                await data.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                            }
                        }

                        files.Add(new ModuleZipSourceFile(name, ModuleZipFileType.RegularFile, entry.Length, _ => ValueTask.FromResult<Stream>(File.OpenRead(local))));
                    }
                    else
                    {
                        files.Add(new ModuleZipSourceFile(name, ModuleZipFileType.Other, 0, null));
                    }

                    if (name == "LICENSE")
                    {
                        haveLicense = true;
                    }
                }
            }

            if (!haveLicense && subdir.Length != 0)
            {
                var license = await ReadFileAsync(commit, "LICENSE", MaxLicense, cancellationToken).ConfigureAwait(false);
                if (license is not null)
                {
                    files.Add(ModuleZipSourceFile.FromBytes("LICENSE", license));
                }
            }

            await ModuleZipWriter.CreateAsync(destination, _modPath, version, files, ModuleZipVendorRule.Automatic, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }

    private async Task<(string Commit, string Dir, byte[]? GoMod)> FindDirNotFoundAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return await FindDirAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (ModuleFetchException ex) when (ex.InnerException is UnknownRevisionException)
        {
            throw new ModuleNotFoundException(ex.Message, ex);
        }
    }

    private async Task<byte[]?> ReadFileAsync(string commit, string file, long max, CancellationToken cancellationToken)
    {
        try
        {
            return await _git.ReadFileAsync(commit, file, max, cancellationToken).ConfigureAwait(false);
        }
        catch (GitCommandException ex)
        {
            throw new ModuleFetchException(ex.Message, ex);
        }
    }

    private static async Task<T> Git<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (GitCommandException ex)
        {
            throw new ModuleFetchException(ex.Message, ModuleFetchFailure.Other, null, null, null, ex);
        }
    }

    private string RevToRev(string rev)
    {
        if (!SemVer.IsValid(rev))
        {
            return rev;
        }

        if (PseudoVersion.IsPseudoVersion(rev))
        {
            return PseudoVersion.GetRevision(rev);
        }

        rev = TrimIncompatible(rev);
        return _codeDir.Length == 0 ? rev : _codeDir + "/" + rev;
    }

    private static string TrimIncompatible(string v) =>
        v.EndsWith("+incompatible", StringComparison.Ordinal) ? v[..^"+incompatible".Length] : v;

    private static ModuleFetchException Invalid(string version, string reason) =>
        new("invalid version: " + reason, ModuleFetchFailure.InvalidVersion, null, null, null, null);

    private static ModuleFetchException InvalidPseudo(string version, string reason) =>
        new("invalid pseudo-version: " + reason, ModuleFetchFailure.InvalidVersion, null, null, null, null);

    private static void RequireCanonical(string version)
    {
        if (version != SemVer.CanonicalModuleVersion(version))
        {
            throw new ModuleFetchException("version " + version + " is not canonical");
        }
    }

    private static string JoinPath(string dir, string file) => dir.Length == 0 ? file : dir + "/" + file;

    internal static bool HasPathPrefix(string s, string prefix)
    {
        if (prefix.Length == 0 || s == prefix)
        {
            return true;
        }

        if (!s.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return prefix[^1] == '/' || (s.Length > prefix.Length && s[prefix.Length] == '/');
    }
}
