using GoModules.Direct.Internal;

namespace GoModules.Tests.Direct;

/// <summary>
/// #13.11: git's output is read with a cap (a remote can make ls-remote list refs without end, and relay
/// messages on standard error without end); #14.7: every command on a bare mirror runs with GIT_DIR, so
/// <c>safe.bareRepository=explicit</c> (Go 1.27 does the same) does not stop direct mode.
/// </summary>
[TestFixture]
public sealed class GitBoundsTests
{
    private static string Script(TempDirectory dir, string name, string body)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("the fake git is a shell script");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Test]
    [CancelAfter(120_000)]
    public void EndlessStandardOutputIsCutAtTheLimit(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var git = new GitProcess(Script(dir, "git", "exec yes 0123456789abcdef0123456789abcdef01234567 refs/tags/v1.0.0"), TimeSpan.FromMinutes(1));
        var ex = Assert.ThrowsAsync<GitCommandException>(async () => await git.RunAsync(null, ["ls-remote", "-q", "origin"], cancellationToken, maxBytes: 1 << 20));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.OutputTooLarge, Is.True);
            Assert.That(ex.TimedOut, Is.False);
            Assert.That(ex.Message, Is.EqualTo("git ls-remote -q origin: output exceeds the limit of 1048576 bytes; git was stopped"));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public void LsRemoteThroughTheMirrorHasTheDefaultLimit(CancellationToken cancellationToken)
    {
        GitTestRepository.Isolate();
        using var dir = new TempDirectory();
        var real = GitOnPath();
        var fake = Script(dir, "git", $"for a in \"$@\"; do [ \"$a\" = ls-remote ] && exec yes 0123456789abcdef0123456789abcdef01234567 refs/tags/v1.0.0; done\nexec '{real}' \"$@\"");
        var repo = new GitRepository(new GitProcess(fake, TimeSpan.FromMinutes(1)), "https://example.invalid/r", Path.Combine(dir.Path, "mirror"));
        var ex = Assert.ThrowsAsync<GitCommandException>(async () => await repo.GetRefsAsync(cancellationToken));
        Assert.That(ex!.Message, Is.EqualTo($"git ls-remote -q origin: output exceeds the limit of {GitProcess.MaxOutputBytes} bytes; git was stopped"));
    }

    [Test]
    [CancelAfter(120_000)]
    public void EndlessStandardErrorIsCutAtTheLimit(CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var git = new GitProcess(Script(dir, "git", "exec yes 'remote: still here' >&2"), TimeSpan.FromMinutes(1));
        var ex = Assert.ThrowsAsync<GitCommandException>(async () => await git.RunAsync(null, ["fetch"], cancellationToken));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.OutputTooLarge, Is.True);
            Assert.That(ex.Message, Does.EndWith($"[standard error exceeds the limit of {GitProcess.MaxErrorChars} characters; git was stopped]"));
            Assert.That(ex.Stderr, Has.Length.LessThan(GitProcess.MaxErrorChars + 200));
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task MirrorCommandsWorkWithSafeBareRepositoryExplicit(CancellationToken cancellationToken)
    {
        GitTestRepository.Isolate();
        using var dir = new TempDirectory();
        var source = new GitTestRepository(dir.Path, "source");
        source.Write("go.mod", "module example.test/m\n");
        var commit = source.Commit("first", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        source.Tag("v1.0.0");

        // git as a user with safe.bareRepository=explicit in the global configuration runs it.
        var config = Path.Combine(dir.Path, "explicit.gitconfig");
        File.WriteAllText(config, "[safe]\n\tbareRepository = explicit\n");
        var git = Script(dir, "git-explicit", $"GIT_CONFIG_GLOBAL='{config}' GIT_CONFIG_NOSYSTEM=1 exec '{GitOnPath()}' \"$@\"");

        var repo = new GitRepository(new GitProcess(git, TimeSpan.FromMinutes(1)), source.Directory, Path.Combine(dir.Path, "mirror"));
        var refs = await repo.GetRefsAsync(cancellationToken);
        var stat = await repo.StatAsync("v1.0.0", cancellationToken);
        var goMod = await repo.ReadFileAsync(commit, "go.mod", 1 << 20, cancellationToken);
        using var tar = new MemoryStream();
        var size = await repo.ArchiveAsync(commit, string.Empty, tar, 1 << 20, cancellationToken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refs["refs/tags/v1.0.0"], Is.EqualTo(commit));
            Assert.That(stat.Name, Is.EqualTo(commit));
            Assert.That(System.Text.Encoding.UTF8.GetString(goMod!), Is.EqualTo("module example.test/m\n"));
            Assert.That(size, Is.GreaterThan(0));
            Assert.That(await repo.RecentTagAsync(commit, string.Empty, _ => true, cancellationToken), Is.EqualTo("v1.0.0"));
            Assert.That(await repo.DescendsFromAsync(commit, "v1.0.0", cancellationToken), Is.True);
        }
    }

    private static string GitOnPath()
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "git"))
            .First(File.Exists);
}
