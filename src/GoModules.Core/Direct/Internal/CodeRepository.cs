using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>
/// One module inside one git repository (Go's <c>modfetch.codeRepo</c>): versions from tags, revisions
/// to versions and pseudo-versions, go.mod from the tree or synthesised, and the zip from the tree.
/// </summary>
/// <remarks>
/// Split along Go's seams: this file holds the repository's shape (paths, versions from tags, helpers);
/// <c>CodeRepository.Stat.cs</c> resolves revisions (<c>Stat</c>, <c>Latest</c>, <c>convert</c> with
/// <c>checkCanonical</c> and <c>tagToVersion</c>), <c>CodeRepository.GoMod.cs</c> finds the module's directory and
/// go.mod (<c>findDir</c>, <c>GoMod</c>), and <c>CodeRepository.Zip.cs</c> builds the zip (<c>Zip</c>).
/// </remarks>
/// <remarks>Errors: <see cref="ModuleNotFoundException"/> when something does not exist, <see cref="ModuleFetchException"/> otherwise, without the <c>path@version: </c> prefix.</remarks>
internal sealed partial class CodeRepository
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
            throw new ModuleFetchException(SRFormat.Format(SR.MismatchedRepository, codeRoot, modulePath));
        }

        var (prefix, major, ok) = ModulePath.SplitPathVersion(modulePath);
        if (!ok)
        {
            throw new ModuleFetchException(SRFormat.Format(SR.InvalidModulePathQuoted, GoQuote.Quote(modulePath)));
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
                throw new ModuleFetchException(SRFormat.Format(SR.RepositoryCannotContainModule, codeRoot, modulePath));
            }

            _codeDir = prefix[codeRoot.Length..].Trim('/');
        }

        // A go-import tag's subdirectory (Go 1.25) holds the code for codeRoot: the module's directory is below it.
        if (subdirectory.Length != 0)
        {
            _codeDir = GoFilePath.Join(_codeDir, subdirectory, HostPlatform.Unix);
        }
    }

    /// <summary>Gets the module's directory within the repository (empty at the root).</summary>
    public string CodeDirectory => _codeDir;

    /// <summary>The prefix of this module's tags: its directory and a slash, or nothing at the root.</summary>
    private string TagPrefix => _codeDir.Length == 0 ? string.Empty : _codeDir + "/";

    /// <summary>Lists the module's versions from the repository tags, with Go's <c>+incompatible</c> rules.</summary>
    public async Task<List<string>> VersionsAsync(CancellationToken cancellationToken)
    {
        if (_modPath.StartsWith("gopkg.in/", StringComparison.Ordinal) && _modPath.EndsWith("-unstable", StringComparison.Ordinal))
        {
            return [];
        }

        var p = TagPrefix;
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
        new(SRFormat.Format(SR.InvalidVersionPrefixed, reason), ModuleFetchFailure.InvalidVersion, null, null, null, null);

    private static ModuleFetchException InvalidPseudo(string version, string reason) =>
        new(SRFormat.Format(SR.InvalidPseudoVersionPrefixed, reason), ModuleFetchFailure.InvalidVersion, null, null, null, null);

    private static void RequireCanonical(string version)
    {
        if (version != SemVer.CanonicalModuleVersion(version))
        {
            throw new ModuleFetchException(SRFormat.Format(SR.VersionNotCanonical, version));
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
