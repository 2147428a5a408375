using System;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>The module's directory and go.mod at a version: <c>findDir</c> and <c>GoMod</c>.</summary>
internal sealed partial class CodeRepository
{
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

    /// <summary>Finds the commit and directory of a version and its go.mod, if any (Go's <c>findDir</c>).</summary>
    private async Task<(string Commit, string Dir, byte[]? GoMod)> FindDirAsync(string version, CancellationToken cancellationToken)
    {
        if (!SemVer.IsValid(version))
        {
            throw new ModuleFetchException(SRFormat.Format(SR.VersionSyntaxError, version));
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
                throw new ModuleFetchException(SRFormat.Format(SR.BothGoModsHaveMajor, _pathPrefix, file1, _pathMajor, rev));
            }

            if (found2)
            {
                return (commit, dir2, gomod2);
            }

            if (gomod2 is not null)
            {
                throw new ModuleFetchException(mpath2.Length == 0
                    ? SRFormat.Format(SR.MajorGoModMissingPath, _codeRoot, file2, rev)
                    : SRFormat.Format(SR.MajorGoModWrongPath, _codeRoot, file2, _pathMajor, GoQuote.Quote(mpath2), rev));
            }
        }

        if (found1)
        {
            return (commit, _codeDir, gomod1);
        }

        if (gomod1 is not null)
        {
            var suffix = file2 is null ? string.Empty : SRFormat.Format(SR.MajorGoModAbsent, _pathMajor);
            if (mpath1.Length == 0)
            {
                throw new ModuleFetchException(SRFormat.Format(SR.GoModMissingPath, file1, suffix, rev));
            }

            if (_pathMajor.Length != 0)
            {
                throw new ModuleFetchException(SRFormat.Format(SR.GoModWrongMajorPath, file1, _pathMajor, GoQuote.Quote(mpath1), suffix, rev));
            }

            if (!ModulePath.SplitPathVersion(mpath1).Ok)
            {
                throw new ModuleFetchException(SRFormat.Format(SR.GoModMalformedPath, file1, GoQuote.Quote(mpath1), suffix, rev));
            }

            throw new ModuleFetchException(SRFormat.Format(SR.GoModPostMajorPath, file1, SemVer.Major(version), GoQuote.Quote(mpath1), suffix, rev));
        }

        if (_codeDir.Length == 0 && (_pathMajor.Length == 0 || _pathMajor.StartsWith('.')))
        {
            return (commit, string.Empty, null);
        }

        if (file2 is not null)
        {
            throw new ModuleFetchException(SRFormat.Format(SR.MissingBothGoMods, _pathPrefix, _pathMajor, rev));
        }

        throw new ModuleFetchException(SRFormat.Format(SR.MissingGoMod, _pathPrefix, rev));
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
}
