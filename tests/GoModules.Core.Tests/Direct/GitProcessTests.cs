using System.Diagnostics;
using GoModules.Direct.Internal;

namespace GoModules.Tests.Direct;

[TestFixture]
public sealed class GitProcessTests
{
    private static readonly string[] SleepArgs = ["-c", "alias.nap=!sleep 30", "nap"];

    [Test]
    public void CancellationKillsTheProcess()
    {
        GitTestRepository.Isolate();
        var git = new GitProcess("git", TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var sw = Stopwatch.StartNew();
        Assert.CatchAsync<OperationCanceledException>(async () => await git.RunAsync(null, SleepArgs, cts.Token));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void TimeoutKillsTheProcessAndSaysSo()
    {
        GitTestRepository.Isolate();
        var git = new GitProcess("git", TimeSpan.FromMilliseconds(300));
        var sw = Stopwatch.StartNew();
        var ex = Assert.ThrowsAsync<GitCommandException>(async () => await git.RunAsync(null, SleepArgs, CancellationToken.None));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.TimedOut, Is.True);
            Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        }
    }

    [Test]
    public void FailureCarriesStderr()
    {
        GitTestRepository.Isolate();
        var git = new GitProcess("git", TimeSpan.FromMinutes(1));
        var ex = Assert.ThrowsAsync<GitCommandException>(async () => await git.RunAsync(Path.GetTempPath(), ["rev-parse", "--verify", "no-such-ref-xyz"], CancellationToken.None));
        Assert.That(ex!.ExitCode, Is.Not.Zero);
    }

    [Test]
    public void MissingExecutableIsAGitCommandException()
    {
        var git = new GitProcess("/nonexistent/git-binary", TimeSpan.FromMinutes(1));
        Assert.ThrowsAsync<GitCommandException>(async () => await git.RunAsync(null, ["version"], CancellationToken.None));
    }
}
