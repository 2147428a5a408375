using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using GoModules.Kernel;

namespace GoModules.Direct.Internal;

/// <summary>
/// A git repository reached through a local bare mirror (Go's <c>codehost.gitRepo</c>): the remote's
/// refs come from <c>git ls-remote</c>, and its branches and tags are fetched into the mirror once,
/// on first use. Commands run in the mirror directory with <c>GIT_DIR</c> set to it (except <c>git init --bare</c>,
/// which creates it), as the go command does, so that <c>safe.bareRepository=explicit</c> setups work; the user's
/// git configuration applies.
/// </summary>
internal sealed class GitRepository
{
    private const int MinHashDigits = 7;

    private readonly GitProcess _git;
    private readonly SingleFlight<bool, Dictionary<string, string>> _load = new();

    private long _loadedAt;

    public GitRepository(GitProcess git, string remote, string mirrorDirectory, TimeSpan refreshInterval = default)
    {
        RefreshInterval = refreshInterval;
        _git = git;
        Remote = remote;
        Directory = mirrorDirectory;
    }

    /// <summary>Gets how long loaded refs are trusted before the remote is asked again; zero or negative for never.</summary>
    public TimeSpan RefreshInterval { get; }

    /// <summary>Gets the remote URL or local path.</summary>
    public string Remote { get; }

    /// <summary>Gets the bare mirror directory.</summary>
    public string Directory { get; }

