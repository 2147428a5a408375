using GoModules.Http.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoModules.Http.Tests.Http;

/// <summary>
/// A GOAUTH command that is still running when its caller gives up (cancellation, a deadline) is killed together
/// with the processes it started: nothing keeps running after the request is over.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[CancelAfter(60_000)]
public sealed class GoAuthProcessCancellationTests
{
    [Test]
    public async Task ACancelledGoAuthCommand_AndItsChildren_AreKilled()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("uses sh");
        }

        var root = Directory.CreateTempSubdirectory("gomodules-goauth-kill-").FullName;
        try
        {
            // The command records its own pid and that of a child it starts, then waits for the child.
            var script = Path.Combine(root, "auth.sh");
            var pids = Path.Combine(root, "pids");
            File.WriteAllText(script, "sleep 300 &\nchild=$!\necho \"$$ $child\" > '" + pids + ".tmp'\nmv '" + pids + ".tmp' '" + pids + "'\nwait\n");
            var credentials = new HttpCredentials("sh " + script, null, NullLogger.Instance);

            using var cancel = new CancellationTokenSource();
            const string url = "https://127.0.0.1/example.com/m/@v/list";
            var lookup = credentials.GetAsync(new Uri(url), url, cancel.Token).AsTask();
            var recorded = await WaitForAsync(() => File.Exists(pids), TimeSpan.FromSeconds(30));
            Assert.That(recorded, Is.True, "the GOAUTH command started");
            var ids = File.ReadAllText(pids).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
            Assert.That(ids, Has.Length.EqualTo(2));
            Assert.That(ids.All(IsRunning), Is.True, "both processes run before the cancellation");

            await cancel.CancelAsync();
            Assert.That(async () => await lookup, Throws.InstanceOf<OperationCanceledException>());

            var gone = await WaitForAsync(() => !ids.Any(IsRunning), TimeSpan.FromSeconds(20));
            Assert.That(gone, Is.True, "the command (pid " + ids[0] + ") and its child (pid " + ids[1] + ") are gone");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Whether a process exists and is not a zombie (a killed orphan may wait for a reaper that never comes).</summary>
    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText("/proc/" + pid + "/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart();
                return state.Length > 0 && state[0] is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