    /// <summary>Loads the remote refs (HEAD, branches, tags with annotated tags peeled) and fetches them, once.</summary>
    /// <remarks>
    /// Concurrent callers share one load, which runs until the last of them gives up (then git is stopped); a failed
    /// or abandoned load is forgotten, and a successful one is trusted for <see cref="RefreshInterval"/>.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, string>> GetRefsAsync(CancellationToken cancellationToken)
    {
        if (RefreshInterval > TimeSpan.Zero &&
            Environment.TickCount64 - Interlocked.Read(ref _loadedAt) > (long)RefreshInterval.TotalMilliseconds)
        {
            _load.ForgetCompleted(true);
        }

        return await _load.RunAsync(true, (_, ct) => LoadAsync(ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, string>> LoadAsync(CancellationToken cancellationToken)
    {
        using var held = await MirrorLock.AcquireAsync(Directory, cancellationToken).ConfigureAwait(false);
        await InitAsync(cancellationToken).ConfigureAwait(false);
        var output = await _git.RunAsync(Directory, ["ls-remote", "-q", "origin"], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
        var refs = ParseLsRemote(Encoding.UTF8.GetString(output));
        if (refs.Count != 0)
        {
            await _git.RunAsync(Directory, ["fetch", "-f", "origin", "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _loadedAt, Environment.TickCount64);
        return refs;
    }

    /// <summary>Parses <c>git ls-remote</c> output as Go does: HEAD, branches and tags, annotated tags replaced by their commits.</summary>
    internal static Dictionary<string, string> ParseLsRemote(string text)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var peeled = new List<KeyValuePair<string, string>>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var tab = line.IndexOfAny([' ', '\t']);
            if (tab <= 0)
            {
                continue;
            }

            var hash = line[..tab];
            var name = line[(tab + 1)..].Trim();
            if (name.Length == 0 || name.IndexOfAny([' ', '\t']) >= 0)
            {
                continue;
            }

            if (name == "HEAD" || name.StartsWith("refs/heads/", StringComparison.Ordinal) || name.StartsWith("refs/tags/", StringComparison.Ordinal))
            {
                if (name.EndsWith("^{}", StringComparison.Ordinal))
                {
                    peeled.Add(new(name[..^3], hash));
                }
                else
                {
                    refs[name] = hash;
                }
            }
        }

        foreach (var p in peeled)
        {
            refs[p.Key] = p.Value;
        }

        return refs;
    }

    /// <summary>Lists the tags with a prefix, sorted by name, with Go's Origin tag checksum.</summary>
    public async Task<(List<KeyValuePair<string, string>> Tags, string TagSum)> GetTagsAsync(string prefix, CancellationToken cancellationToken)
    {
        var refs = await GetRefsAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (name, hash) in refs)
        {
            if (name.StartsWith("refs/tags/", StringComparison.Ordinal))
            {
                var tag = name["refs/tags/".Length..];
                if (tag.StartsWith(prefix, StringComparison.Ordinal))
                {
                    list.Add(new(tag, hash));
                }
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var dir = prefix[..(prefix.LastIndexOf('/') + 1)];
        var sb = new StringBuilder();
        foreach (var (tag, hash) in list)
        {
            if (TagVersions.IsOriginTag(tag[dir.Length..]))
            {
                sb.Append(GoModules.Kernel.GoQuote.Quote(tag)).Append(' ').Append(hash).Append('\n');
            }
        }

        var sum = "t1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        return (list, sum);
    }

    /// <summary>Resolves a revision (tag, branch, HEAD or hash prefix) to a commit, as Go's <c>gitRepo.stat</c> does.</summary>
    /// <exception cref="UnknownRevisionException">The revision does not exist.</exception>
    public async Task<GitRevision> StatAsync(string rev, CancellationToken cancellationToken)
    {
        var refs = await GetRefsAsync(cancellationToken).ConfigureAwait(false);
        string? reference = null;
        var lookup = rev;
        if (refs.TryGetValue("refs/tags/" + rev, out var tagHash))
        {
            reference = "refs/tags/" + rev;
            lookup = tagHash;
        }
        else if (refs.TryGetValue("refs/heads/" + rev, out var headHash))
        {
            reference = "refs/heads/" + rev;
            lookup = headHash;
        }
        else if (rev == "HEAD" && refs.TryGetValue("HEAD", out var head))
        {
            reference = "HEAD";
            lookup = head;
        }
        else if (rev.Length >= MinHashDigits && rev.Length <= 40 && IsHex(rev))
        {
            string? hash = null;
            foreach (var (name, h) in refs)
            {
                if (h.StartsWith(rev, StringComparison.Ordinal))
                {
                    if (hash is not null && hash != h)
                    {
                        throw new UnknownRevisionException(rev, "ambiguous revision " + rev);
                    }

                    if (reference is null || string.CompareOrdinal(reference, name) > 0)
                    {
                        reference = name;
                    }

                    hash = h;
                }
            }

            lookup = hash ?? rev;
        }
        else
        {
            throw new UnknownRevisionException(rev, "unknown revision " + rev);
        }

        var info = await StatLocalAsync(rev, lookup, cancellationToken).ConfigureAwait(false);
        if (reference is not null && reference != info.Name)
        {
            return new GitRevision { Name = info.Name, Short = info.Short, Time = info.Time, Tags = info.Tags, Version = info.Version, Ref = reference };
        }

        return info;
    }

    private async Task<GitRevision> StatLocalAsync(string version, string rev, CancellationToken cancellationToken)
    {
        byte[] output;
        try
        {
            output = await _git.RunAsync(Directory, ["-c", "log.showsignature=false", "log", "--no-decorate", "-n1", "--format=format:%H %ct %D", rev, "--"], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
        }
        catch (GitCommandException ex) when (!ex.TimedOut)
        {
            throw new UnknownRevisionException(version, "unknown revision " + version, ex);
        }

        var text = Encoding.UTF8.GetString(output);
        var fields = text.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new GitCommandException("git log", 0, "unexpected response from git log: " + GoModules.Kernel.GoQuote.Quote(text), null);
        }

        var hash = fields[0];
        if (hash.StartsWith(version, StringComparison.Ordinal))
        {
            version = hash;
        }

        var tags = new List<string>();
        for (var i = 2; i < fields.Length; i++)
        {
            if (fields[i] == "tag:" && i + 1 < fields.Length)
            {
                i++;
                tags.Add(fields[i].TrimEnd(','));
            }
        }

        tags.Sort(StringComparer.Ordinal);
        var resolved = hash;
        foreach (var t in tags)
        {
            if (t == version)
            {
                resolved = version;
            }
        }

        return new GitRevision
        {
            Name = hash,
            Short = hash.Length == 40 && IsHex(hash) ? hash[..12] : hash,
            Time = DateTimeOffset.FromUnixTimeSeconds(seconds),
            Tags = tags,
            Version = resolved,
            Ref = hash.StartsWith(rev, StringComparison.Ordinal) ? null : rev,
        };
    }

    /// <summary>Reads a file at a commit, or returns <see langword="null"/> when it does not exist.</summary>
    public async Task<byte[]?> ReadFileAsync(string commit, string file, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            var n = await _git.RunToAsync(Directory, ["cat-file", "blob", commit + ":" + file], buffer, maxBytes, cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
            if (n > maxBytes)
            {
                throw new GitCommandException("git cat-file", 0, file + " is too large", null);
            }
        }
        catch (GitCommandException ex) when (!ex.TimedOut && ex.ExitCode > 0)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>Returns the highest allowed tag with the prefix that is an ancestor of the commit, or <see langword="null"/>.</summary>
    public async Task<string?> RecentTagAsync(string commit, string prefix, Func<string, bool> allowed, CancellationToken cancellationToken)
    {
        await GetRefsAsync(cancellationToken).ConfigureAwait(false);
        var output = await _git.RunAsync(Directory, ["for-each-ref", "--format", "%(refname)", "refs/tags", "--merged", commit], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
        string highest = string.Empty;
        foreach (var raw in Encoding.UTF8.GetString(output).Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("refs/tags/", StringComparison.Ordinal))
            {
                continue;
            }

            line = line["refs/tags/".Length..];
            if (!line.StartsWith(prefix, StringComparison.Ordinal) || !allowed(line))
            {
                continue;
            }

            var semtag = line[prefix.Length..];
            if (SemVer.Compare(semtag, highest) > 0)
            {
                highest = semtag;
            }
        }

        return highest.Length == 0 ? null : prefix + highest;
    }

    /// <summary>Reports whether <paramref name="tag"/> is an ancestor of <paramref name="commit"/>.</summary>
    public async Task<bool> DescendsFromAsync(string commit, string tag, CancellationToken cancellationToken)
    {
        try
        {
            await _git.RunAsync(Directory, ["merge-base", "--is-ancestor", "--", tag, commit], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
            return true;
        }
        catch (GitCommandException ex) when (ex.ExitCode == 1)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes a tar archive of the commit (or of one subdirectory) with every path under <c>prefix/</c>,
    /// with export-subst and export-ignore disabled and line endings untouched, as the go command asks git.
    /// </summary>
    public async Task<long> ArchiveAsync(string commit, string subdir, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using (await MirrorLock.AcquireAsync(Directory, cancellationToken).ConfigureAwait(false))
        {
            await EnsureGitAttributesAsync(cancellationToken).ConfigureAwait(false);
        }

        var args = new List<string> { "-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=tar", "--prefix=prefix/", commit };
        if (subdir.Length != 0)
        {
            args.Add("--");
            args.Add(subdir);
        }

        return await _git.RunToAsync(Directory, args, destination, maxBytes, cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
    }

    private async Task EnsureGitAttributesAsync(CancellationToken cancellationToken)
    {
        const string Attributes = "\n* -export-subst -export-ignore\n";
        var dir = Path.Combine(Directory, "info");
        System.IO.Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "attributes");
        var existing = File.Exists(file) ? await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false) : string.Empty;
        if (!existing.EndsWith(Attributes, StringComparison.Ordinal))
        {
            await File.AppendAllTextAsync(file, Attributes, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InitAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(Path.Combine(Directory, "objects")))
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            await _git.RunAsync(Directory, ["init", "--bare"], cancellationToken, gitDirectory: null).ConfigureAwait(false);
            await _git.RunAsync(Directory, ["remote", "add", "origin", "--", Remote], cancellationToken, gitDirectory: Directory).ConfigureAwait(false);
        }
        catch
        {
            // A mirror without its remote (an init that failed or was cancelled half-way) would be taken as ready
            // next time: remove it, as the go command does.
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    internal static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return s.Length != 0;
    }
}
